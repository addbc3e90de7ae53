// A repository's index.yaml as helm 4 reads it (pkg/repo/v1 loadIndex): JSON or strict YAML, invalid
// entries skipped with a warning, each chart's versions sorted newest first.
import { GoError, type GoValue } from '../gotemplate/value.js';
import type { Dependency, Maintainer, Metadata } from '../chart/chart.js';
import { goQuote, validateMetadata } from '../chart/metadata.js';
import { parseConstraint, parseVersion, type Version } from '../semver/index.js';
import { parseYaml } from '../yaml/read.js';
import { readIndexYaml } from './index-yaml.js';

/** One chart version of an index: its Chart.yaml metadata plus where to download it. */
export interface ChartVersion extends Metadata {
  urls: string[];
  created: string;
  digest: string;
  removed?: boolean;
}

export interface IndexFile {
  apiVersion: string;
  generated: string;
  /** Chart name → versions, newest first. */
  entries: Map<string, ChartVersion[]>;
  annotations?: Record<string, string>;
}

export const ERR_NO_API_VERSION = 'no API version specified';
export const ERR_EMPTY_INDEX = 'empty index.yaml file';
export const ERR_NO_CHART_NAME = 'no chart name found';
export const ERR_NO_CHART_VERSION = 'no chart version found';

type FieldKind = 'string' | 'bool' | 'strings' | 'map' | 'maintainers' | 'dependencies' | 'ignored';

/** ChartVersion's JSON fields (the embedded Metadata's and its own), with the kind each decodes as. */
const VERSION_FIELDS: Record<string, [string, FieldKind]> = {
  name: ['name', 'string'],
  home: ['home', 'string'],
  sources: ['sources', 'strings'],
  version: ['version', 'string'],
  description: ['description', 'string'],
  keywords: ['keywords', 'strings'],
  maintainers: ['maintainers', 'maintainers'],
  icon: ['icon', 'string'],
  apiVersion: ['apiVersion', 'string'],
  condition: ['condition', 'string'],
  tags: ['tags', 'string'],
  appVersion: ['appVersion', 'string'],
  deprecated: ['deprecated', 'bool'],
  annotations: ['annotations', 'map'],
  kubeVersion: ['kubeVersion', 'string'],
  dependencies: ['dependencies', 'dependencies'],
  type: ['type', 'string'],
  urls: ['urls', 'strings'],
  created: ['created', 'string'],
  removed: ['removed', 'bool'],
  digest: ['digest', 'string'],
  checksum: ['checksum', 'ignored'],
  engine: ['engine', 'ignored'],
  tillerVersion: ['tillerVersion', 'ignored'],
  url: ['url', 'ignored'],
};

const TOP_FIELDS = new Set(['serverInfo', 'apiVersion', 'generated', 'entries', 'publicKeys', 'annotations']);

const GO_KIND: Record<string, string> = { string: 'string', bool: 'bool', strings: '[]string', map: 'map[string]string' };

function jsonKind(v: GoValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Map) return 'object';
  return 'value';
}

class Decoder {
  constructor(private readonly strict: boolean) {}

  private fail(msg: string): never {
    throw new GoError(this.strict ? `error unmarshaling JSON: while decoding JSON: json: ${msg}` : `json: ${msg}`);
  }

  private typeError(v: GoValue, field: string, goType: string): never {
    this.fail(`cannot unmarshal ${jsonKind(v)} into Go struct field ${field} of type ${goType}`);
  }

  private checkKeys(m: Map<string, GoValue>, known: (k: string) => boolean): void {
    if (!this.strict) return;
    for (const k of m.keys()) if (!known(k)) this.fail(`unknown field ${goQuote(k)}`);
  }

