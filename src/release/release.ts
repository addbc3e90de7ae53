// Helm's release record (pkg/release/v1 and the chart it embeds) and its JSON exactly as helm 4
// writes it: encoding/json's field order and omitempty/omitzero rules, times as RFC3339Nano.
// Records of helm 3 (times written as "" when zero, no apply_method) are read as helm 4 reads them.
import { GoObject, type GoValue } from '../gotemplate/value.js';
import { encodeJson, parseJson } from '../yaml/json.js';
import type { Chart, Dependency, Lock, Maintainer, Metadata } from '../chart/chart.js';
import { dependencyToGo, metadataToGo } from '../chart/encode.js';
import { GoTime, ZERO_TIME } from '../funcs/gotime.js';
import { parseTime } from '../funcs/timeparse.js';
import { UTC } from '../funcs/timezone.js';

export const RELEASE_STATUSES = [
  'unknown',
  'deployed',
  'uninstalled',
  'superseded',
  'failed',
  'uninstalling',
  'pending-install',
  'pending-upgrade',
  'pending-rollback',
] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/** True while an operation is under way on the release (helm's Status.IsPending). */
export function isPending(status: string): boolean {
  return status === 'pending-install' || status === 'pending-upgrade' || status === 'pending-rollback';
}

export interface Info {
  firstDeployed: GoTime;
  lastDeployed: GoTime;
  deleted: GoTime;
  description: string;
  /** A ReleaseStatus; kept as a string so that a record with an unknown status round-trips. */
  status: string;
  notes: string;
  /** `helm status --show-resources` data; carried through untouched. */
  resources?: GoValue;
}

export interface HookExecution {
  startedAt: GoTime;
  completedAt: GoTime;
  /** Unknown, Running, Succeeded, Failed, or '' before the hook ever ran. */
  phase: string;
}

export interface Hook {
  name: string;
  kind: string;
  /** `<chart>/templates/<file>` of the template that produced it. */
  path: string;
  manifest: string;
  events: string[];
  lastRun: HookExecution;
  weight: number;
  deletePolicies: string[];
  outputLogPolicies: string[];
}

/** A chart file as a release stores it (helm 4 adds the modification time). */
export interface ReleaseFile {
  name: string;
  data: Uint8Array;
  modTime: GoTime;
}

/**
 * The chart as a release stores it: the root chart only (helm does not store dependencies), with
 * values as they were after coalescing. `null` lists stand for Go's nil slices.
 */
export interface ReleaseChart {
  metadata: Metadata | null;
  lock: Lock | null;
  templates: ReleaseFile[] | null;
  values: Map<string, GoValue> | null;
  schema: Uint8Array | null;
  schemaModTime: GoTime;
  files: ReleaseFile[] | null;
  modTime: GoTime;
}

