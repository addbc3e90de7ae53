// The OCI distribution API, as much as charts need: manifests, blobs, uploads and tag listing, with
// basic and bearer-token (WWW-Authenticate challenge) authentication and digest verification of
// everything read. Registries are untrusted: sizes are bounded and every digest is checked.
import { createHash } from 'node:crypto';
import { parseChallenge, type Challenge } from './challenge.js';
import type { Credential, CredentialSource } from './credentials.js';
import { send, type HttpResponse, type TlsOptions } from '../net/http.js';

export interface RegistryClientOptions {
  credentials?: CredentialSource;
  /** Talk http:// instead of https:// (helm's --plain-http). */
  plainHttp?: boolean;
  tls?: TlsOptions;
  userAgent?: string;
  /** Largest manifest, config or token response read (4 MiB, as oras). */
  maxManifestBytes?: number;
  /** Largest blob read (the compressed chart archive; 100 MiB). */
  maxBlobBytes?: number;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

export interface FetchedManifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
}

/** A failed registry operation; `status` is the HTTP status when the registry answered. */
export class RegistryError extends Error {
  status?: number;
}

export class DigestMismatchError extends RegistryError {}

const DEFAULT_MAX_MANIFEST = 4 * 1024 * 1024;
const DEFAULT_MAX_BLOB = 100 * 1024 * 1024;

export function sha256Digest(bytes: Uint8Array): string {
  return 'sha256:' + createHash('sha256').update(bytes).digest('hex');
}

/** Checks bytes against the digest (and size) they were asked for. */
export function verifyDigest(bytes: Uint8Array, expected: string, what: string, size?: number): void {
  if (size !== undefined && bytes.length !== size) {
    throw new DigestMismatchError(`${what}: size mismatch: expected ${size} bytes, got ${bytes.length}`);
  }
  if (!expected.startsWith('sha256:')) throw new DigestMismatchError(`${what}: unsupported digest algorithm in ${expected}`);
  const actual = sha256Digest(bytes);
  if (actual !== expected) throw new DigestMismatchError(`${what}: digest mismatch: expected ${expected}, got ${actual}`);
}

interface Exchange {
  method: string;
  path: string;
  /** The token scope the request needs, e.g. `repository:charts/nginx:pull`. */
  scope?: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
  maxBytes: number;
  /** Statuses that are answers rather than failures (404 for an existence check). */
  accept?: number[];
}

function goMethod(method: string): string {
  return method.toUpperCase();
}

function basicHeader(c: Credential): string {
  return 'Basic ' + Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64');
}

/** oras' text of an error response: `response status code 404: name unknown: repository ...`. */
function statusText(res: HttpResponse): string {
  let detail: string;
  try {
    const parsed = JSON.parse(res.body.toString('utf8')) as { errors?: { code?: string; message?: string }[] };
    const errors = (parsed.errors ?? []).map((e) => `${String(e.code ?? '').toLowerCase().replaceAll('_', ' ')}: ${e.message ?? ''}`);
    detail = errors.join('; ');
  } catch {
    detail = '';
  }
  return `response status code ${res.status}: ${detail || res.statusText}`;
}

export class RegistryClient {
  private readonly tokens = new Map<string, string>();
  private readonly basicHosts = new Set<string>();
  readonly plainHttp: boolean;

  constructor(readonly options: RegistryClientOptions = {}) {
    this.plainHttp = options.plainHttp ?? false;
  }

  private get maxManifest(): number {
    return this.options.maxManifestBytes ?? DEFAULT_MAX_MANIFEST;
  }

  get maxBlob(): number {
    return this.options.maxBlobBytes ?? DEFAULT_MAX_BLOB;
  }

  baseUrl(registry: string): string {
    return `${this.plainHttp ? 'http' : 'https'}://${registry}`;
  }

  private async credential(registry: string): Promise<Credential | undefined> {
    return this.options.credentials?.get(registry);
  }

  private baseHeaders(): Record<string, string> {
    return { 'user-agent': this.options.userAgent ?? 'capstan' };
  }

