// Helm's YAML writers.
//  - toYaml = sigs.k8s.io/yaml.Marshal: encoding/json first, then the JSON read back by yaml.v2
//    (numbers become int or float64 as YAML resolves their JSON text) and written by yaml.v2.
//  - toYamlPretty = yaml.v3 Encoder with indent 2 on the Go value itself (float64 1000000 is
//    `1e+06` there), no line folding.
import { GoError, GoFloat32, GoInt, GoObject, TypedNil, typeName, type GoValue } from '../gotemplate/value.js';
import { Emitter, type EmitNode } from './emitter.js';
import { formatFloat } from '../gotemplate/strconv.js';
import { encodeJson, formatJsonFloat } from './json.js';
import { resolvePlain, resolvesToString } from './resolve.js';

// Characters encoding/json leaves raw that yaml.v2's reader refuses ("control characters").
const REJECTED_BY_YAML_READER = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

function isLetter(c: number): boolean {
  return c < 0x80 ? (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) : LETTER.test(String.fromCodePoint(c));
}

function isDigit(c: number): boolean {
  return c < 0x80 ? c >= 0x30 && c <= 0x39 : DIGIT.test(String.fromCodePoint(c));
}

/** A digit run's value as go-yaml accumulates it in an int64 (wrapping on overflow). */
function digitRun(r: number[], from: number, start: bigint): { value: bigint; end: number } {
  let v = start;
  let i = from;
  for (; i < r.length && isDigit(r[i]); i++) v = BigInt.asIntN(64, v * 10n + BigInt(r[i] - 48));
  return { value: v, end: i };
}

/** go-yaml's keyList.Less for two string keys (as code point arrays): a "natural" order. */
function keyLess(ar: number[], br: number[], v3: boolean): boolean {
  let digits = false;
  const n = Math.min(ar.length, br.length);
  for (let i = 0; i < n; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]);
      continue;
    }
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) return v3 && digits ? al : bl;
    let start = 0n;
    if (ar[i] === 0x30 || br[i] === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== 0x30) {
          start = 1n;
          break;
        }
      }
    }
    const a = digitRun(ar, i, start);
    const b = digitRun(br, i, start);
    if (a.value !== b.value) return a.value < b.value;
    if (a.end !== b.end) return a.end < b.end;
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}

/** Map keys in go-yaml's order. */
export function sortYamlKeys(keys: string[], v3 = false): string[] {
  const runes = new Map(keys.map((k) => [k, codePoints(k)]));
  return keys.sort((a, b) => {
    const ra = runes.get(a)!;
    const rb = runes.get(b)!;
    return keyLess(ra, rb, v3) ? -1 : keyLess(rb, ra, v3) ? 1 : 0;
  });
}

/** go-yaml's stringv: plain when it reads back as the same string, literal for multi-line text. */
function stringNode(s: string): EmitNode {
  return { kind: 'scalar', value: s, style: s.includes('\n') ? 'literal' : resolvesToString(s) ? 'plain' : 'double' };
}

