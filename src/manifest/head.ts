// releaseutil.SimpleHead: the apiVersion, kind, name and annotations of a manifest, decoded as
// sigs.k8s.io/yaml.Unmarshal does into helm's struct. Scalars meant for string fields become
// strings (yaml's JSON target conversion); anything else of the wrong shape is encoding/json's
// error, the first one in key order.
import { GoError, type GoValue } from '../gotemplate/value.js';
import { parseYaml } from '../yaml/read.js';

export interface SimpleHead {
  apiVersion: string;
  kind: string;
  metadata?: { name: string; annotations?: Map<string, string> };
}

const METADATA_TYPE = 'struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }';

function jsonKind(v: GoValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

class HeadDecoder {
  firstError?: string;

  fail(value: GoValue, field: string, type: string): void {
    this.firstError ??= `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${field} of type ${type}`;
  }

  /** A string field: null leaves it empty, scalars become their text, collections are errors. */
  string(value: GoValue, field: string): string {
    if (value === null) return '';
    if (typeof value === 'string') return value;
    if (typeof value === 'boolean') return String(value);
    if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
    this.fail(value, field, 'string');
    return '';
  }
}

/** Keys of a JSON object in encoding order (sorted), each matched to a field case-insensitively. */
function fieldsOf(m: Map<string, GoValue>, names: readonly string[]): [string, GoValue][] {
  const out: [string, GoValue][] = [];
  for (const key of [...m.keys()].sort()) {
    const exact = names.find((n) => n === key) ?? names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (exact) out.push([exact, m.get(key)!]);
  }
  return out;
}

// Parsing every rendered document is most of a render's cost (CRDs are large), and the same texts
// come back on every render of a chart: results are remembered by text, within a byte budget.
const CACHE_BUDGET = 64 * 1024 * 1024;
const cache = new Map<string, SimpleHead | GoError>();
let cachedBytes = 0;

function remember(doc: string, result: SimpleHead | GoError): void {
  if (doc.length * 2 > CACHE_BUDGET / 4) return;
  cache.set(doc, result);
  cachedBytes += doc.length * 2;
  for (const key of cache.keys()) {
    if (cachedBytes <= CACHE_BUDGET) break;
    cache.delete(key);
    cachedBytes -= key.length * 2;
  }
}

function copyHead(h: SimpleHead): SimpleHead {
  if (!h.metadata) return { ...h };
  const annotations = h.metadata.annotations ? new Map(h.metadata.annotations) : undefined;
  return { ...h, metadata: { name: h.metadata.name, annotations } };
}

/** Decodes a manifest's head; throws `error converting YAML to JSON: ...` or encoding/json's error. */
export function parseSimpleHead(doc: string): SimpleHead {
  let result = cache.get(doc);
  if (result === undefined) {
    try {
      result = decodeHead(doc);
    } catch (e) {
      if (!(e instanceof GoError)) throw e;
      result = e;
    }
    remember(doc, result);
  }
  if (result instanceof GoError) throw new GoError(result.message);
  return copyHead(result);
}

function decodeHead(doc: string): SimpleHead {
  const value = parseYaml(doc);
  const head: SimpleHead = { apiVersion: '', kind: '' };
  if (value === null) return head;
  if (!(value instanceof Map)) {
    throw new GoError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(value)} into Go value of type util.SimpleHead`);
  }
  const d = new HeadDecoder();
  for (const [field, v] of fieldsOf(value, ['apiVersion', 'kind', 'metadata'])) {
    if (field === 'apiVersion') head.apiVersion = d.string(v, 'SimpleHead.apiVersion');
    else if (field === 'kind') head.kind = d.string(v, 'SimpleHead.kind');
    else if (v === null) head.metadata = undefined;
    else if (!(v instanceof Map)) d.fail(v, 'SimpleHead.metadata', METADATA_TYPE);
    else head.metadata = decodeMetadata(d, v, head.metadata);
  }
  if (d.firstError) throw new GoError(`error unmarshaling JSON: while decoding JSON: ${d.firstError}`);
  return head;
}

function decodeMetadata(d: HeadDecoder, m: Map<string, GoValue>, into: SimpleHead['metadata']): SimpleHead['metadata'] {
  const metadata = into ?? { name: '' };
  for (const [field, v] of fieldsOf(m, ['name', 'annotations'])) {
    if (field === 'name') {
      metadata.name = d.string(v, '.metadata.name');
    } else if (v === null) {
      metadata.annotations = undefined;
    } else if (!(v instanceof Map)) {
      d.fail(v, '.metadata.annotations', 'map[string]string');
    } else {
      const annotations = metadata.annotations ?? new Map<string, string>();
      for (const key of [...v.keys()].sort()) annotations.set(key, d.string(v.get(key)!, '.metadata.annotations'));
      metadata.annotations = annotations;
    }
  }
  return metadata;
}
