// Charts as OCI artifacts, in helm's layout: an image manifest whose config is the chart's metadata
// (application/vnd.cncf.helm.config.v1+json), one layer holding the .tgz, and optionally one holding
// its provenance file. Pulled archives are verified (digests) and loaded before anyone sees them.
import { DEFAULT_LIMITS, type ChartLoadLimits } from '../chart/archive.js';
import type { Chart, Metadata } from '../chart/chart.js';
import { loadArchive } from '../chart/load.js';
import { parseConstraint, parseStrictVersion, parseVersion, type Version } from '../semver/index.js';
import { encodeJson } from '../yaml/json.js';
import { BlobCache } from './cache.js';
import { RegistryClient, RegistryError, sha256Digest, type Descriptor } from './client.js';
import { createRegistryClient, type RegistryOptions } from './connect.js';
import { metadataJson } from './metadata-json.js';
import { formatReference, OCI_SCHEME, parseReference, repositoryBaseName, tagToVersion, versionToTag, type OciReference } from './reference.js';

export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const CONFIG_MEDIA_TYPE = 'application/vnd.cncf.helm.config.v1+json';
export const CHART_LAYER_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
/** The layer type of charts pushed by helm before 3.7; helm still pulls them. */
export const LEGACY_CHART_LAYER_MEDIA_TYPE = 'application/tar+gzip';
export const PROV_LAYER_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.provenance.v1.prov';

const ANNOTATION = {
  created: 'org.opencontainers.image.created',
  description: 'org.opencontainers.image.description',
  title: 'org.opencontainers.image.title',
  version: 'org.opencontainers.image.version',
  url: 'org.opencontainers.image.url',
  source: 'org.opencontainers.image.source',
  authors: 'org.opencontainers.image.authors',
};

