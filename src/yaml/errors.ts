// yaml.v2's error texts for the parse errors the `yaml` package reports in its own words.
//
// yaml.v2 prints `yaml: line N: PROBLEM`. For scanner problems N is the 1-based line of the
// problem; for parser problems it is the 0-based line of the offending token (libyaml's mark, not
// incremented); either way the prefix is left out when that 0-based line is 0. The mapping below
// covers the common mistakes and was checked against helm; rarer ones fall back to the nearest.
import { isCollection, isScalar, visit, type Document, type YAMLError } from 'yaml';
import { GoInt, type GoValue } from '../gotemplate/value.js';
import { scanFlow } from './flow.js';

type Kind = 'scanner' | 'parser';

function lineIndexAt(text: string, pos: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function format(kind: Kind, zeroBasedLine: number, problem: string): string {
  if (zeroBasedLine === 0) return `yaml: ${problem}`;
  return `yaml: line ${kind === 'scanner' ? zeroBasedLine + 1 : zeroBasedLine}: ${problem}`;
}

/** libyaml's line of the stream end: a last line without a break counts as ended. */
function streamEndLine(text: string): number {
  const breaks = lineIndexAt(text, text.length);
  return text.length > 0 && !text.endsWith('\n') ? breaks + 1 : breaks;
}

const LINE_INDENT = /^( *)(\S?)/;

/**
 * Which block collection was expecting the token at `pos`: a sequence when the nearest earlier
 * line at the token's column starts an item there, otherwise a mapping.
 */
function expectedIndicator(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const column = pos - lineStart;
  const before = text.slice(0, lineStart).split('\n');
  for (let i = before.length - 1; i >= 0; i--) {
    const m = LINE_INDENT.exec(before[i])!;
    if (m[2] === '' || m[2] === '#') continue;
    const indent = m[1].length;
    if (indent > column) continue;
    return indent === column && m[2] === '-' ? "did not find expected '-' indicator" : 'did not find expected key';
  }
  return 'did not find expected key';
}

const IMPLICIT_KEY_WITHOUT_VALUE = /^Implicit map keys need to be followed by map values/;
const MAPPING_INDICATOR = /:(?=[ \t]|$)/;
const BLOCK_ENTRY = /^-([ \t\r\n]|$)/;

function lineAt(text: string, pos: number): string {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  const end = text.indexOf('\n', pos);
  return text.slice(start, end < 0 ? text.length : end);
}

/** The ':' that follows a key the `yaml` package rejected: libyaml's problem is there. */
function mappingValueNotAllowed(text: string, pos: number): string {
  const colon = /:(?=[ \t\r\n]|$)/g;
  colon.lastIndex = pos;
  const m = colon.exec(text);
  return format('scanner', lineIndexAt(text, m ? m.index : pos), 'mapping values are not allowed in this context');
}

/**
 * Whether the scalar at `pos` stands where its block collection's keys or entries start: libyaml
 * then requires it to be a key (a ':' on the same line), and its column is an open indentation
 * when an earlier line, with nothing less indented between, starts at that column.
 */
function isRequiredKey(text: string, pos: number): boolean {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const column = pos - lineStart;
  if (lineStart === 0 || BLOCK_ENTRY.test(text.slice(pos, pos + 2))) return false;
  const before = text.slice(0, lineStart - 1).split('\n');
  for (let i = before.length - 1; i >= 0; i--) {
    const m = LINE_INDENT.exec(before[i])!;
    if (m[2] === '' || m[2] === '#') continue;
    if (m[1].length < column) return false;
    if (m[1].length === column) return true;
  }
  return false;
}

/**
 * libyaml notices that a required key has no ':' when it reads the next token (or the stream's
 * end): a later line that is not more indented than the key (more indented ones continue it).
 */
function missingColon(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const column = pos - lineStart;
  const lines = text.split('\n');
  for (let i = lineIndexAt(text, pos) + 1; i < lines.length; i++) {
    const m = LINE_INDENT.exec(lines[i])!;
    if (m[2] === '' || m[2] === '#' || m[1].length > column) continue;
    return format('scanner', i, "could not find expected ':'");
  }
  return format('scanner', streamEndLine(text), "could not find expected ':'");
}

/** Whether the line before `pos` ends inside a plain scalar that a tab-indented line would continue. */
function continuesPlainScalar(text: string, pos: number): boolean {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const previous = text.slice(0, Math.max(0, lineStart - 1)).split('\n').pop() ?? '';
  return /(^|:\s|^\s*-\s)\s*[^\s#|>'"&*!{[\]}]/.test(previous) && !/:\s*$/.test(previous);
}

/** The opening brackets of the outermost flow collections, in document order. */
function outermostFlowStarts(doc: Document.Parsed): number[] {
  const starts: number[] = [];
  visit(doc, {
    Collection(_, node) {
      if (!node.flow) return undefined;
      if (node.range) starts.push(node.range[0]);
      return visit.SKIP;
    },
  });
  return starts;
}

/**
 * yaml.v2's first error in a parsed document (with `yaml: ` prefix), or undefined when it reads
 * the document without error. Flow collections are read as libyaml reads them: the `yaml` package
 * judges their insides by other rules (indentation, implicit keys).
 */
export function firstYamlV2Error(doc: Document.Parsed, text: string): string | undefined {
  const valid: [number, number][] = [];
  let flowError: { start: number; message: string } | undefined;
  if (text.includes('[') || text.includes('{')) {
    for (const start of outermostFlowStarts(doc)) {
      const scan = scanFlow(text, start);
      if ('end' in scan) {
        valid.push([start, scan.end]);
        continue;
      }
      flowError = { start, message: format(scan.kind, scan.atStreamEnd ? streamEndLine(text) : lineIndexAt(text, scan.pos), scan.problem) };
      break;
    }
  }
  const rootEnd = completeRootEnd(doc, valid);
  // An error the `yaml` package finds inside a collection libyaml reads without one stays reported:
  // its reading of the collection's value would differ from yaml.v2's.
  const error = doc.errors.find((e) => rootEnd === undefined || e.pos[0] < rootEnd);
  if (flowError && (!error || error.pos[0] >= flowError.start)) return flowError.message;
  return error && yamlV2Message(error, text);
}

/**
 * yaml.v2 stops reading once the root node is complete; a scalar or a closed flow collection is
 * complete at its end, so what follows it (even garbage) is never parsed. Where that is, or
 * undefined when the root goes on to the end of the stream.
 */
function completeRootEnd(doc: Document.Parsed, validFlows: [number, number][]): number | undefined {
  const root = doc.contents;
  if (!root || !root.range) return undefined;
  if (isScalar(root)) return root.range[1];
  if (!isCollection(root) || !root.flow) return undefined;
  return validFlows.find(([start]) => start === root.range![0])?.[1];
}

/** yaml.v2's message (with `yaml: ` prefix) for an error the `yaml` package found. */
function yamlV2Message(error: YAMLError, text: string): string {
  let pos = error.pos[0];
  // The `yaml` package may point at the indentation; libyaml's mark is the token itself.
  while (text[pos] === ' ') pos++;
  const line = lineIndexAt(text, pos);
  switch (error.code) {
    case 'MULTILINE_IMPLICIT_KEY':
      if (BLOCK_ENTRY.test(text.slice(pos, pos + 2))) break;
      if (isRequiredKey(text, pos)) return missingColon(text, pos);
      return mappingValueNotAllowed(text, pos);
    case 'BLOCK_AS_IMPLICIT_KEY':
      return mappingValueNotAllowed(text, pos);
    case 'BAD_DQ_ESCAPE': {
      const escape = text[text.indexOf('\\', pos) + 1];
      const problem = 'xuU'.includes(escape) ? 'did not find expected hexdecimal number' : 'found unknown escape character';
      return format('scanner', line, problem);
    }
    case 'BAD_SCALAR_START':
      return format('scanner', line, 'found character that cannot start any token');
    case 'TAB_AS_INDENT':
      if (line > 0 && continuesPlainScalar(text, pos)) return format('scanner', line, 'found a tab character that violates indentation');
      return format('scanner', line, 'found character that cannot start any token');
    case 'MISSING_CHAR':
      if (/quote/.test(error.message)) return format('scanner', lineIndexAt(text, text.length), 'found unexpected end of stream');
      if (IMPLICIT_KEY_WITHOUT_VALUE.test(error.message) && isRequiredKey(text, pos)) return missingColon(text, pos);
      break;
    case 'UNEXPECTED_TOKEN':
      if (/^Unexpected block-seq-ind on same line with key/.test(error.message)) return format('scanner', line, 'block sequence entries are not allowed in this context');
      if (/^Unexpected scalar at node end/.test(error.message) && !MAPPING_INDICATOR.test(lineAt(text, pos)) && isRequiredKey(text, pos)) return missingColon(text, pos);
      break;
    case 'BAD_INDENT':
      if (!MAPPING_INDICATOR.test(lineAt(text, pos)) && isRequiredKey(text, pos)) return missingColon(text, pos);
      if (/^Flow sequence/.test(error.message)) return format('parser', streamEndLine(text), "did not find expected ',' or ']'");
      if (/^Flow map/.test(error.message)) return format('parser', streamEndLine(text), "did not find expected ',' or '}'");
      break;
  }
  return format('parser', line, expectedIndicator(text, pos));
}

/** Go's %#v of a yaml.v2 interface{} value, for yaml.v2 and sigs.k8s.io/yaml messages. */
export function goSyntax(v: GoValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof GoInt) return v.toString();
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => (x === null ? 'interface {}(nil)' : goSyntax(x))).join(', ')}}`;
  if (v instanceof Map) {
    const entries = [...v].map(([k, x]) => `${JSON.stringify(k)}:${x === null ? 'interface {}(nil)' : goSyntax(x)}`);
    return `map[interface {}]interface {}{${entries.join(', ')}}`;
  }
  return String(v);
}
