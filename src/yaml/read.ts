// YAML reading as Helm does it: sigs.k8s.io/yaml.Unmarshal = yaml.v2 decodes into interface{}
// (YAML 1.1 resolution, merge keys, only the first document), map keys become strings, the
// result goes through encoding/json, so every number comes back a float64.
//
// ./libyaml reads the text as yaml.v2 (a port of libyaml) does, with its error texts and lines.
import { GoError, type GoValue } from '../gotemplate/value.js';
import { jsonKindOf } from './json.js';
import { decodeDocument } from './libyaml/decode.js';
import { YamlSyntaxError } from './libyaml/errors.js';
import { DocumentParser, type YamlNode } from './libyaml/parser.js';
import { readerReaches } from './libyaml/reader.js';

// yaml.v2's reader accepts only printable characters (tab, line breaks and NEL included).
// eslint-disable-next-line no-control-regex -- control characters are what it matches
const CONTROL_CHARACTER = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

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

/** Whether yaml.v2's reader refuses the text for a character it does not accept. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

function decode(text: string): GoValue {
  const input = text === '' ? '\n' : text;
  const bad = CONTROL_CHARACTER.exec(input)?.index;
  const parser = new DocumentParser(input);
  let root: YamlNode | null;
  try {
    root = parser.document();
  } catch (e) {
    if (!(e instanceof YamlSyntaxError)) throw e;
    if (bad !== undefined && readerReaches(input, bad, parser.reached)) throw CONTROL_CHARACTERS_ERROR();
    throw new GoError('yaml: ' + e.message);
  }
  if (bad !== undefined && readerReaches(input, bad, parser.reached)) throw CONTROL_CHARACTERS_ERROR();
  return root === null ? null : decodeDocument(root);
}

const CONTROL_CHARACTERS_ERROR = () => new GoError('yaml: control characters are not allowed');

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
  throw new GoError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKindOf(v)} into Go value of type ${type}`);
}

/**
 * Splits a stream as k8s.io/apimachinery's YAMLReader does for Helm's values files. It reads lines
 * (each then ends with a single '\n': a "\r\n" break loses its '\r'); a line that starts with `---` (only a comment
 * may follow it) ends a document that has content, and is dropped with it; one met before any
 * content stays in the document (libyaml then reads it, so line numbers count it).
 */
export function splitYamlDocuments(text: string): string[] {
  // Without separators or CRLF breaks, the stream is one document whose lines all end with '\n'.
  if (!text.startsWith('---') && !text.includes('\n---') && !text.includes('\r\n')) {
    if (text === '') return [];
    return [text.endsWith('\n') ? text : text + '\n'];
  }
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