export interface Release {
  name: string;
  info: Info | null;
  chart: ReleaseChart | null;
  /** The values the user supplied (not the chart's defaults). */
  config: Map<string, GoValue> | null;
  manifest: string;
  hooks: Hook[];
  /** The revision. */
  version: number;
  namespace: string;
  /** "ssa" or "csa" for helm 4 records; '' for helm 3 ones. */
  applyMethod: string;
  /** Custom labels (storage object labels other than helm's own); not part of the JSON. */
  labels: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Times: time.Time's JSON text (RFC3339Nano) and its reading (RFC3339, any fraction)

const RFC3339 = '2006-01-02T15:04:05Z07:00';
const RFC3339_NANO = '2006-01-02T15:04:05.999999999Z07:00';

export function parseRecordTime(text: string): GoTime {
  return parseTime(RFC3339, text, UTC);
}

export function formatRecordTime(t: GoTime): string {
  return t.format(RFC3339_NANO);
}

// ---------------------------------------------------------------------------------------------
// Building from Capstan's chart model

function dateTime(d: Date): GoTime {
  const ms = d.getTime();
  return GoTime.unix(Math.floor(ms / 1000), (((ms % 1000) + 1000) % 1000) * 1e6);
}

function releaseFileOf(f: { name: string; data: Uint8Array; modTime?: Date }): ReleaseFile {
  return { name: f.name, data: f.data, modTime: f.modTime ? dateTime(f.modTime) : ZERO_TIME };
}

/** The stored form of a loaded chart (values as the chart holds them: coalesce first). */
export function releaseChartOf(chart: Chart): ReleaseChart {
  const rawTime = (name: string): GoTime => {
    const t = chart.raw.find((f) => f.name === name)?.modTime;
    return t ? dateTime(t) : ZERO_TIME;
  };
  return {
    metadata: chart.metadata,
    lock: chart.lock ?? null,
    templates: chart.templates.length ? chart.templates.map(releaseFileOf) : null,
    values: chart.values,
    schema: chart.schema ?? null,
    schemaModTime: chart.schema ? rawTime('values.schema.json') : ZERO_TIME,
    files: chart.files.length ? chart.files.map(releaseFileOf) : null,
    modTime: rawTime('Chart.yaml'),
  };
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** A Go struct for encodeJson: fields in declaration order, already filtered by their omit rules. */
class JsonStruct extends GoObject {
  constructor(private readonly entries: [string, GoValue][]) {
    super();
  }
  goType(): string {
    return 'struct';
  }
  override jsonEntries(): [string, GoValue][] {
    return this.entries;
  }
}

type Field = [string, GoValue, 'always' | 'omitempty'];

function struct(fields: Field[]): JsonStruct {
  const kept: [string, GoValue][] = [];
  for (const [name, value, rule] of fields) {
    if (rule === 'omitempty' && isEmpty(value)) continue;
    kept.push([name, value]);
  }
  return new JsonStruct(kept);
}

function isEmpty(v: GoValue): boolean {
  if (v === null || v === '' || v === false || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  return false;
}

/** A time field with `omitzero` (helm 4): omitted when zero. */
function timeField(name: string, t: GoTime): Field {
  return [name, t.isZero() ? null : formatRecordTime(t), 'omitempty'];
}

/** A Map built in Go field order (from src/chart/encode.ts) as a struct. */
function orderedStruct(m: Map<string, GoValue>): JsonStruct {
  return new JsonStruct([...m.entries()]);
}

function dependencyStruct(d: Dependency): JsonStruct {
  return orderedStruct(dependencyToGo(d));
}

function metadataStruct(md: Metadata): JsonStruct {
  const m = metadataToGo(md);
  const maintainers = m.get('maintainers');
  if (Array.isArray(maintainers)) m.set('maintainers', maintainers.map((x) => orderedStruct(x as Map<string, GoValue>)));
  const deps = m.get('dependencies');
  if (Array.isArray(deps)) m.set('dependencies', deps.map((x) => orderedStruct(x as Map<string, GoValue>)));
  return orderedStruct(m);
}

function lockStruct(lock: Lock): JsonStruct {
  const generated = lock.generated === '' ? ZERO_TIME : parseRecordTime(lock.generated);
  return struct([
    ['generated', formatRecordTime(generated), 'always'],
    ['digest', lock.digest, 'always'],
    ['dependencies', lock.dependencies.length ? lock.dependencies.map(dependencyStruct) : null, 'always'],
  ]);
}

function filesValue(files: ReleaseFile[] | null): GoValue {
  if (files === null) return null;
  return files.map((f) => struct([['name', f.name, 'always'], ['data', f.data, 'always'], timeField('modtime', f.modTime)]));
}

function chartStruct(c: ReleaseChart): JsonStruct {
  return struct([
    ['metadata', c.metadata ? metadataStruct(c.metadata) : null, 'always'],
    ['lock', c.lock ? lockStruct(c.lock) : null, 'always'],
    ['templates', filesValue(c.templates), 'always'],
    ['values', c.values, 'always'],
    ['schema', c.schema, 'always'],
    // Unlike the other times, helm 4 writes this one even when zero.
    ['schemamodtime', formatRecordTime(c.schemaModTime), 'always'],
    ['files', filesValue(c.files), 'always'],
    timeField('modtime', c.modTime),
  ]);
}

function infoStruct(i: Info): JsonStruct {
  return struct([
    timeField('first_deployed', i.firstDeployed),
    timeField('last_deployed', i.lastDeployed),
    timeField('deleted', i.deleted),
    ['description', i.description, 'omitempty'],
    ['status', i.status, 'omitempty'],
    ['notes', i.notes, 'omitempty'],
    ['resources', i.resources ?? null, 'omitempty'],
  ]);
}

function hookStruct(h: Hook): JsonStruct {
  return struct([
    ['name', h.name, 'omitempty'],
    ['kind', h.kind, 'omitempty'],
    ['path', h.path, 'omitempty'],
    ['manifest', h.manifest, 'omitempty'],
    ['events', h.events, 'omitempty'],
    ['last_run', struct([timeField('started_at', h.lastRun.startedAt), timeField('completed_at', h.lastRun.completedAt), ['phase', h.lastRun.phase, 'always']]), 'always'],
    ['weight', h.weight, 'omitempty'],
    ['delete_policies', h.deletePolicies, 'omitempty'],
    ['output_log_policies', h.outputLogPolicies, 'omitempty'],
  ]);
}

/** json.Marshal of the release, as helm 4 writes it into storage. */
export function releaseToJson(r: Release): string {
  return encodeJson(
    struct([
      ['name', r.name, 'omitempty'],
      ['info', r.info ? infoStruct(r.info) : null, 'omitempty'],
      ['chart', r.chart ? chartStruct(r.chart) : null, 'omitempty'],
      ['config', r.config, 'omitempty'],
      ['manifest', r.manifest, 'omitempty'],
      ['hooks', r.hooks.map(hookStruct), 'omitempty'],
      ['version', r.version, 'omitempty'],
      ['namespace', r.namespace, 'omitempty'],
      ['apply_method', r.applyMethod, 'omitempty'],
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Decoding

type JsonMap = Map<string, GoValue>;

function asMap(v: GoValue | undefined): JsonMap | undefined {
  return v instanceof Map ? v : undefined;
}

function str(m: JsonMap, key: string): string {
  const v = m.get(key);
  return typeof v === 'string' ? v : '';
}

function num(m: JsonMap, key: string): number {
  const v = m.get(key);
  return typeof v === 'number' ? Math.trunc(v) : 0;
}

function strList(m: JsonMap, key: string): string[] {
  const v = m.get(key);
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : '')) : [];
}

/** A time field: absent, null and "" (helm 3's zero time) are the zero time. */
function time(m: JsonMap, key: string): GoTime {
  const v = m.get(key);
  return typeof v === 'string' && v !== '' ? parseRecordTime(v) : ZERO_TIME;
}

function bytes(v: GoValue | undefined): Uint8Array | null {
  return typeof v === 'string' ? new Uint8Array(Buffer.from(v, 'base64')) : null;
}

function optional<T>(m: JsonMap, key: string, decode: (v: GoValue) => T): T | undefined {
  const v = m.get(key);
  return v === undefined || v === null ? undefined : decode(v);
}

function dependencyFromJson(v: GoValue): Dependency {
  const m = asMap(v) ?? new Map();
  const d: Dependency = { name: str(m, 'name') };
  if (str(m, 'version')) d.version = str(m, 'version');
  d.repository = str(m, 'repository');
  if (str(m, 'condition')) d.condition = str(m, 'condition');
  if (strList(m, 'tags').length) d.tags = strList(m, 'tags');
  if (m.get('enabled') === true) d.enabled = true;
  const imports = m.get('import-values');
  if (Array.isArray(imports) && imports.length) d.importValues = imports;
  if (str(m, 'alias')) d.alias = str(m, 'alias');
  return d;
}

function maintainerFromJson(v: GoValue): Maintainer {
  const m = asMap(v) ?? new Map();
  const out: Maintainer = {};
  for (const k of ['name', 'email', 'url'] as const) if (str(m, k)) out[k] = str(m, k);
  return out;
}

function metadataFromJson(m: JsonMap): Metadata {
  const md: Metadata = { name: str(m, 'name'), version: str(m, 'version'), apiVersion: str(m, 'apiVersion') };
  for (const k of ['home', 'description', 'icon', 'condition', 'tags', 'appVersion', 'kubeVersion', 'type'] as const) if (str(m, k)) md[k] = str(m, k);
  for (const k of ['sources', 'keywords'] as const) if (strList(m, k).length) md[k] = strList(m, k);
  const maintainers = optional(m, 'maintainers', (v) => (Array.isArray(v) ? v.map(maintainerFromJson) : []));
  if (maintainers?.length) md.maintainers = maintainers;
  if (m.get('deprecated') === true) md.deprecated = true;
  const annotations = asMap(m.get('annotations'));
  if (annotations?.size) md.annotations = Object.fromEntries([...annotations].map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  const deps = optional(m, 'dependencies', (v) => (Array.isArray(v) ? v.map(dependencyFromJson) : []));
  if (deps?.length) md.dependencies = deps;
  return md;
}

function lockFromJson(m: JsonMap): Lock {
  const generated = time(m, 'generated');
  const deps = m.get('dependencies');
  return { generated: formatRecordTime(generated), digest: str(m, 'digest'), dependencies: Array.isArray(deps) ? deps.map(dependencyFromJson) : [] };
}

function filesFromJson(v: GoValue | undefined): ReleaseFile[] | null {
  if (!Array.isArray(v)) return null;
  return v.map((item) => {
    const m = asMap(item) ?? new Map();
    return { name: str(m, 'name'), data: bytes(m.get('data')) ?? new Uint8Array(), modTime: time(m, 'modtime') };
  });
}

function chartFromJson(m: JsonMap): ReleaseChart {
  const metadata = asMap(m.get('metadata'));
  const lock = asMap(m.get('lock'));
  return {
    metadata: metadata ? metadataFromJson(metadata) : null,
    lock: lock ? lockFromJson(lock) : null,
    templates: filesFromJson(m.get('templates')),
    values: asMap(m.get('values')) ?? null,
    schema: bytes(m.get('schema')),
    schemaModTime: time(m, 'schemamodtime'),
    files: filesFromJson(m.get('files')),
    modTime: time(m, 'modtime'),
  };
}

function infoFromJson(m: JsonMap): Info {
  const info: Info = {
    firstDeployed: time(m, 'first_deployed'),
    lastDeployed: time(m, 'last_deployed'),
    deleted: time(m, 'deleted'),
    description: str(m, 'description'),
    status: str(m, 'status'),
    notes: str(m, 'notes'),
  };
  const resources = m.get('resources');
  if (resources !== undefined && resources !== null) info.resources = resources;
  return info;
}

function hookFromJson(v: GoValue): Hook {
  const m = asMap(v) ?? new Map();
  const run = asMap(m.get('last_run')) ?? new Map();
  return {
    name: str(m, 'name'),
    kind: str(m, 'kind'),
    path: str(m, 'path'),
    manifest: str(m, 'manifest'),
    events: strList(m, 'events'),
    lastRun: { startedAt: time(run, 'started_at'), completedAt: time(run, 'completed_at'), phase: str(run, 'phase') },
    weight: num(m, 'weight'),
    deletePolicies: strList(m, 'delete_policies'),
    outputLogPolicies: strList(m, 'output_log_policies'),
  };
}

/** json.Unmarshal of a stored release (helm 3 or helm 4 record). */
export function releaseFromJson(text: string): Release {
  const m = asMap(parseJson(text));
  if (!m) throw new Error('json: cannot unmarshal into Go value of type v1.Release');
  const info = asMap(m.get('info'));
  const chart = asMap(m.get('chart'));
  const hooks = m.get('hooks');
  return {
    name: str(m, 'name'),
    info: info ? infoFromJson(info) : null,
    chart: chart ? chartFromJson(chart) : null,
    config: asMap(m.get('config')) ?? null,
    manifest: str(m, 'manifest'),
    hooks: Array.isArray(hooks) ? hooks.map(hookFromJson) : [],
    version: num(m, 'version'),
    namespace: str(m, 'namespace'),
    applyMethod: str(m, 'apply_method'),
    labels: {},
  };
}