  /** One request with authentication: answers a 401 challenge once, then fails. */
  private async exchange(registry: string, ex: Exchange, override?: Credential): Promise<HttpResponse> {
    const url = new URL(this.baseUrl(registry) + ex.path);
    const tokenKey = `${registry} ${ex.scope ?? ''}`;
    const auth = async (): Promise<string | undefined> => {
      const token = this.tokens.get(tokenKey);
      if (token) return `Bearer ${token}`;
      if (this.basicHosts.has(registry)) {
        const c = override ?? (await this.credential(registry));
        return c ? basicHeader(c) : undefined;
      }
      return undefined;
    };
    let res = await this.sendFollowing(url, ex, await auth());
    if (res.status === 401) {
      const challenge = parseChallenge(headerValue(res.headers['www-authenticate']));
      if (challenge?.scheme === 'basic') {
        const c = override ?? (await this.credential(registry));
        if (!c) throw this.failure(ex.method, url, 'basic credential not found', 401);
        this.basicHosts.add(registry);
        res = await this.sendFollowing(url, ex, basicHeader(c));
      } else if (challenge?.scheme === 'bearer') {
        let token: string;
        try {
          token = await this.fetchToken(challenge, ex.scope, override ?? (await this.credential(registry)));
        } catch (err) {
          const e = this.failure(ex.method, url, (err as Error).message, (err as RegistryError).status);
          e.cause = err;
          throw e;
        }
        this.tokens.set(tokenKey, token);
        res = await this.sendFollowing(url, ex, `Bearer ${token}`);
      }
    }
    if ((res.status >= 200 && res.status < 300) || ex.accept?.includes(res.status)) return res;
    throw this.failure(ex.method, url, statusText(res), res.status);
  }

  private failure(method: string, url: URL, reason: string, status?: number): RegistryError {
    const e = new RegistryError(`${goMethod(method)} "${url.href}": ${reason}`);
    e.status = status;
    return e;
  }

