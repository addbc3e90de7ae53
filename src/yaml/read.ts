// YAML reading as Helm does it: sigs.k8s.io/yaml.Unmarshal = yaml.v2 decodes into interface{}
// (YAML 1.1 resolution, merge keys, only the first document), map keys become strings, the
// result goes through encoding/json, so every number comes back a float64.
//
// The `yaml` package parses (failsafe schema: every scalar stays text); resolution, merging and
// the JSON step are ours. Errors carry yaml.v2's wording (see ./errors.ts).
import { Alias, isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar, type Document, type Node, type YAMLMap } from 'yaml';
import { GoError, type GoValue } from '../gotemplate/value.js';
import { formatFloat } from '../gotemplate/strconv.js';
import { formatJsonFloat } from './json.js';
import { firstYamlV2Error, goSyntax } from './errors.js';
import { resolvePlain, type Resolved } from './resolve.js';

const TAG_PREFIX = 'tag:yaml.org,2002:';
// yaml.v2's reader accepts only printable characters (tab, line breaks and NEL included).
// eslint-disable-next-line no-control-regex -- control characters are what it matches
const CONTROL_CHARACTER = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** A YAML value as yaml.v2 decodes it into interface{}, before the JSON step. */
type Decoded = Resolved | { kind: 'map'; value: Map<string, Decoded> } | { kind: 'seq'; value: Decoded[] };

class Decoder {
  constructor(private readonly doc: Document.Parsed) {}

  node(n: Node | null | undefined, depth: number): Decoded {
    if (n === null || n === undefined) return { kind: 'null', value: null };
    if (isAlias(n)) return this.alias(n, depth);
    if (isScalar(n)) return this.scalar(n);
    if (isMap(n)) return { kind: 'map', value: this.mapping(n, new Map(), depth) };
    if (isSeq(n)) return { kind: 'seq', value: n.items.map((item) => this.node(item as Node, depth)) };
    return { kind: 'null', value: null };
  }

  private alias(a: Alias, depth: number): Decoded {
    if (depth > 100) throw new GoError(`yaml: anchor '${a.source}' value contains itself`);
    const target = a.resolve(this.doc);
    if (!target) throw new GoError(`yaml: unknown anchor '${a.source}' referenced`);
    return this.node(target as Node, depth + 1);
  }

  private scalar(s: Scalar): Decoded {
    const text = String(s.value ?? '');
    const tag = s.tag;
    if (tag === undefined) return s.type === Scalar.PLAIN ? resolvePlain(text) : { kind: 'str', value: text };
    if (!tag.startsWith(TAG_PREFIX)) return { kind: 'str', value: text };
    const short = tag.slice(TAG_PREFIX.length);
    switch (short) {
      case 'str':
        return { kind: 'str', value: text };
      case 'binary':
        return { kind: 'str', value: Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8') };
      case 'int':
      case 'float':
      case 'bool':
      case 'null':
      case 'timestamp': {
        const r = resolvePlain(text);
        const got = r.kind === 'str' ? 'str' : r.kind === 'merge' ? 'merge' : r.kind;
        if (got === short) return r.kind === 'timestamp' ? { kind: 'str', value: text } : r;
        if (short === 'float' && r.kind === 'int') return { kind: 'float', value: Number(r.value) };
        throw new GoError(`yaml: cannot decode !!${got} \`${text}\` as a !!${short}`);
      }
      default:
        return { kind: 'str', value: text };
    }
  }

  private mapping(m: YAMLMap, out: Map<string, Decoded>, depth: number): Map<string, Decoded> {
    for (const pair of m.items) {
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode) && keyNode.tag === undefined && keyNode.type === Scalar.PLAIN && keyNode.value === '<<') {
        this.merge(pair.value as Node | null, out, depth);
        continue;
      }
      const key = this.node(keyNode, depth);
      out.set(keyString(key, () => this.node(pair.value as Node | null, depth)), this.node(pair.value as Node | null, depth));
    }
    return out;
  }

  private merge(value: Node | null, out: Map<string, Decoded>, depth: number): void {
    const target = isAlias(value) ? this.resolveAlias(value) : value;
    if (isMap(target)) {
      this.mapping(target, out, depth + 1);
      return;
    }
    if (isSeq(target)) {
      // Earlier maps win: merge them last.
      for (let i = target.items.length - 1; i >= 0; i--) {
        const item = target.items[i] as Node;
        const m = isAlias(item) ? this.resolveAlias(item) : item;
        if (!isMap(m)) throw new GoError('yaml: map merge requires map or sequence of maps as the value');
        this.mapping(m, out, depth + 1);
      }
      return;
    }
    throw new GoError('yaml: map merge requires map or sequence of maps as the value');
  }

  private resolveAlias(a: Alias): Node {
    const target = a.resolve(this.doc);
    if (!target) throw new GoError(`yaml: unknown anchor '${a.source}' referenced`);
    return target as Node;
  }
}