// encoding/json leaves NEL (U+0085) raw; reading the JSON back, yaml.v2 takes it for a line break
// inside a double-quoted scalar and folds it with the spaces around it: one break is a space,
// n breaks are n-1 newlines.
function foldNextLines(s: string): string {
  return s.replace(/ *(?:\u0085 *)+/g, (run) => {
    const breaks = run.split('\u0085').length - 1;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
}

/** encoding/json writes a lone surrogate (invalid UTF-8 in Go) as U+FFFD. */
function wellFormed(s: string): string {
  if (s.includes('\u0085')) s = foldNextLines(s);
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function plain(value: string): EmitNode {
  return { kind: 'scalar', value, style: 'plain' };
}

/** A number's JSON text as yaml.v2 reads it back: an int printed as is, else a float64 'g'. */
function jsonNumberNode(jsonText: string): EmitNode {
  const r = resolvePlain(jsonText);
  if (r.kind === 'int') return plain(r.value.toString());
  if (r.kind === 'float') return plain(formatFloat(r.value, 'g', -1, 64));
  return plain(jsonText);
}

function mapNode(entries: [string, EmitNode][], v3: boolean): EmitNode {
  const byKey = new Map(entries);
  return { kind: 'map', entries: sortYamlKeys([...byKey.keys()], v3).map((k) => [stringNode(k), byKey.get(k)!]) };
}

/** The tree yaml.v2 decodes from encoding/json's text of `v`. */
function fromJsonSemantics(v: GoValue): EmitNode {
  if (v === null || v === undefined || v instanceof TypedNil) return plain('null');
  switch (typeof v) {
    case 'boolean':
      return plain(v ? 'true' : 'false');
    case 'number':
      return jsonNumberNode(formatJsonFloat(v));
    case 'string':
      if (REJECTED_BY_YAML_READER.test(v)) throw new GoError('yaml: control characters are not allowed');
      return stringNode(wellFormed(v));
  }
  if (v instanceof GoInt) return plain(v.value.toString());
  if (v instanceof GoFloat32) return jsonNumberNode(formatJsonFloat(v.value, 32));
  if (v instanceof Uint8Array) return stringNode(Buffer.from(v).toString('base64'));
  if (Array.isArray(v)) return { kind: 'seq', items: v.map(fromJsonSemantics) };
  if (v instanceof Map) {
    const entries: [string, EmitNode][] = [];
    for (const [k, x] of v) {
      if (REJECTED_BY_YAML_READER.test(k)) throw new GoError('yaml: control characters are not allowed');
      entries.push([wellFormed(k), fromJsonSemantics(x)]);
    }
    return mapNode(entries, false);
  }
  if (v instanceof GoObject) {
    const marshalled = v.jsonValue();
    if (marshalled !== undefined) return fromJsonSemantics(marshalled);
    return mapNode(v.jsonEntries().map(([k, x]) => [k, fromJsonSemantics(x)]), false);
  }
  throw new GoError(`json: unsupported type: ${typeName(v)}`);
}

const V2 = { v3: false, width: 80 };
const V3 = { v3: true, width: Infinity };

/**
 * sigs.k8s.io/yaml.Marshal(v) as text (ending in a line break). Throws GoError with its message,
 * e.g. `error marshaling into JSON: json: unsupported value: NaN`.
 */
export function marshalYaml(v: GoValue): string {
  try {
    // encoding/json runs first: its errors win over the YAML step's.
    encodeJson(v);
  } catch (e) {
    if (e instanceof GoError) throw new GoError('error marshaling into JSON: ' + e.message);
    throw e;
  }
  return new Emitter(V2).document(fromJsonSemantics(v));
}

/** yaml.v3's encoding of a Go value (toYamlPretty). */
function goNode(v: GoValue): EmitNode {
  if (v === null || v === undefined) return plain('null');
  switch (typeof v) {
    case 'boolean':
      return plain(v ? 'true' : 'false');
    case 'number':
      return plain(yamlFloat(formatFloat(v, 'g', -1, 64)));
    case 'string':
      return stringNode(v);
  }
  if (v instanceof TypedNil) {
    if (v.type.startsWith('map[')) return { kind: 'map', entries: [] };
    if (v.type.startsWith('[]')) return { kind: 'seq', items: [] };
    return plain('null');
  }
  if (v instanceof GoInt) return plain(v.value.toString());
  if (v instanceof GoFloat32) return plain(yamlFloat(formatFloat(v.value, 'g', -1, 32)));
  if (v instanceof Uint8Array) return { kind: 'seq', items: Array.from(v, (b) => plain(String(b))) };
  if (Array.isArray(v)) return { kind: 'seq', items: v.map(goNode) };
  if (v instanceof Map) return mapNode([...v].map(([k, x]) => [k, goNode(x)]), true);
  if (v instanceof GoObject) {
    const marshalled = v.jsonValue();
    if (marshalled !== undefined) return goNode(marshalled);
    return mapNode(v.jsonEntries().map(([k, x]) => [k, goNode(x)]), true);
  }
  throw new GoError(`cannot marshal type: ${typeName(v)}`);
}

function yamlFloat(s: string): string {
  return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
}

/** yaml.v3 Encoder with SetIndent(2): Helm's toYamlPretty before it trims the final line break. */
export function marshalYamlPretty(v: GoValue): string {
  return new Emitter(V3).document(goNode(v));
}