  /** Sends, following redirects (blob stores); authorization goes only to the registry's own host. */
  private sendFollowing(url: URL, ex: Exchange, authorization: string | undefined): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...this.baseHeaders(), ...ex.headers };
    if (authorization) headers.authorization = authorization;
    return send({ method: ex.method, url, headers, body: ex.body, tls: this.options.tls, maxBytes: ex.maxBytes, followRedirects: true });
  }

  /** The token service's answer to a bearer challenge, asked with the user's basic credentials. */
  private async fetchToken(challenge: Challenge, scope: string | undefined, credential: Credential | undefined): Promise<string> {
    const realm = challenge.params.realm;
    if (!realm) throw new RegistryError('bearer challenge without a realm');
    const url = new URL(realm);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    const scopes = new Set([challenge.params.scope, scope].filter((s): s is string => !!s));
    for (const s of scopes) url.searchParams.append('scope', s);
    const headers: Record<string, string> = { ...this.baseHeaders() };
    if (credential) headers.authorization = basicHeader(credential);
    const res = await send({ method: 'GET', url, headers, tls: this.options.tls, maxBytes: this.maxManifest });
    if (res.status < 200 || res.status >= 300) throw this.failure('GET', url, statusText(res), res.status);
    let parsed: { token?: unknown; access_token?: unknown };
    try {
      parsed = JSON.parse(res.body.toString('utf8')) as typeof parsed;
    } catch {
      throw this.failure('GET', url, 'the token service answered something that is not JSON');
    }
    const token = typeof parsed.token === 'string' && parsed.token ? parsed.token : parsed.access_token;
    if (typeof token !== 'string' || token === '') throw this.failure('GET', url, 'the token service answered no token');
    return token;
  }

  /** Checks credentials against the registry (`/v2/`, through its challenge), as `registry login` does. */
  async checkLogin(registry: string, credential: Credential): Promise<void> {
    // A fresh exchange: cached tokens or hosts must not vouch for new credentials.
    const probe = new RegistryClient({ ...this.options, credentials: undefined });
    try {
      await probe.exchange(registry, { method: 'GET', path: '/v2/', maxBytes: this.maxManifest }, credential);
    } catch (err) {
      const e = new RegistryError(`authenticating to "${registry}": ${(err as Error).message}`);
      e.status = (err as RegistryError).status;
      e.cause = err;
      throw e;
    }
  }

  /** GET a manifest by tag or digest; its digest is verified (against the digest asked for, or the one the registry reports). */
  async fetchManifest(registry: string, repository: string, reference: string, accept: string[]): Promise<FetchedManifest> {
    const res = await this.exchange(registry, {
      method: 'GET',
      path: `/v2/${repository}/manifests/${reference}`,
      scope: `repository:${repository}:pull`,
      headers: { accept: accept.join(', ') },
      maxBytes: this.maxManifest,
    });
    const what = `manifest ${registry}/${repository}@${reference}`;
    const reported = headerValue(res.headers['docker-content-digest']);
    const expected = reference.includes(':') ? reference : reported;
    const digest = sha256Digest(res.body);
    if (expected) verifyDigest(res.body, expected, what);
    const mediaType = (headerValue(res.headers['content-type']) ?? '').split(';')[0].trim();
    return { digest, mediaType, bytes: res.body };
  }

  /** GET a blob; its size and digest are checked against the descriptor. */
  async fetchBlob(registry: string, repository: string, descriptor: Descriptor, maxBytes = this.maxBlob): Promise<Buffer> {
    if (descriptor.size > maxBytes) throw new RegistryError(`blob ${descriptor.digest} of ${descriptor.size} bytes is larger than the limit of ${maxBytes} bytes`);
    const res = await this.exchange(registry, {
      method: 'GET',
      path: `/v2/${repository}/blobs/${descriptor.digest}`,
      scope: `repository:${repository}:pull`,
      maxBytes,
    });
    verifyDigest(res.body, descriptor.digest, `blob ${registry}/${repository}@${descriptor.digest}`, descriptor.size);
    return res.body;
  }

  async blobExists(registry: string, repository: string, digest: string): Promise<boolean> {
    const res = await this.exchange(registry, {
      method: 'HEAD',
      path: `/v2/${repository}/blobs/${digest}`,
      scope: `repository:${repository}:pull,push`,
      maxBytes: this.maxManifest,
      accept: [404],
    });
    return res.status !== 404;
  }

  /** Uploads a blob unless the registry has it (POST to open an upload, then one PUT with the digest). */
  async pushBlob(registry: string, repository: string, bytes: Uint8Array): Promise<Descriptor['digest']> {
    const digest = sha256Digest(bytes);
    if (await this.blobExists(registry, repository, digest)) return digest;
    const scope = `repository:${repository}:pull,push`;
    const started = await this.exchange(registry, { method: 'POST', path: `/v2/${repository}/blobs/uploads/`, scope, maxBytes: this.maxManifest, headers: { 'content-length': '0' } });
    const location = headerValue(started.headers.location);
    if (!location) throw new RegistryError(`POST "${this.baseUrl(registry)}/v2/${repository}/blobs/uploads/": the registry gave no upload location`);
    const upload = new URL(location, this.baseUrl(registry) + '/');
    upload.searchParams.set('digest', digest);
    if (upload.host !== new URL(this.baseUrl(registry)).host) throw new RegistryError(`the registry sent the upload of ${digest} to another host (${upload.host})`);
    await this.exchange(registry, {
      method: 'PUT',
      path: upload.pathname + upload.search,
      scope,
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
      maxBytes: this.maxManifest,
    });
    return digest;
  }

  /** PUT a manifest under a tag (or digest); returns its digest, checked against the registry's. */
  async pushManifest(registry: string, repository: string, reference: string, bytes: Uint8Array, mediaType: string): Promise<string> {
    const digest = sha256Digest(bytes);
    const res = await this.exchange(registry, {
      method: 'PUT',
      path: `/v2/${repository}/manifests/${reference}`,
      scope: `repository:${repository}:pull,push`,
      headers: { 'content-type': mediaType },
      body: bytes,
      maxBytes: this.maxManifest,
    });
    const reported = headerValue(res.headers['docker-content-digest']);
    if (reported && reported !== digest) throw new DigestMismatchError(`manifest ${registry}/${repository}:${reference}: digest mismatch: pushed ${digest}, the registry reports ${reported}`);
    return digest;
  }

  /** Every tag of a repository, following the registry's pagination (Link headers). */
  async listTags(registry: string, repository: string): Promise<string[]> {
    const tags: string[] = [];
    let path: string | undefined = `/v2/${repository}/tags/list`;
    for (let page = 0; path && page < 1000; page++) {
      const res = await this.exchange(registry, { method: 'GET', path, scope: `repository:${repository}:pull`, maxBytes: this.maxManifest });
      let parsed: { tags?: unknown };
      try {
        parsed = JSON.parse(res.body.toString('utf8')) as { tags?: unknown };
      } catch {
        throw new RegistryError(`GET "${this.baseUrl(registry)}${path}": the tag list is not JSON`);
      }
      if (Array.isArray(parsed.tags)) for (const t of parsed.tags) if (typeof t === 'string') tags.push(t);
      path = nextPage(headerValue(res.headers.link));
    }
    return tags;
  }
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

/** The path of a `Link: </v2/x/tags/list?last=a&n=100>; rel="next"` header. */
function nextPage(link: string | undefined): string | undefined {
  const m = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null;
  if (!m) return undefined;
  const u = new URL(m[1], 'http://registry.invalid');
  return u.pathname + u.search;
}