/** sigs.k8s.io/yaml's conversion of a decoded key to a JSON object key. */
function keyString(key: Decoded, value: () => Decoded): string {
  switch (key.kind) {
    case 'str':
    case 'timestamp':
    case 'merge':
      return key.value;
    case 'bool':
      return key.value ? 'true' : 'false';
    case 'int':
      if (key.value > (1n << 63n) - 1n) break;
      return key.value.toString();
    case 'float': {
      const s = formatFloat(key.value, 'g', -1, 32);
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    }
    case 'map':
    case 'seq':
      throw new GoError(`yaml: invalid map key: ${goSyntax(toGo(key))}`);
  }
  const type = key.kind === 'null' ? '%!s(<nil>)' : 'uint64';
  throw new GoError(`unsupported map key of type: ${type}, key: ${key.kind === 'null' ? '<nil>' : String(key.value)}, value: ${goSyntax(toGo(value()))}`);
}

/** yaml.v2's interface{} value in Go terms, for error messages that print it with %#v. */
function toGo(d: Decoded): GoValue {
  switch (d.kind) {
    case 'map':
      return new Map([...d.value].map(([k, v]) => [k, toGo(v)]));
    case 'seq':
      return d.value.map(toGo);
    case 'int':
      return Number(d.value);
    default:
      return d.value;
  }
}

/** The JSON step: numbers become float64, NaN and infinities are refused as encoding/json does. */
function toGoValue(d: Decoded, bad: { value?: number }): GoValue {
  switch (d.kind) {
    case 'map': {
      const out = new Map<string, GoValue>();
      for (const [k, v] of d.value) out.set(k, toGoValue(v, bad));
      return out;
    }
    case 'seq':
      return d.value.map((v) => toGoValue(v, bad));
    case 'int':
      return Number(d.value);
    case 'float':
      if (!Number.isFinite(d.value) && bad.value === undefined) bad.value = d.value;
      return d.value;
    default:
      return d.value;
  }
}

/** The first NaN/Inf in encoding/json's walk order (sorted map keys). */
function firstUnsupported(v: GoValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : v;
  if (Array.isArray(v)) {
    for (const x of v) {
      const f = firstUnsupported(x);
      if (f !== undefined) return f;
    }
  } else if (v instanceof Map) {
    for (const k of [...v.keys()].sort()) {
      const f = firstUnsupported(v.get(k)!);
      if (f !== undefined) return f;
    }
  }
  return undefined;
}

function parseFirstDocument(text: string): Document.Parsed | undefined {
  const docs = parseAllDocuments(text, { version: '1.1', schema: 'failsafe', uniqueKeys: false, merge: false, strict: false, prettyErrors: false });
  if (!Array.isArray(docs)) return undefined;
  return docs[0];
}

/**
 * sigs.k8s.io/yaml.Unmarshal into interface{}: the first document's value (null when empty).
 * Throws a GoError with Helm's text, e.g. `error converting YAML to JSON: yaml: line 3: ...`.
 */
