// Fetching from chart repositories (helm's HTTP getter): TLS options, basic auth that stays on the
// repository's host unless passing credentials is allowed, redirects, a size limit, and Go's error texts.
import { readFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { STATUS_CODES } from 'node:http';
import { GoError } from '../gotemplate/value.js';

export interface FetchOptions {
  username?: string;
  password?: string;
  certFile?: string;
  keyFile?: string;
  caFile?: string;
  insecureSkipTlsVerify?: boolean;
  /** Send credentials to hosts other than the first URL's (helm's --pass-credentials). */
  passCredentialsAll?: boolean;
  timeoutMs?: number;
  /** Largest body accepted, in bytes. */
  maxBytes?: number;
}

export const DEFAULT_MAX_INDEX_BYTES = 256 * 1024 * 1024;
export const DEFAULT_MAX_CHART_BYTES = 100 * 1024 * 1024;
const MAX_REDIRECTS = 10;

interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

async function tlsMaterial(o: FetchOptions): Promise<TlsMaterial> {
  const read = async (path: string | undefined, what: string): Promise<Buffer | undefined> => {
    if (!path) return undefined;
    try {
      return await readFile(path);
    } catch (err) {
      throw new GoError(`can't create TLS config for client: failed to read ${what} file ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
    }
  };
  return { ca: await read(o.caFile, 'CA'), cert: await read(o.certFile, 'certificate'), key: await read(o.keyFile, 'key') };
}

/** Go's net/http client error text for a failed request (`Get "url": ...`). */
function transportError(url: string, err: NodeJS.ErrnoException): GoError {
  const u = new URL(url);
  const hostPort = `${u.hostname.replace(/^\[|\]$/g, '')}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  let reason: string;
  switch (err.code) {
    case 'ECONNREFUSED':
      reason = `dial tcp ${hostPort}: connect: connection refused`;
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      reason = `dial tcp: lookup ${u.hostname}: no such host`;
      break;
    case 'ETIMEDOUT':
      reason = 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
      break;
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      reason = 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
      break;
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      reason = `tls: failed to verify certificate: x509: certificate is valid for other names, not ${u.hostname}`;
      break;
    case 'CERT_HAS_EXPIRED':
      reason = 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
      break;
    default:
      reason = err.message;
  }
  const e = new GoError(`Get ${JSON.stringify(url)}: ${reason}`);
  e.cause = err;
  return e;
}

function basicAuth(o: FetchOptions): string | undefined {
  if (!o.username && !o.password) return undefined;
  return 'Basic ' + Buffer.from(`${o.username ?? ''}:${o.password ?? ''}`).toString('base64');
}

/** GETs `url` and returns the body; a status other than 200 fails with helm's text. */
export async function fetchBytes(url: string, options: FetchOptions = {}): Promise<Buffer> {
  const tls = await tlsMaterial(options);
  const firstHost = new URL(url).host;
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const target = new URL(current);
    const auth = options.passCredentialsAll || target.host === firstHost ? basicAuth(options) : undefined;
    const res = await send(current, auth, tls, options);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      current = new URL(res.headers.location, current).toString();
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new GoError(`failed to fetch ${current} : ${status} ${res.statusMessage || STATUS_CODES[status] || ''}`);
    }
    return readBody(res, current, options.maxBytes ?? DEFAULT_MAX_CHART_BYTES);
  }
  throw new GoError(`Get ${JSON.stringify(current)}: stopped after ${MAX_REDIRECTS} redirects`);
}

function send(url: string, auth: string | undefined, tls: TlsMaterial, o: FetchOptions): Promise<IncomingMessage> {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return Promise.reject(new GoError(`scheme "${u.protocol.slice(0, -1)}" not supported`));
  const headers: Record<string, string> = { 'User-Agent': 'Capstan', Accept: '*/*' };
  if (auth) headers.Authorization = auth;
  return new Promise((resolve, reject) => {
    const common = { headers, timeout: o.timeoutMs ?? 120_000 };
    const req =
      u.protocol === 'https:'
        ? httpsRequest(u, { ...common, ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: !o.insecureSkipTlsVerify, agent: false })
        : httpRequest(u, { ...common, agent: false });
    req.on('response', resolve);
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => reject(err instanceof GoError ? err : transportError(url, err)));
    req.end();
  });
}

function readBody(res: IncomingMessage, url: string, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy();
        reject(new GoError(`response from ${url} is larger than the limit of ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', (err: NodeJS.ErrnoException) => reject(transportError(url, err)));
  });
}
