// HTTP(S) to untrusted servers (chart repositories, OCI registries and their token services): TLS
// options, a bound on the response size, a timeout, redirects that keep credentials on their host,
// and Go's net/http texts for failures, because helm users know those texts.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';

export interface TlsOptions {
  /** Accept any server certificate (helm's --insecure-skip-tls-verify). */
  insecureSkipVerify?: boolean;
  /** PEM CA bundle to verify the server with (helm's --ca-file). */
  ca?: string | Buffer;
  /** PEM client certificate and key (helm's --cert-file / --key-file). */
  cert?: string | Buffer;
  key?: string | Buffer;
}

/** TLS settings as helm's flags give them: file names. */
export interface TlsFiles {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipTlsVerify?: boolean;
}

/** Basic credentials and TLS files, as helm's chart-fetching flags give them. */
export interface ConnectionOptions extends TlsFiles {
  username?: string;
  password?: string;
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  body?: Uint8Array;
  tls?: TlsOptions;
  /** Larger responses are refused: the server is untrusted. */
  maxBytes: number;
  timeoutMs?: number;
  /** Follow redirects of GET and HEAD, as Go's client does (at most 10). */
  followRedirects?: boolean;
  /** Keep the Authorization header when a redirect leaves the first URL's host (helm's --pass-credentials). */
  authorizationToAllHosts?: boolean;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Where the response came from, after redirects. */
  url: URL;
}

export class TransportError extends Error {}

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Reads the files helm's TLS flags name, failing with helm's text. */
export async function loadTlsOptions(files: TlsFiles): Promise<TlsOptions> {
  const read = async (path: string | undefined, what: string): Promise<Buffer | undefined> => {
    if (!path) return undefined;
    try {
      return await readFile(path);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message;
      throw new TransportError(`can't create TLS config for client: failed to read ${what} file ${path}: ${reason}`);
    }
  };
  return {
    insecureSkipVerify: files.insecureSkipTlsVerify,
    ca: await read(files.caFile, 'CA'),
    cert: await read(files.certFile, 'certificate'),
    key: await read(files.keyFile, 'key'),
  };
}

/** The URL for messages: a password in it shows as `***`, as Go's client shows it. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return String(url).replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
  }
  if (!parsed.password) return typeof url === 'string' ? url : url.href;
  const redacted = new URL(parsed.href);
  redacted.password = '***';
  return redacted.href.replace('%2A%2A%2A@', '***@');
}

/** Go's url.Error prefix: `Get "url"` (the method with only its first letter upper-case). */
function goUrlErrorPrefix(method: string, url: URL): string {
  return `${method.charAt(0)}${method.slice(1).toLowerCase()} "${redactUrl(url)}"`;
}

function certificateReason(err: NodeJS.ErrnoException, url: URL): string | undefined {
  switch (err.code) {
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'x509: certificate signed by unknown authority';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `x509: certificate is valid for other names, not ${url.hostname}`;
    case 'CERT_HAS_EXPIRED':
      return 'x509: certificate has expired or is not yet valid';
  }
  return err.code?.startsWith('ERR_TLS') || err.code?.includes('CERT') ? err.message : undefined;
}

function networkReason(err: NodeJS.ErrnoException, url: URL): string {
  const hostPort = `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${hostPort}: connect: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${url.hostname}: no such host`;
    case 'ETIMEDOUT':
      return 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
    case 'ECONNRESET':
      return 'connection reset by peer';
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return 'http: server gave HTTP response to HTTPS client';
  }
  const certificate = certificateReason(err, url);
  return certificate === undefined ? err.message : `tls: failed to verify certificate: ${certificate}`;
}

function networkError(method: string, url: URL, err: NodeJS.ErrnoException): TransportError {
  const e = new TransportError(`${goUrlErrorPrefix(method, url)}: ${networkReason(err, url)}`);
  e.cause = err;
  return e;
}

/** One request and its whole (bounded) response; redirects are followed when asked. */
export async function send(req: HttpRequest): Promise<HttpResponse> {
  let target = req.url;
  for (let hop = 0; ; hop++) {
    const headers = { ...req.headers };
    if (target.host !== req.url.host && !req.authorizationToAllHosts) {
      for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
    }
    const res = await sendOnce({ ...req, url: target, headers });
    const location = res.headers.location;
    if (!req.followRedirects || !REDIRECT_STATUSES.has(res.status) || !location || (req.method !== 'GET' && req.method !== 'HEAD')) return res;
    target = new URL(location, target);
    if (hop + 1 >= MAX_REDIRECTS) throw new TransportError(`${goUrlErrorPrefix(req.method, target)}: stopped after ${MAX_REDIRECTS} redirects`);
  }
}

function sendOnce(req: HttpRequest): Promise<HttpResponse> {
  const { url } = req;
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') {
    return Promise.reject(new TransportError(`${goUrlErrorPrefix(req.method, url)}: unsupported protocol scheme "${url.protocol.slice(0, -1)}"`));
  }
  const options: https.RequestOptions = {
    method: req.method,
    headers: { ...req.headers, ...(req.body ? { 'content-length': String(req.body.length) } : {}) },
    timeout: req.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    agent: false,
  };
  if (secure && req.tls) {
    if (req.tls.insecureSkipVerify) options.rejectUnauthorized = false;
    if (req.tls.ca) options.ca = req.tls.ca;
    if (req.tls.cert) options.cert = req.tls.cert;
    if (req.tls.key) options.key = req.tls.key;
  }
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxBytes) {
          res.destroy();
          reject(new TransportError(`${goUrlErrorPrefix(req.method, url)}: response is larger than the limit of ${req.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks), url }));
      res.on('error', (err) => reject(networkError(req.method, url, err)));
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    request.on('error', (err) => reject(networkError(req.method, url, err)));
    request.end(req.body);
  });
}
