// HTTP to an API server with node:http(s). Everything a request needs is plain data (TransportOptions),
// so that a worker thread (the synchronous `lookup`) can talk to the same cluster with a copy of it.
import http from 'node:http';
import https from 'node:https';
import { KubeError, statusError, type ObjectRef } from './errors.js';

export interface TransportOptions {
  /** The cluster's name in error messages. */
  cluster: string;
  /** https://host:port, possibly with a path prefix. */
  server: string;
  caPem?: string;
  certPem?: string;
  keyPem?: string;
  insecureSkipTLSVerify?: boolean;
  tlsServerName?: string;
  /** Static headers sent with every request (authorization resolved by the connection). */
  headers?: Record<string, string>;
  /** Default limit of one request, connection included (ms). */
  timeoutMs?: number;
}

export interface RequestSpec {
  method: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: string;
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** The object concerned, named in errors. */
  object?: ObjectRef;
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

const agents = new Map<string, http.Agent>();

function agentFor(options: TransportOptions): http.Agent {
  const key = JSON.stringify([options.server, options.caPem, options.certPem, options.keyPem, options.insecureSkipTLSVerify, options.tlsServerName]);
  let agent = agents.get(key);
  if (!agent) {
    agent = options.server.startsWith('https:')
      ? new https.Agent({
          keepAlive: true,
          ca: options.caPem,
          cert: options.certPem,
          key: options.keyPem,
          rejectUnauthorized: !options.insecureSkipTLSVerify,
          servername: options.tlsServerName,
        })
      : new http.Agent({ keepAlive: true });
    agents.set(key, agent);
  }
  return agent;
}

export function buildUrl(server: string, path: string, query?: RequestSpec['query']): URL {
  const base = server.endsWith('/') ? server.slice(0, -1) : server;
  const url = new URL(base + path);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
]);

function transportError(options: TransportOptions, err: Error & { code?: string }, object?: ObjectRef): KubeError {
  if (err instanceof KubeError) return err;
  if (err.code && TLS_CODES.has(err.code)) {
    return new KubeError(options.cluster, `TLS handshake with ${options.server} failed: ${err.message}`, 'TLS', undefined, object);
  }
  return new KubeError(options.cluster, `cannot reach ${options.server}: ${err.message}`, 'Unreachable', undefined, object);
}

/**
 * Sends one request and resolves with the status and body text, whatever the status. Network and
 * TLS failures, and requests that outlive their timeout, reject with a KubeError naming the cluster.
 */
export function rawRequest(options: TransportOptions, spec: RequestSpec): Promise<RawResponse> {
  const url = buildUrl(options.server, spec.path, spec.query);
  const timeoutMs = spec.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers: Record<string, string> = { Accept: spec.accept ?? 'application/json', 'User-Agent': 'capstan', ...options.headers, ...spec.headers };
  if (spec.body !== undefined) {
    headers['Content-Type'] = spec.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(spec.body));
  }
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | undefined, res?: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
      if (err) reject(transportError(options, err, spec.object));
      else resolve(res!);
    };
    const req = lib.request(url, { method: spec.method, headers, agent: agentFor(options) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        finish(undefined, { status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', (e) => finish(e));
    });
    const timer = setTimeout(() => {
      const e = new KubeError(options.cluster, `${spec.method} ${url.pathname} timed out after ${timeoutMs / 1000}s (server ${options.server})`, 'Timeout', undefined, spec.object);
      req.destroy(e);
      finish(e);
    }, timeoutMs);
    const onAbort = () => {
      const e = new KubeError(options.cluster, `${spec.method} ${url.pathname} was cancelled`, 'Cancelled', undefined, spec.object);
      req.destroy(e);
      finish(e);
    };
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => finish(e));
    if (spec.body !== undefined) req.write(spec.body);
    req.end();
  });
}

/** Sends a request and parses the JSON answer; a non-2xx answer rejects with the server's Status. */
export async function requestJson<T = unknown>(options: TransportOptions, spec: RequestSpec): Promise<T> {
  const res = await rawRequest(options, spec);
  let body: unknown = undefined;
  // Some endpoints (the /openapi/v3 index) send JSON labelled text/plain: the body decides.
  if (res.text !== '' && (res.contentType.includes('json') || /^\s*[[{]/.test(res.text))) {
    try {
      body = JSON.parse(res.text);
    } catch {
      body = undefined;
    }
  }
  if (res.status < 200 || res.status > 299) throw statusError(options.cluster, res.status, body, res.text, spec.object);
  if (body === undefined) {
    throw new KubeError(options.cluster, `${spec.method} ${spec.path}: expected JSON, got ${res.contentType || 'no content type'}`, 'BadResponse', res.status, spec.object);
  }
  return body as T;
}

/**
 * Streams a long-running GET (watch): calls onLine for each newline-delimited JSON line until the
 * server closes the stream, the signal aborts, or timeoutMs passes. Resolves when the stream ends.
 */
export function streamLines(options: TransportOptions, spec: RequestSpec, onLine: (line: string) => void): Promise<void> {
  const url = buildUrl(options.server, spec.path, spec.query);
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': 'capstan', ...options.headers, ...spec.headers };
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      if (err) reject(transportError(options, err, spec.object));
      else resolve();
    };
    const req = lib.request(url, { method: 'GET', headers, agent: agentFor(options) }, (res) => {
      if ((res.statusCode ?? 0) >= 300) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          finish(statusError(options.cluster, res.statusCode ?? 0, body, text, spec.object));
        });
        return;
      }
      let pending = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          if (line.trim() !== '') onLine(line);
        }
      });
      res.on('end', () => finish());
      res.on('error', (e) => finish(e));
    });
    const timer = spec.timeoutMs ? setTimeout(() => finish(), spec.timeoutMs) : undefined;
    const onAbort = () => finish();
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => finish(e));
    req.end();
  });
}
