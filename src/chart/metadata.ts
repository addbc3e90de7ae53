// Chart.yaml, requirements.yaml and Chart.lock decoding and validation, as helm's chart v2 package
// does it: sigs.k8s.io/yaml (YAML → JSON, scalars coerced to strings where the Go field is a string)
// then encoding/json into the Go structs, whose type errors helm prints verbatim.
import { GoError, type GoValue } from '../gotemplate/value.js';
import { parseVersion } from '../semver/index.js';
import { formatFloat } from '../gotemplate/strconv.js';
import type { Dependency, Lock, Maintainer, Metadata } from './chart.js';
import { goBase } from './ignore.js';

/** Go types of the fields helm decodes, as encoding/json names them in its errors. */
type FieldType =
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'any' }
  | { kind: 'stringList' }
  | { kind: 'anyList' }
  | { kind: 'stringMap' }
  | { kind: 'structList'; struct: StructSpec; goType: string };

interface StructSpec {
  name: string;
  /** JSON field name → [property name, type]. */
  fields: Record<string, [string, FieldType]>;
}

const STRING: FieldType = { kind: 'string' };
const BOOL: FieldType = { kind: 'bool' };
const STRING_LIST: FieldType = { kind: 'stringList' };

const MAINTAINER: StructSpec = {
  name: 'Maintainer',
  fields: { name: ['name', STRING], email: ['email', STRING], url: ['url', STRING] },
};

const DEPENDENCY: StructSpec = {
  name: 'Dependency',
  fields: {
    name: ['name', STRING],
    version: ['version', STRING],
    repository: ['repository', STRING],
    condition: ['condition', STRING],
    tags: ['tags', STRING_LIST],
    enabled: ['enabled', BOOL],
    'import-values': ['importValues', { kind: 'anyList' }],
    alias: ['alias', STRING],
  },
};

const DEPENDENCIES: FieldType = { kind: 'structList', struct: DEPENDENCY, goType: '[]*v2.Dependency' };

const METADATA: StructSpec = {
  name: 'Metadata',
  fields: {
    name: ['name', STRING],
    home: ['home', STRING],
    sources: ['sources', STRING_LIST],
    version: ['version', STRING],
    description: ['description', STRING],
    keywords: ['keywords', STRING_LIST],
    maintainers: ['maintainers', { kind: 'structList', struct: MAINTAINER, goType: '[]*v2.Maintainer' }],
    icon: ['icon', STRING],
    apiVersion: ['apiVersion', STRING],
    condition: ['condition', STRING],
    tags: ['tags', STRING],
    appVersion: ['appVersion', STRING],
    deprecated: ['deprecated', BOOL],
    annotations: ['annotations', { kind: 'stringMap' }],
    kubeVersion: ['kubeVersion', STRING],
    dependencies: ['dependencies', DEPENDENCIES],
    type: ['type', STRING],
  },
};

const LOCK: StructSpec = {
  name: 'Lock',
  fields: { generated: ['generated', STRING], digest: ['digest', STRING], dependencies: ['dependencies', DEPENDENCIES] },
};

/** The struct helm 4's loader reads first to pick the chart API version. */
const CHART_BASE: StructSpec = { name: 'chartBase', fields: { apiVersion: ['apiVersion', STRING] } };

type Obj = Record<string, unknown>;

/** JSON kind of a value as encoding/json names it in UnmarshalTypeError. */
function jsonKind(v: GoValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Map) return 'object';
  return 'number';
}

