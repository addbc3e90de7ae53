// Charts by reference (helm's ChartDownloader): `repo/chart` through the cached index, a chart URL,
// `--repo URL`, or `oci://` through the registry client; downloads checked against the index's digest,
// validated as charts, and kept in the content cache by digest.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { loadArchive } from '../chart/load.js';
import { GoError } from '../gotemplate/value.js';
import { RepoFile, newEntry, type RepoEntry } from './config.js';
import { atomicWriteFile } from './fsutil.js';
import { redactUrl } from '../net/http.js';
import { fetchBytes, type FetchOptions } from './http.js';
import { getChartVersion, parseIndex, type Warn } from './index-file.js';
import { isOciRef, type OciChartSource, type OciPullOptions } from './oci.js';
import { fetchOptionsFor, loadCachedIndex, resolveReferenceUrl } from './repository.js';
import type { RepoPaths } from './paths.js';

export interface ChartRequest extends OciPullOptions {
  ref: string;
  /** A version or constraint; empty: the newest stable version. */
  version?: string;
  /** With no version, consider pre-releases too (`>0.0.0-0`). */
  devel?: boolean;
  /** helm's `--repo`: find `ref` (a chart name) in the repository at this URL. */
  repoUrl?: string;
  passCredentialsAll?: boolean;
}

export interface ResolvedChart {
  url: string;
  /** The archive's file name (the last element of the URL's path). */
  fileName: string;
  /** `sha256:...`-less hex digest from the index, when the index gives one. */
  digest?: string;
  fetch: FetchOptions;
}

export interface DownloadedChart {
  bytes: Uint8Array;
  fileName: string;
  /** The archive in the content cache. */
  cachedPath: string;
}

