// A chart repository's index: downloading it into the cache (replacing the cached copy atomically),
// and loading a cached index, through a compact JSON form so that large indexes load fast.
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GoError } from '../gotemplate/value.js';
import type { RepoEntry } from './config.js';
import { atomicWriteFile } from './fsutil.js';
import { DEFAULT_MAX_INDEX_BYTES, fetchBytes, type FetchOptions } from './http.js';
import { parseIndex, type ChartVersion, type IndexFile, type Warn } from './index-file.js';
import { cacheChartsFile, cacheIndexFile, compactIndexFile } from './paths.js';

/** helm's ResolveReferenceURL: `ref` relative to the repository URL taken as a directory; the base's query kept. */
export function resolveReferenceUrl(base: string, ref: string): string {
  let baseUrl: URL;
  try {
    baseUrl = new URL(base);
  } catch {
    throw new GoError(`failed to parse ${base} as URL`);
  }
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(ref)) return ref;
  const query = baseUrl.search;
  baseUrl.search = '';
  if (!baseUrl.pathname.endsWith('/')) baseUrl.pathname += '/';
  const resolved = new URL(ref, baseUrl);
  if (query) resolved.search = query;
  return resolved.toString();
}

export function fetchOptionsFor(entry: RepoEntry, extra: FetchOptions = {}): FetchOptions {
  return {
    username: entry.username,
    password: entry.password,
    certFile: entry.certFile,
    keyFile: entry.keyFile,
    caFile: entry.caFile,
    insecureSkipTlsVerify: entry.insecureSkipTlsVerify,
    passCredentialsAll: entry.passCredentialsAll,
    ...extra,
  };
}

/**
 * Downloads and validates the repository's index, then replaces the cached index and chart list
 * (each an atomic rename, so a failed download leaves the old cache as it was). Returns the index.
 */
export async function downloadIndex(entry: RepoEntry, cacheDir: string, options: FetchOptions & { warn?: Warn; writeCompact?: boolean } = {}): Promise<IndexFile> {
  const url = resolveReferenceUrl(entry.url, 'index.yaml');
  const bytes = await fetchBytes(url, fetchOptionsFor(entry, { maxBytes: DEFAULT_MAX_INDEX_BYTES, ...options }));
  const index = parseIndex(bytes, entry.url, options.warn);
  const names = [...index.entries.keys()].map((n) => n + '\n').join('');
  await atomicWriteFile(join(cacheDir, cacheChartsFile(entry.name)), names);
  const indexPath = join(cacheDir, cacheIndexFile(entry.name));
  await atomicWriteFile(indexPath, bytes);
  if (options.writeCompact !== false) await writeCompact(cacheDir, entry.name, index);
  else await rm(join(cacheDir, compactIndexFile(entry.name)), { force: true });
  return index;
}

/** The compact cache: the parsed, validated, sorted index, tied to the cached index.yaml by size and mtime. */
interface CompactIndex {
  source: { size: number; mtimeMs: number };
  apiVersion: string;
  generated: string;
  entries: Record<string, ChartVersion[]>;
}

async function writeCompact(cacheDir: string, name: string, index: IndexFile): Promise<void> {
  const info = await stat(join(cacheDir, cacheIndexFile(name)));
  const compact: CompactIndex = {
    source: { size: info.size, mtimeMs: info.mtimeMs },
    apiVersion: index.apiVersion,
    generated: index.generated,
    entries: Object.fromEntries(index.entries),
  };
  await atomicWriteFile(join(cacheDir, compactIndexFile(name)), JSON.stringify(compact));
}

/**
 * Loads the cached index of repository `name` (helm's LoadIndexFile on `<name>-index.yaml`), from the
 * compact form when it is current. `writeCompact` (default true) refreshes a stale compact form.
 */
export async function loadCachedIndex(cacheDir: string, name: string, options: { warn?: Warn; writeCompact?: boolean } = {}): Promise<IndexFile> {
  const path = join(cacheDir, cacheIndexFile(name));
  const info = await stat(path);
  try {
    const compact = JSON.parse(await readFile(join(cacheDir, compactIndexFile(name)), 'utf8')) as CompactIndex;
    if (compact.source.size === info.size && compact.source.mtimeMs === info.mtimeMs) {
      return { apiVersion: compact.apiVersion, generated: compact.generated, entries: new Map(Object.entries(compact.entries)) };
    }
  } catch {
    // No compact form yet (or a damaged one): parse the index itself.
  }
  let index: IndexFile;
  try {
    index = parseIndex(await readFile(path), path, options.warn);
  } catch (err) {
    const e = new GoError(`error loading ${path}: ${(err as Error).message}`);
    e.cause = err;
    throw e;
  }
  if (options.writeCompact !== false) await writeCompact(cacheDir, name, index).catch(() => undefined);
  return index;
}

/** Removes a repository's cached files. */
export async function removeCachedIndex(cacheDir: string, name: string): Promise<void> {
  for (const f of [cacheIndexFile(name), cacheChartsFile(name), compactIndexFile(name)]) await rm(join(cacheDir, f), { force: true });
}
