// yaml.v2's error texts for the parse errors the `yaml` package reports in its own words.
//
// yaml.v2 prints `yaml: line N: PROBLEM`. For scanner problems N is the 1-based line of the
// problem; for parser problems it is the 0-based line of the offending token (libyaml's mark, not
// incremented); either way the prefix is left out when that 0-based line is 0. The mapping below
// covers the common mistakes and was checked against helm; rarer ones fall back to the nearest.
import type { YAMLError } from 'yaml';
import { GoInt, type GoValue } from '../gotemplate/value.js';

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

/** Whether the line before `pos` ends inside a plain scalar that a tab-indented line would continue. */
function continuesPlainScalar(text: string, pos: number): boolean {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const previous = text.slice(0, Math.max(0, lineStart - 1)).split('\n').pop() ?? '';
  return /(^|:\s|^\s*-\s)\s*[^\s#|>'"&*!{[\]}]/.test(previous) && !/:\s*$/.test(previous);
}

/** yaml.v2's message (with `yaml: ` prefix) for the first error the `yaml` package found. */
export function yamlV2Message(error: YAMLError, text: string): string {
  let pos = error.pos[0];
  // The `yaml` package may point at the indentation; libyaml's mark is the token itself.
  while (text[pos] === ' ') pos++;
  const line = lineIndexAt(text, pos);
  switch (error.code) {
    case 'BLOCK_AS_IMPLICIT_KEY': {
      // The problem is the ':' that starts the nested mapping.
      const colon = /:(?=[ \t\r\n]|$)/g;
      colon.lastIndex = pos;
      const m = colon.exec(text);
      return format('scanner', lineIndexAt(text, m ? m.index : pos), 'mapping values are not allowed in this context');
    }
    case 'BAD_DQ_ESCAPE':
      return format('scanner', line, 'found unknown escape character');
    case 'BAD_SCALAR_START':
      return format('scanner', line, 'found character that cannot start any token');
    case 'TAB_AS_INDENT':
      if (line > 0 && continuesPlainScalar(text, pos)) return format('scanner', line, 'found a tab character that violates indentation');
      return format('scanner', line, 'found character that cannot start any token');
    case 'MISSING_CHAR':
      if (/quote/.test(error.message)) return format('scanner', lineIndexAt(text, text.length), 'found unexpected end of stream');
      break;
    case 'BAD_INDENT':
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