export interface ResolverOptions {
  paths: RepoPaths;
  oci?: OciChartSource;
  warn?: Warn;
  /** Whether the compact index cache may be written (false for helm's cache). */
  writeCompact?: boolean;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export class ChartResolver {
  constructor(private readonly options: ResolverOptions) {}

  /** The OCI registry client, when one is configured. */
  ociSource(): OciChartSource | undefined {
    return this.options.oci;
  }

  private versionOf(req: ChartRequest): string {
    return req.version ? req.version : req.devel ? '>0.0.0-0' : '';
  }

  private requestFetch(req: ChartRequest): FetchOptions {
    return {
      username: req.username,
      password: req.password,
      certFile: req.certFile,
      keyFile: req.keyFile,
      caFile: req.caFile,
      insecureSkipTlsVerify: req.insecureSkipTlsVerify,
      passCredentialsAll: req.passCredentialsAll,
    };
  }

  /** Where the chart is and how to fetch it (helm's ResolveChartVersion). */
  async resolve(req: ChartRequest): Promise<ResolvedChart> {
    const version = this.versionOf(req);
    if (req.repoUrl) return this.resolveInRepoUrl(req, version);
    const ref = req.ref.trim();
    const { file: repos } = await RepoFile.load(this.options.paths.repositoryConfig);
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]+\/./.test(ref)) {
      // A chart URL: credentials and TLS settings of the repository it belongs to, if any.
      const owner = repos.repositories.find((r) => r.url !== '' && ref.startsWith(r.url));
      return { url: ref, fileName: baseName(ref), fetch: owner ? fetchOptionsFor(owner, definedOnly(this.requestFetch(req))) : this.requestFetch(req) };
    }
    const slash = ref.indexOf('/');
    if (slash < 0) throw new GoError(`non-absolute URLs should be in form of repo_name/path_to_chart, got: ${ref}`);
    const repoName = ref.slice(0, slash);
    const chartName = ref.slice(slash + 1);
    const entry = repos.get(repoName);
    if (!entry) throw new GoError(`repo ${repoName} not found`);
    let index;
    try {
      index = await loadCachedIndex(this.options.paths.repositoryCache, repoName, { warn: this.options.warn, writeCompact: this.options.writeCompact });
    } catch (err) {
      throw wrapError("no cached repo found. (try 'helm repo update')", err);
    }
    let cv;
    try {
      cv = getChartVersion(index, chartName, version, (selected) => this.fallbackWarning(chartName, version, selected));
    } catch (err) {
      throw wrapError(`chart ${JSON.stringify(chartName)} matching ${version} not found in ${repoName} index. (try 'helm repo update')`, err);
    }
    if (cv.urls.length === 0) throw new GoError(`chart ${JSON.stringify(ref)} has no downloadable URLs`);
    const url = resolveReferenceUrl(entry.url, cv.urls[0]);
    return { url, fileName: baseName(url), digest: digestHex(cv.digest), fetch: fetchOptionsFor(entry, definedOnly(this.requestFetch(req))) };
  }

  private fallbackWarning(chart: string, requested: string, selected: string): void {
    this.options.warn?.(`level=WARN msg="unable to find exact version requested; falling back to closest available version" chart=${chart} requested=${requested} selected=${selected}`);
  }

  private async resolveInRepoUrl(req: ChartRequest, version: string): Promise<ResolvedChart> {
    const repoUrl = req.repoUrl!;
    const entry: RepoEntry = newEntry({ name: 'capstan-temporary', url: repoUrl, ...definedOnly(this.requestFetch(req)) });
    let index;
    try {
      index = parseIndex(await fetchBytes(resolveReferenceUrl(repoUrl, 'index.yaml'), fetchOptionsFor(entry)), repoUrl, this.options.warn);
    } catch (err) {
      throw wrapError(`looks like ${JSON.stringify(redactUrl(repoUrl))} is not a valid chart repository or cannot be reached`, err);
    }
    const what = version ? `chart ${JSON.stringify(req.ref)} version ${JSON.stringify(version)}` : `chart ${JSON.stringify(req.ref)}`;
    let cv;
    try {
      cv = getChartVersion(index, req.ref, version, (selected) => this.fallbackWarning(req.ref, version, selected));
    } catch {
      throw new GoError(`${what} not found in ${redactUrl(repoUrl)} repository`);
    }
    if (cv.urls.length === 0) throw new GoError(`${what} has no downloadable URLs`);
    const url = resolveReferenceUrl(repoUrl, cv.urls[0]);
    return { url, fileName: baseName(url), digest: digestHex(cv.digest), fetch: fetchOptionsFor(entry) };
  }

  /** Resolves and downloads a chart archive (from the content cache when the digest is known). */
  async download(req: ChartRequest): Promise<DownloadedChart> {
    if (isOciRef(req.ref)) return this.downloadOci(req);
    const resolved = await this.resolve(req);
    const cacheDir = this.options.paths.contentCache;
    if (resolved.digest) {
      const cachedPath = join(cacheDir, `${resolved.digest}.tgz`);
      const cached = await readFile(cachedPath).catch(() => undefined);
      if (cached && sha256(cached) === resolved.digest) return { bytes: cached, fileName: resolved.fileName, cachedPath };
    }
    const bytes = await fetchChart(resolved.url, resolved.fetch, resolved.digest);
    const cachedPath = join(cacheDir, `${sha256(bytes)}.tgz`);
    await atomicWriteFile(cachedPath, bytes);
    return { bytes, fileName: resolved.fileName, cachedPath };
  }

  private async downloadOci(req: ChartRequest): Promise<DownloadedChart> {
    if (!this.options.oci) throw new GoError(`cannot pull ${req.ref}: no OCI registry client is configured`);
    const pulled = await this.options.oci.pullChart(req.ref, this.versionOf(req), {
      ...definedOnly(this.requestFetch(req)),
      plainHttp: req.plainHttp,
    });
    const actual = sha256(pulled.bytes);
    await checkChartArchive(pulled.bytes, req.ref);
    const cachedPath = join(this.options.paths.contentCache, `${actual}.tgz`);
    await atomicWriteFile(cachedPath, pulled.bytes);
    const name = posix.basename(req.ref.replace(/[:@][^/]*$/, ''));
    return { bytes: pulled.bytes, fileName: `${name}-${pulled.version}.tgz`, cachedPath };
  }
}

/**
 * Downloads a chart archive and refuses it unless it matches the index's digest (`digest`: the index's
 * value, with or without `sha256:`; ignored unless a sha256) and is a loadable chart.
 */
export async function fetchChart(url: string, fetch: FetchOptions, digest?: string): Promise<Buffer> {
  const bytes = await fetchBytes(url, fetch);
  const expected = digest === undefined ? undefined : digestHex(digest);
  const actual = sha256(bytes);
  if (expected && actual !== expected) {
    throw new GoError(`digest mismatch for ${redactUrl(url)}: the repository index says sha256:${expected}, the download is sha256:${actual}`);
  }
  await checkChartArchive(bytes, redactUrl(url));
  return bytes;
}

/** Refuses bytes that are not a loadable chart (wrong format, unsafe entries, over the size limits). */
async function checkChartArchive(bytes: Uint8Array, source: string): Promise<void> {
  try {
    await loadArchive(bytes);
  } catch (err) {
    throw wrapError(`${source} is not a valid chart archive`, err);
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function digestHex(digest: string): string | undefined {
  const hex = digest.startsWith('sha256:') ? digest.slice(7) : digest;
  return SHA256_HEX.test(hex) ? hex : undefined;
}

function baseName(url: string): string {
  const path = new URL(url).pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && v !== false)) as Partial<T>;
}

/** `prefix: cause`, as Go's fmt.Errorf("...: %w") reads. */
export function wrapError(prefix: string, err: unknown): GoError {
  const e = new GoError(`${prefix}: ${err instanceof Error ? err.message : String(err)}`);
  e.cause = err;
  return e;
}
