// One HTTP exchange with a registry (or its token service): node:http(s) with TLS options, a bound
// on the response size, a timeout, and Go's texts for network failures (helm users know them).
import http from 'node:http';
import https from 'node:https';

export interface TlsOptions {
  /** Accept any server certificate (helm's --insecure-skip-tls-verify). */
  insecureSkipVerify?: boolean;
  /** PEM CA bundle to verify the server with (helm's --ca-file). */
  ca?: string;
  /** PEM client certificate and key (helm's --cert-file / --key-file). */
  cert?: string;
  key?: string;
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  body?: Uint8Array;
  tls?: TlsOptions;
  /** Larger responses are refused: a registry is untrusted. */
  maxBytes: number;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export class TransportError extends Error {}

const DEFAULT_TIMEOUT_MS = 60_000;

/** Go's http method casing in client errors: `Get "url": ...`. */
function goMethod(method: string): string {
  return method.charAt(0) + method.slice(1).toLowerCase();
}

function networkError(req: HttpRequest, err: NodeJS.ErrnoException): TransportError {
  const where = `${goMethod(req.method)} "${req.url.href}"`;
  const hostPort = `${req.url.hostname}:${req.url.port || (req.url.protocol === 'https:' ? '443' : '80')}`;
  let reason: string;
  switch (err.code) {
    case 'ECONNREFUSED':
      reason = `dial tcp ${hostPort}: connect: connection refused`;
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      reason = `dial tcp: lookup ${req.url.hostname}: no such host`;
      break;
    case 'ETIMEDOUT':
      reason = `dial tcp ${hostPort}: i/o timeout`;
      break;
    case 'ECONNRESET':
      reason = 'connection reset by peer';
      break;
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      reason = 'http: server gave HTTP response to HTTPS client';
      break;
    default:
      reason = err.code?.startsWith('ERR_TLS') || err.code?.includes('CERT') ? `tls: failed to verify certificate: ${err.message}` : err.message;
  }
  const e = new TransportError(`${where}: ${reason}`);
  e.cause = err;
  return e;
}

export function send(req: HttpRequest): Promise<HttpResponse> {
  const secure = req.url.protocol === 'https:';
  const options: https.RequestOptions = {
    method: req.method,
    headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) },
    timeout: req.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  if (secure && req.tls) {
    if (req.tls.insecureSkipVerify) options.rejectUnauthorized = false;
    if (req.tls.ca) options.ca = req.tls.ca;
    if (req.tls.cert) options.cert = req.tls.cert;
    if (req.tls.key) options.key = req.tls.key;
  }
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(req.url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxBytes) {
          res.destroy();
          reject(new TransportError(`${goMethod(req.method)} "${req.url.href}": response is larger than the limit of ${req.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (err) => reject(networkError(req, err)));
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    request.on('error', (err) => reject(networkError(req, err)));
    request.end(req.body);
  });
}
