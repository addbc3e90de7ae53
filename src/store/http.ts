// The store over HTTP, as a Helm chart repository (GET index.yaml and the archives, so `helm repo
// add` and `helm install` work against it) plus a small JSON API to list, upload and delete charts
// (upload and delete only when enabled). A (req, res) handler with node:http semantics that a
// server mounts, under `prefix`, or that `capstan serve` runs alone.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { indexYaml } from './index-yaml.js';
import { StoreError, type ChartStore, type StoredChart } from './store.js';

export interface StoreHandlerOptions {
  /** The path the handler is mounted at, e.g. `/charts` (default: the root). */
  prefix?: string;
  /** Absolute base URL for chart URLs in index.yaml; relative URLs otherwise. */
  baseUrl?: string;
  /** Accept POST /api/charts and DELETE /api/charts/NAME/VERSION. */
  allowWrite?: boolean;
}

export type StoreHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, head: boolean): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) });
  res.end(head ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, value: unknown, head = false): void {
  send(res, status, 'application/json', JSON.stringify(value) + '\n', head);
}

function summary(c: StoredChart): Record<string, unknown> {
  return { name: c.name, version: c.version, file: c.file, digest: c.digest, size: c.size, created: c.created, appVersion: c.metadata.appVersion, description: c.metadata.description };
}

/** Reads a request body up to `limit` bytes; more is refused without reading it all. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new StoreError(`chart archive of ${declared} bytes is larger than the upload limit of ${limit} bytes`, 413));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new StoreError(`chart archive is larger than the upload limit of ${limit} bytes`, 413));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function storeHandler(store: ChartStore, options: StoreHandlerOptions = {}): StoreHandler {
  const prefix = (options.prefix ?? '').replace(/\/+$/, '');
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://store.invalid');
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    if (!url.pathname.startsWith(prefix + '/')) return sendJson(res, 404, { error: 'not found' }, head);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname.slice(prefix.length + 1));
    } catch {
      return sendJson(res, 400, { error: 'malformed path' }, head);
    }
    try {
      if (path === 'index.yaml' || path === '') {
        if (method !== 'GET' && !head) return sendJson(res, 405, { error: `method ${method} not allowed` });
        if (path === '') return send(res, 200, 'text/plain; charset=utf-8', 'Capstan chart store: add it with `helm repo add NAME URL`\n', head);
        return send(res, 200, 'application/x-yaml', indexYaml(await store.list(), { baseUrl: options.baseUrl }), head);
      }
      if (path === 'api/charts') {
        if (method === 'GET' || head) return sendJson(res, 200, (await store.list()).map(summary), head);
        if (method !== 'POST') return sendJson(res, 405, { error: `method ${method} not allowed` });
        if (!options.allowWrite) return sendJson(res, 403, { error: 'uploads are disabled on this store' });
        const body = await readBody(req, store.maxUploadBytes);
        const force = ['1', 'true'].includes(url.searchParams.get('force') ?? '');
        return sendJson(res, 201, summary(await store.upload(body, { force })));
      }
      const api = /^api\/charts\/([^/]+)\/([^/]+)$/.exec(path);
      if (api) {
        const found = await store.find(api[1], api[2]);
        if (method === 'GET' || head) return found ? sendJson(res, 200, summary(found), head) : sendJson(res, 404, { error: 'chart not found' }, head);
        if (method !== 'DELETE') return sendJson(res, 405, { error: `method ${method} not allowed` });
        if (!options.allowWrite) return sendJson(res, 403, { error: 'deletes are disabled on this store' });
        return (await store.delete(api[1], api[2])) ? sendJson(res, 200, { deleted: `${api[1]}-${api[2]}` }) : sendJson(res, 404, { error: 'chart not found' });
      }
      if (!path.includes('/') && (path.endsWith('.tgz') || path.endsWith('.tgz.prov'))) {
        if (method !== 'GET' && !head) return sendJson(res, 405, { error: `method ${method} not allowed` });
        const bytes = await store.readFile(path);
        if (!bytes) return sendJson(res, 404, { error: 'not found' }, head);
        return send(res, 200, path.endsWith('.prov') ? 'application/pgp-signature' : 'application/gzip', bytes, head);
      }
      return sendJson(res, 404, { error: 'not found' }, head);
    } catch (err) {
      if (err instanceof StoreError) return sendJson(res, err.status, { error: err.message }, head);
      return sendJson(res, 500, { error: 'internal error' }, head);
    }
  };
}