function typeError(v: GoValue, struct: string, path: string[], goType: string): GoError {
  const where = path.length === 0 ? `Go value of type ${struct}` : `Go struct field ${struct.replace(/^.*\./, '')}.${path.join('.')} of type ${goType}`;
  return new GoError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into ${where}`);
}

/** sigs.k8s.io/yaml turns a YAML scalar into a string when the Go target is a string. */
function scalarToString(v: GoValue): GoValue {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    // YAML integers become decimal text; floats are formatted as float32 'g' by sigs.k8s.io/yaml.
    // The YAML reader gives both as float64, so integral values are taken to be YAML integers.
    return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? BigInt(v).toString() : formatFloat(v, 'g', -1, 32);
  }
  return v;
}

function decodeField(v: GoValue, type: FieldType, struct: string, path: string[], current: unknown): unknown {
  if (v === null) return type.kind === 'string' ? (current ?? '') : undefined;
  switch (type.kind) {
    case 'string': {
      const s = scalarToString(v);
      if (typeof s !== 'string') throw typeError(v, struct, path, 'string');
      return s;
    }
    case 'bool':
      if (typeof v !== 'boolean') throw typeError(v, struct, path, 'bool');
      return v;
    case 'any':
      return v;
    case 'anyList':
      if (!Array.isArray(v)) throw typeError(v, struct, path, '[]interface {}');
      return v;
    case 'stringList':
      if (!Array.isArray(v)) throw typeError(v, struct, path, '[]string');
      return v.map((item) => {
        if (item === null) return '';
        const s = scalarToString(item);
        if (typeof s !== 'string') throw typeError(item, struct, path, 'string');
        return s;
      });
    case 'stringMap': {
      if (!(v instanceof Map)) throw typeError(v, struct, path, 'map[string]string');
      const out: Record<string, string> = {};
      for (const k of [...v.keys()].sort()) {
        const item = v.get(k) ?? null;
        const s = item === null ? '' : scalarToString(item);
        if (typeof s !== 'string') throw typeError(item, struct, path, 'string');
        out[k] = s;
      }
      return out;
    }
    case 'structList':
      if (!Array.isArray(v)) throw typeError(v, struct, path, type.goType);
      return v.map((item) => {
        if (item === null) return null;
        if (!(item instanceof Map)) throw typeError(item, struct, path, `v2.${type.struct.name}`);
        return decodeStruct(item, type.struct, path, {});
      });
  }
}

/** Decodes a map onto `target` as encoding/json does: keys in sorted order, case-insensitive names. */
function decodeStruct(v: GoValue, spec: StructSpec, path: string[], target: Obj, goTypeName = `v2.${spec.name}`): Obj {
  if (!(v instanceof Map)) throw typeError(v, goTypeName, [], '');
  for (const key of [...v.keys()].sort()) {
    const field = spec.fields[key] ?? Object.entries(spec.fields).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
    if (!field) continue;
    const jsonName = spec.fields[key] ? key : Object.keys(spec.fields).find((n) => n.toLowerCase() === key.toLowerCase())!;
    const [prop, type] = field;
    const value = decodeField(v.get(key) ?? null, type, spec.name, [...path, jsonName], target[prop]);
    if (value === undefined) delete target[prop];
    else target[prop] = value;
  }
  return target;
}

/** Wraps the YAML reader's error the way sigs.k8s.io/yaml does. */
function yamlError(err: unknown): GoError {
  const msg = err instanceof Error ? err.message : String(err);
  return new GoError(msg.startsWith('error converting YAML to JSON') || msg.startsWith('error unmarshaling JSON') ? msg : `error converting YAML to JSON: ${msg}`);
}

export type YamlReader = (text: string) => GoValue;

function readYaml(parse: YamlReader, text: string): GoValue {
  try {
    return parse(text);
  } catch (err) {
    throw yamlError(err);
  }
}

/** Chart.yaml's apiVersion as helm 4 reads it before choosing a loader. */
export function readApiVersion(parse: YamlReader, text: string): string {
  const doc = readYaml(parse, text);
  if (doc === null) return '';
  const out = decodeStruct(doc, CHART_BASE, [], {}, 'loader.chartBase');
  return typeof out.apiVersion === 'string' ? out.apiVersion : '';
}

/** Decodes Chart.yaml (or requirements.yaml, onto the same metadata) like yaml.Unmarshal into Metadata. */
export function decodeMetadata(parse: YamlReader, text: string, onto?: Metadata): Metadata {
  const doc = readYaml(parse, text);
  const target = (onto ?? { name: '', version: '', apiVersion: '' }) as unknown as Obj;
  if (doc !== null) decodeStruct(doc, METADATA, [], target);
  return target as unknown as Metadata;
}

export function decodeLock(parse: YamlReader, text: string): Lock | undefined {
  const doc = readYaml(parse, text);
  if (doc === null) return undefined;
  const lock = decodeStruct(doc, LOCK, [], {}) as unknown as Lock;
  lock.generated ??= '';
  lock.digest ??= '';
  lock.dependencies ??= [];
  if (lock.generated !== '' && !RFC3339.test(lock.generated)) {
    throw new GoError(`error unmarshaling JSON: while decoding JSON: parsing time ${JSON.stringify(lock.generated)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(lock.generated)} as "2006"`);
  }
  return lock;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const ALIAS_FORMAT = /^[a-zA-Z0-9_-]+$/;

// unicode.IsSpace: ASCII whitespace, NEL, NBSP and the Unicode White_Space separators.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/u;
// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const GO_PRINT = /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;

/** Helm's sanitizeString: whitespace becomes a space, non-printable runes are dropped. */
export function sanitizeString(s: string): string {
  // Printable ASCII (the space included) is kept as it is; only other runes need the Unicode classes.
  if (/^[\x20-\x7e]*$/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    if (GO_SPACE.test(ch)) out += ' ';
    else if (GO_PRINT.test(ch)) out += ch;
  }
  return out;
}

function validation(msg: string): GoError {
  return new GoError(`validation: ${msg}`);
}

function sanitizeFields<T extends object>(obj: T, keys: (keyof T)[]): void {
  for (const k of keys) {
    const v = obj[k];
    if (typeof v === 'string') (obj as Record<keyof T, unknown>)[k] = sanitizeString(v);
  }
}

function validateDependency(d: Dependency | null): void {
  if (d === null) throw validation('dependencies must not contain empty or null nodes');
  d.name ??= '';
  sanitizeFields(d, ['name', 'version', 'repository', 'condition']);
  if (d.tags) d.tags = d.tags.map(sanitizeString);
  if (d.alias && !ALIAS_FORMAT.test(d.alias)) throw validation(`dependency ${goQuote(d.name)} has disallowed characters in the alias`);
}

/** Chart metadata validation (helm's Metadata.Validate), sanitizing strings in place. */
export function validateMetadata(md: Metadata): void {
  sanitizeFields(md, ['name', 'description', 'home', 'icon', 'condition', 'tags', 'appVersion', 'kubeVersion']);
  if (md.sources) md.sources = md.sources.map(sanitizeString);
  if (md.keywords) md.keywords = md.keywords.map(sanitizeString);
  if (!md.apiVersion) throw validation('chart.metadata.apiVersion is required');
  if (!md.name) throw validation('chart.metadata.name is required');
  if (md.name === '.' || md.name === '..') throw validation(`chart.metadata.name ${goQuote(md.name)} is not allowed`);
  if (md.name !== goBase(md.name)) throw validation(`chart.metadata.name ${goQuote(md.name)} is invalid`);
  if (!md.version) throw validation('chart.metadata.version is required');
  if (!isValidSemver(md.version)) throw validation(`chart.metadata.version ${goQuote(md.version)} is invalid`);
  if (md.type !== undefined && md.type !== '' && md.type !== 'application' && md.type !== 'library') {
    throw validation('chart.metadata.type must be application or library');
  }
  for (const m of (md.maintainers ?? []) as (Maintainer | null)[]) {
    if (m === null) throw validation('maintainers must not contain empty or null nodes');
    sanitizeFields(m, ['name', 'email', 'url']);
  }
  const seen = new Set<string>();
  for (const d of (md.dependencies ?? []) as (Dependency | null)[]) {
    validateDependency(d);
    const key = d!.alias || d!.name;
    if (seen.has(key)) throw validation(`more than one dependency with name or alias ${goQuote(key)}`);
    seen.add(key);
  }
}

export function isValidSemver(v: string): boolean {
  try {
    parseVersion(v);
    return true;
  } catch {
    return false;
  }
}

/** Go's %q for the strings helm quotes in its messages. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else if (!GO_PRINT.test(ch)) out += cp > 0xffff ? '\\U' + cp.toString(16).padStart(8, '0') : '\\u' + cp.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}
