// Fetching from chart repositories (helm's HTTP getter): basic auth that stays on the repository's
// host unless passing credentials is allowed, a size limit, and helm's text for a failed status.
import { STATUS_CODES } from 'node:http';
import { GoError } from '../gotemplate/value.js';
import { loadTlsOptions, redactUrl, send, type ConnectionOptions } from '../net/http.js';

export interface FetchOptions extends ConnectionOptions {
  /** Send credentials to hosts other than the first URL's (helm's --pass-credentials). */
  passCredentialsAll?: boolean;
  timeoutMs?: number;
  /** Largest body accepted, in bytes. */
  maxBytes?: number;
}

export const DEFAULT_MAX_INDEX_BYTES = 256 * 1024 * 1024;
export const DEFAULT_MAX_CHART_BYTES = 100 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 120_000;

function basicAuth(o: FetchOptions): string | undefined {
  if (!o.username && !o.password) return undefined;
  return 'Basic ' + Buffer.from(`${o.username ?? ''}:${o.password ?? ''}`).toString('base64');
}

/** GETs `url` and returns the body; a status other than 200 fails with helm's text. */
export async function fetchBytes(url: string, options: FetchOptions = {}): Promise<Buffer> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new GoError(`scheme "${target.protocol.slice(0, -1)}" not supported`);
  const headers: Record<string, string> = { 'User-Agent': 'Capstan', Accept: '*/*' };
  const auth = basicAuth(options);
  if (auth) headers.Authorization = auth;
  const res = await send({
    method: 'GET',
    url: target,
    headers,
    tls: await loadTlsOptions(options),
    maxBytes: options.maxBytes ?? DEFAULT_MAX_CHART_BYTES,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    followRedirects: true,
    authorizationToAllHosts: options.passCredentialsAll,
  });
  if (res.status !== 200) {
    const where = redactUrl(res.url.href === target.href ? url : res.url);
    throw new GoError(`failed to fetch ${where} : ${res.status} ${res.statusText || STATUS_CODES[res.status] || ''}`);
  }
  return res.body;
}