  value(v: GoValue, kind: FieldKind, field: string): unknown {
    if (v === null) return undefined;
    switch (kind) {
      case 'string':
        if (typeof v !== 'string') this.typeError(v, field, 'string');
        return v;
      case 'bool':
        if (typeof v !== 'boolean') this.typeError(v, field, 'bool');
        return v;
      case 'strings':
        if (!Array.isArray(v)) this.typeError(v, field, GO_KIND.strings);
        return v.map((s) => (typeof s === 'string' ? s : this.typeError(s, field, 'string')));
      case 'map': {
        if (!(v instanceof Map)) this.typeError(v, field, GO_KIND.map);
        const out: Record<string, string> = {};
        for (const [k, s] of v) out[k] = typeof s === 'string' ? s : this.typeError(s, field, 'string');
        return out;
      }
      case 'maintainers':
        if (!Array.isArray(v)) this.typeError(v, field, '[]*v2.Maintainer');
        return v.map((m) => (m === null ? null : this.struct(m, ['name', 'email', 'url'], field) as Maintainer));
      case 'dependencies':
        if (!Array.isArray(v)) this.typeError(v, field, '[]*v2.Dependency');
        return v.map((d) => (d === null ? null : this.dependency(d, field)));
      case 'ignored':
        return undefined;
    }
  }

  private struct(v: GoValue, names: string[], field: string): Record<string, string> {
    if (!(v instanceof Map)) this.typeError(v, field, 'v2.Maintainer');
    this.checkKeys(v, (k) => names.includes(k));
    const out: Record<string, string> = {};
    for (const n of names) {
      const s = v.get(n);
      if (s !== undefined && s !== null) out[n] = this.value(s, 'string', `${field}.${n}`) as string;
    }
    return out;
  }

  private dependency(v: GoValue, field: string): Dependency {
    if (!(v instanceof Map)) this.typeError(v, field, 'v2.Dependency');
    const known = ['name', 'version', 'repository', 'condition', 'tags', 'enabled', 'import-values', 'alias'];
    this.checkKeys(v, (k) => known.includes(k));
    const d: Dependency = { name: '' };
    for (const [k, x] of v) {
      if (x === null) continue;
      if (k === 'tags') d.tags = this.value(x, 'strings', `${field}.tags`) as string[];
      else if (k === 'enabled') d.enabled = this.value(x, 'bool', `${field}.enabled`) as boolean;
      else if (k === 'import-values') d.importValues = Array.isArray(x) ? x : this.typeError(x, `${field}.import-values`, '[]interface {}');
      else if (k !== 'alias' || x !== '') (d as unknown as Record<string, string>)[k] = this.value(x, 'string', `${field}.${k}`) as string;
    }
    return d;
  }

  chartVersion(v: GoValue): ChartVersion | null {
    if (v === null) return null;
    if (!(v instanceof Map)) this.typeError(v, 'IndexFile.entries', 'repo.ChartVersion');
    this.checkKeys(v, (k) => k in VERSION_FIELDS);
    const cv = { name: '', version: '', apiVersion: '', urls: [], created: '', digest: '' } as ChartVersion;
    const target = cv as unknown as Record<string, unknown>;
    for (const [key, x] of v) {
      const spec = VERSION_FIELDS[key];
      if (!spec) continue;
      const decoded = this.value(x, spec[1], `ChartVersion.entries.${key}`);
      if (decoded !== undefined) target[spec[0]] = decoded;
    }
    return cv;
  }

  top(doc: GoValue): { apiVersion: string; generated: string; entries: Map<string, GoValue>; annotations?: Record<string, string> } {
    if (doc === null) return { apiVersion: '', generated: '', entries: new Map() };
    if (!(doc instanceof Map)) this.fail(`cannot unmarshal ${jsonKind(doc)} into Go value of type repo.IndexFile`);
    this.checkKeys(doc, (k) => TOP_FIELDS.has(k));
    const entries = doc.get('entries') ?? null;
    if (entries !== null && !(entries instanceof Map)) this.typeError(entries, 'IndexFile.entries', 'map[string]repo.ChartVersions');
    return {
      apiVersion: (this.value(doc.get('apiVersion') ?? null, 'string', 'IndexFile.apiVersion') as string | undefined) ?? '',
      generated: (this.value(doc.get('generated') ?? null, 'string', 'IndexFile.generated') as string | undefined) ?? '',
      entries: entries ?? new Map(),
      annotations: this.value(doc.get('annotations') ?? null, 'map', 'IndexFile.annotations') as Record<string, string> | undefined,
    };
  }
}