export interface OciManifest {
  schemaVersion: number;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

/** helm's annotations for a chart's manifest; chart annotations may not replace title or version. */
export function chartAnnotations(md: Metadata, created: string): Map<string, string> {
  const out = new Map<string, string>();
  const add = (key: string, value: string | undefined): void => {
    if (value !== undefined && value.trim() !== '') out.set(key, value);
  };
  add(ANNOTATION.description, md.description);
  add(ANNOTATION.title, md.name);
  add(ANNOTATION.version, md.version);
  add(ANNOTATION.url, md.home);
  add(ANNOTATION.created, created);
  if (md.sources && md.sources.length > 0) add(ANNOTATION.source, md.sources[0]);
  if (md.maintainers && md.maintainers.length > 0) {
    const authors = md.maintainers.map((m) => (m.name ?? '') + (m.email ? ` (${m.email})` : '')).join(', ');
    add(ANNOTATION.authors, authors);
  }
  for (const [key, value] of Object.entries(md.annotations ?? {})) {
    if (key !== ANNOTATION.title && key !== ANNOTATION.version) out.set(key, value);
  }
  return out;
}

function descriptorJson(d: Descriptor): string {
  return `{"mediaType":${JSON.stringify(d.mediaType)},"digest":${JSON.stringify(d.digest)},"size":${d.size}}`;
}

/** The manifest bytes, shaped as helm writes them. */
export function manifestJson(config: Descriptor, layers: Descriptor[], annotations: Map<string, string>): string {
  const parts = [`"schemaVersion":2`, `"config":${descriptorJson(config)}`, `"layers":[${layers.map(descriptorJson).join(',')}]`];
  if (annotations.size > 0) parts.push(`"annotations":${encodeJson(annotations)}`);
  return `{${parts.join(',')}}`;
}

export interface PushOptions extends RegistryOptions {
  /** A client to reuse; one is made from the other options otherwise. */
  client?: RegistryClient;
  /** The chart's .prov file, pushed as a third layer. */
  prov?: Uint8Array;
  /** RFC 3339 creation time for the manifest annotation; now by default. */
  created?: string;
  limits?: ChartLoadLimits;
}

export interface PushResult {
  /** host/repository:tag */
  ref: string;
  /** The manifest's digest. */
  digest: string;
  chart: Metadata;
  chartDigest: string;
  configDigest: string;
}

/**
 * Pushes a chart archive under `remote` (`oci://host/path`): to `remote/NAME:VERSION`, as helm
 * push does. The archive must load as a chart.
 */
export async function pushChart(archive: Uint8Array, remote: string, options: PushOptions): Promise<PushResult> {
  if (!remote.startsWith(OCI_SCHEME)) throw new RegistryError(`${remote}: a registry reference must start with ${OCI_SCHEME}`);
  const chart = await loadArchive(archive, { limits: options.limits });
  const md = chart.metadata;
  const ref = parseReference(`${remote.replace(/\/+$/, '')}/${md.name}:${md.version}`);
  if (repositoryBaseName(ref) !== md.name) throw new RegistryError(`chart name "${md.name}" does not match reference basename "${repositoryBaseName(ref)}"`);
  if (ref.digest !== '' || ref.tag !== versionToTag(md.version)) throw new RegistryError(`chart version "${md.version}" does not match reference tag "${ref.tag}"`);
  const client = options.client ?? (await createRegistryClient(options));
  const configBytes = Buffer.from(metadataJson(md), 'utf8');
  const config: Descriptor = { mediaType: CONFIG_MEDIA_TYPE, digest: sha256Digest(configBytes), size: configBytes.length };
  const layers: Descriptor[] = [{ mediaType: CHART_LAYER_MEDIA_TYPE, digest: sha256Digest(archive), size: archive.length }];
  if (options.prov) layers.push({ mediaType: PROV_LAYER_MEDIA_TYPE, digest: sha256Digest(options.prov), size: options.prov.length });
  await client.pushBlob(ref.registry, ref.repository, configBytes);
  await client.pushBlob(ref.registry, ref.repository, archive);
  if (options.prov) await client.pushBlob(ref.registry, ref.repository, options.prov);
  const created = options.created ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const manifest = Buffer.from(manifestJson(config, layers, chartAnnotations(md, created)), 'utf8');
  const digest = await client.pushManifest(ref.registry, ref.repository, ref.tag, manifest, OCI_MANIFEST_MEDIA_TYPE);
  return { ref: formatReference(ref), digest, chart: md, chartDigest: layers[0].digest, configDigest: config.digest };
}

/**
 * The chart versions a repository holds (helm's Tags): tags that are strict semver once `_` is read
 * as `+`, newest first.
 */
export async function chartVersions(client: RegistryClient, ref: OciReference): Promise<string[]> {
  const versions: Version[] = [];
  for (const tag of await client.listTags(ref.registry, ref.repository)) {
    try {
      versions.push(parseStrictVersion(tagToVersion(tag)));
    } catch {
      // not a chart version
    }
  }
  versions.sort((a, b) => b.compare(a));
  return versions.map((v) => v.toString());
}

function isExactVersion(version: string): boolean {
  try {
    parseStrictVersion(version);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves the tag to pull, as helm does: a tag in the reference must agree with `version`; an exact
 * version is used as the tag; a constraint (or nothing: the newest release) is matched against the
 * repository's tags.
 */
export async function resolveOciRef(raw: string, options: RegistryOptions & { client?: RegistryClient; version?: string }): Promise<OciReference> {
  const ref = parseReference(raw);
  const version = options.version?.trim() ?? '';
  if (ref.digest !== '') return ref;
  if (ref.tag !== '') {
    if (version !== '' && versionToTag(version) !== ref.tag) throw new RegistryError(`chart reference and version mismatch: ${version} is not ${tagToVersion(ref.tag)}`);
    return ref;
  }
  if (version !== '' && isExactVersion(version)) return { ...ref, tag: versionToTag(version) };
  const tags = await chartVersions(options.client ?? (await createRegistryClient(options)), ref);
  if (version !== '' && tags.includes(version)) return { ...ref, tag: versionToTag(version) };
  const constraint = parseConstraint(version === '' ? '*' : version);
  for (const tag of tags) {
    let v: Version;
    try {
      v = parseVersion(tag);
    } catch {
      continue;
    }
    if (constraint.check(v)) return { ...ref, tag: versionToTag(tag) };
  }
  throw new RegistryError(`could not locate a version matching provided version string ${version}`);
}

export interface PullOptions extends RegistryOptions {
  /** A client to reuse; one is made from the other options otherwise. */
  client?: RegistryClient;
  /** A version or constraint, as `--version`. */
  version?: string;
  /** Where verified blobs are kept; false for none. A fresh BlobCache by default. */
  cache?: BlobCache | false;
  limits?: ChartLoadLimits;
}

export interface PulledChart {
  /** host/repository:tag (or @digest) as resolved. */
  ref: string;
  /** The manifest's digest. */
  digest: string;
  /** The .tgz bytes, exactly as pushed. */
  archive: Buffer;
  prov?: Buffer;
  chart: Chart;
}

function parseManifest(bytes: Buffer, where: string): OciManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new RegistryError(`${where}: the manifest is not JSON`);
  }
  const m = parsed as Partial<OciManifest>;
  const isDescriptor = (d: unknown): d is Descriptor => {
    const x = d as Descriptor | null;
    return !!x && typeof x.mediaType === 'string' && typeof x.digest === 'string' && Number.isSafeInteger(x.size) && x.size >= 0;
  };
  if (!m || typeof m !== 'object' || !isDescriptor(m.config) || !Array.isArray(m.layers) || !m.layers.every(isDescriptor)) {
    throw new RegistryError(`${where}: not an OCI image manifest`);
  }
  return m as OciManifest;
}

async function blob(client: RegistryClient, ref: OciReference, d: Descriptor, cache: BlobCache | undefined, maxBytes: number): Promise<Buffer> {
  const cached = await cache?.get(d.digest);
  if (cached && cached.length === d.size) return cached;
  return client.fetchBlob(ref.registry, ref.repository, d, maxBytes);
}

/**
 * Pulls a chart (`oci://host/path/chart[:tag][@digest]`): resolves the version, fetches the manifest
 * and layers, verifies every digest, and loads the archive; only then are the blobs cached.
 */
export async function pullChart(raw: string, options: PullOptions): Promise<PulledChart> {
  const client = options.client ?? (await createRegistryClient(options));
  const limits = options.limits ?? DEFAULT_LIMITS;
  const cache = options.cache === false ? undefined : (options.cache ?? new BlobCache());
  const ref = await resolveOciRef(raw, { client, version: options.version });
  const printable = formatReference(ref);
  const fetched = await client.fetchManifest(ref.registry, ref.repository, ref.digest || ref.tag, [OCI_MANIFEST_MEDIA_TYPE]);
  const manifest = parseManifest(fetched.bytes, printable);
  if (manifest.config.mediaType !== CONFIG_MEDIA_TYPE) {
    throw new RegistryError(`${printable} is not a chart: its config media type is ${manifest.config.mediaType}, not ${CONFIG_MEDIA_TYPE}`);
  }
  const chartLayers = manifest.layers.filter((l) => l.mediaType === CHART_LAYER_MEDIA_TYPE || l.mediaType === LEGACY_CHART_LAYER_MEDIA_TYPE);
  if (chartLayers.length !== 1) {
    throw new RegistryError(
      chartLayers.length === 0
        ? `manifest does not contain a layer with mediatype ${CHART_LAYER_MEDIA_TYPE}`
        : `manifest contains ${chartLayers.length} layers with mediatype ${CHART_LAYER_MEDIA_TYPE}, expected 1`,
    );
  }
  const provLayers = manifest.layers.filter((l) => l.mediaType === PROV_LAYER_MEDIA_TYPE);
  if (provLayers.length > 1) throw new RegistryError(`manifest contains ${provLayers.length} layers with mediatype ${PROV_LAYER_MEDIA_TYPE}, expected at most 1`);
  const archive = await blob(client, ref, chartLayers[0], cache, Math.min(client.maxBlob, limits.maxChartSize));
  const prov = provLayers.length === 1 ? await blob(client, ref, provLayers[0], cache, limits.maxFileSize) : undefined;
  let chart: Chart;
  try {
    chart = await loadArchive(archive, { limits });
  } catch (err) {
    const e = new RegistryError(`${printable}: the chart layer is not a loadable chart: ${(err as Error).message}`);
    e.cause = err;
    throw e;
  }
  if (cache) {
    await cache.put(chartLayers[0].digest, archive);
    if (prov && provLayers[0]) await cache.put(provLayers[0].digest, prov);
  }
  const resolved: OciReference = { ...ref, digest: ref.digest || fetched.digest };
  return { ref: ref.tag ? formatReference({ ...resolved, digest: '' }) : formatReference(resolved), digest: fetched.digest, archive, prov, chart };
}