export function parseYaml(text: string): GoValue {
  try {
    return decode(text);
  } catch (e) {
    if (e instanceof GoError) throw new GoError('error converting YAML to JSON: ' + e.message);
    throw e;
  }
}

function decode(text: string): GoValue {
  if (CONTROL_CHARACTER.test(text)) throw new GoError('yaml: control characters are not allowed');
  const doc = parseFirstDocument(text);
  if (!doc) return null;
  const error = firstYamlV2Error(doc, text);
  if (error !== undefined) throw new GoError(error);
  const decoded = new Decoder(doc).node(doc.contents as Node | null, 0);
  const bad: { value?: number } = {};
  const value = toGoValue(decoded, bad);
  if (bad.value !== undefined) {
    const f = firstUnsupported(value)!;
    throw new GoError(`json: unsupported value: ${formatFloat(f, 'g', -1, 64)}`);
  }
  return value;
}

/** JSON type names in encoding/json's UnmarshalTypeError. */
function jsonKind(v: GoValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number ' + formatJsonFloat(v);
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/**
 * sigs.k8s.io/yaml.Unmarshal into a map[string]interface{} or []interface{} that starts empty
 * (fromYaml, fromYamlArray, values files): null leaves it empty, another kind is an error.
 */
export function parseYamlAs(text: string, target: 'map'): Map<string, GoValue>;
export function parseYamlAs(text: string, target: 'array'): GoValue[];
export function parseYamlAs(text: string, target: 'map' | 'array'): Map<string, GoValue> | GoValue[] {
  const v = parseYaml(text);
  if (v === null) return target === 'map' ? new Map() : [];
  if (target === 'map' ? v instanceof Map : Array.isArray(v)) return v as Map<string, GoValue> | GoValue[];
  const type = target === 'map' ? 'map[string]interface {}' : '[]interface {}';
  throw new GoError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type ${type}`);
}

/**
 * Splits a stream as k8s.io/apimachinery's YAMLReader does for Helm's values files. It reads lines
 * (each then ends with a single '\n': a "\r\n" break loses its '\r'); a line that starts with `---` (only a comment
 * may follow it) ends a document that has content, and is dropped with it; one met before any
 * content stays in the document (libyaml then reads it, so line numbers count it).
 */
export function splitYamlDocuments(text: string): string[] {
  const docs: string[] = [];
  let current = '';
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    let line = text.slice(start, end);
    start = end + 1;
    if (nl >= 0 && line.endsWith('\r')) line = line.slice(0, -1);
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest.length > 0 && rest[0] !== '#') throw new GoError(`invalid Yaml document separator: ${rest}`);
      if (current.length > 0) {
        docs.push(current);
        current = '';
        continue;
      }
    }
    current += line + '\n';
  }
  if (current.length > 0) docs.push(current);
  return docs;
}

/** Helm's loader.LoadValues (values.yaml and -f files): documents merged, later ones win. */
export function loadValues(text: string): Map<string, GoValue> {
  let docs: string[];
  try {
    docs = splitYamlDocuments(text);
  } catch (e) {
    if (e instanceof GoError) throw new GoError('error reading yaml document: ' + e.message);
    throw e;
  }
  let values = new Map<string, GoValue>();
  for (const doc of docs) {
    let current: Map<string, GoValue>;
    try {
      current = parseYamlAs(doc, 'map');
    } catch (e) {
      if (e instanceof GoError) throw new GoError('cannot unmarshal yaml document: ' + e.message);
      throw e;
    }
    values = mergeMaps(values, current);
  }
  return values;
}

/** loader.MergeMaps: maps merge recursively, anything else from `b` replaces; `a` is not modified. */
export function mergeMaps(a: Map<string, GoValue>, b: Map<string, GoValue>): Map<string, GoValue> {
  const out = new Map(a);
  for (const [k, v] of b) {
    const existing = out.get(k);
    if (v instanceof Map && existing instanceof Map) out.set(k, mergeMaps(existing, v));
    else out.set(k, v);
  }
  return out;
}