/** Go's json.Valid, close enough: JSON.parse accepts exactly RFC 8259 documents. */
function parseJsonDocument(text: string): GoValue | undefined {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[' && first !== '"') return undefined;
  try {
    return toGo(JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

function toGo(v: unknown): GoValue {
  if (Array.isArray(v)) return v.map(toGo);
  if (v !== null && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, toGo(x)]));
  return v as GoValue;
}

function parseYamlIndex(text: string): GoValue {
  try {
    return parseYaml(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new GoError(msg.startsWith('error converting YAML to JSON') ? msg : `error converting YAML to JSON: ${msg}`);
  }
}

export type Warn = (message: string) => void;

/**
 * Parses index bytes. `source` names the index in warnings (helm logs skipped entries this way).
 * Throws helm's errors: ERR_EMPTY_INDEX, decoding errors, ERR_NO_API_VERSION.
 */
export function parseIndex(data: Uint8Array, source: string, warn: Warn = () => undefined): IndexFile {
  if (data.length === 0) throw new GoError(ERR_EMPTY_INDEX);
  const text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  const json = parseJsonDocument(text);
  const decoder = new Decoder(json === undefined);
  // Most indexes are in the fast reader's block-style subset; it gives up on anything else.
  const doc = json !== undefined ? json : (readIndexYaml(text) ?? parseYamlIndex(text));
  const top = decoder.top(doc);
  const entries = new Map<string, ChartVersion[]>();
  for (const [name, list] of top.entries) {
    if (list !== null && !Array.isArray(list)) throw new GoError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(list)} into Go struct field IndexFile.entries of type repo.ChartVersions`);
    const versions: ChartVersion[] = [];
    for (const raw of list ?? []) {
      const cv = decoder.chartVersion(raw);
      if (cv === null) {
        warn(`skipping loading invalid entry for chart ${goQuote(name)} from ${source}: empty entry`);
        continue;
      }
      if (cv.apiVersion === '') cv.apiVersion = 'v1';
      try {
        validateMetadata(cv);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        // JFrog's repositories strip aliases: helm tolerates the duplicate names that follow.
        if (!msg.startsWith('validation: more than one dependency with name or alias')) {
          warn(`skipping loading invalid entry for chart ${goQuote(name)} ${goQuote(cv.version)} from ${source}: ${msg}`);
          continue;
        }
      }
      versions.push(cv);
    }
    entries.set(name, sortVersionsNewestFirst(versions));
  }
  if (top.apiVersion === '') throw new GoError(ERR_NO_API_VERSION);
  return { apiVersion: top.apiVersion, generated: top.generated, entries, annotations: top.annotations };
}

function tryVersion(v: string): Version | undefined {
  try {
    return parseVersion(v);
  } catch {
    return undefined;
  }
}

/** Newest first; versions that do not parse go last (helm's sort.Reverse of ChartVersions). */
export function sortVersionsNewestFirst(list: ChartVersion[]): ChartVersion[] {
  const keyed = list.map((cv) => ({ cv, v: tryVersion(cv.version) }));
  keyed.sort((a, b) => {
    if (!a.v) return b.v ? 1 : 0;
    if (!b.v) return -1;
    return b.v.compare(a.v);
  });
  return keyed.map((k) => k.cv);
}

/**
 * The version of a chart that a version or constraint selects (helm's IndexFile.Get): an exact
 * version string first, else the newest that satisfies the constraint (`*`, stable only, when empty).
 * `onFallback` hears when a requested version was not found exactly.
 */
export function getChartVersion(index: IndexFile, name: string, version: string, onFallback?: (selected: string) => void): ChartVersion {
  const versions = index.entries.get(name);
  if (!versions) throw new GoError(ERR_NO_CHART_NAME);
  if (versions.length === 0) throw new GoError(ERR_NO_CHART_VERSION);
  const constraint = parseConstraint(version === '' ? '*' : version);
  if (version !== '') {
    const exact = versions.find((cv) => cv.version === version);
    if (exact) return exact;
  }
  for (const cv of versions) {
    const v = tryVersion(cv.version);
    if (v && constraint.check(v)) {
      if (version !== '') onFallback?.(cv.version);
      return cv;
    }
  }
  throw new GoError(`no chart version found for ${name}-${version}`);
}
