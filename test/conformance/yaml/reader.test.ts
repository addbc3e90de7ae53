// The YAML reader (src/yaml/libyaml) against helm's (yaml.v2, a port of libyaml): generated
// documents, valid and not, read by `fromYaml | toJson` in both, and every values.yaml of the corpus
// read as chart values by both.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import type { SnippetResult } from '../../support/helm.js';
import { renderSnippets, snippetMismatches } from '../../support/snippets.js';
import { serializationFuncs } from '../../../src/funcs/serialization.js';
import { loadValues } from '../../../src/yaml/read.js';

const fn = (name: string) => serializationFuncs.find((f) => f.name === name)!;
const text = (r: SnippetResult | undefined) => (r === undefined ? 'MISSING' : 'output' in r ? r.output : 'ERROR ' + r.error);

function fromYamlToJson(input: string): string {
  try {
    return fn('toJson').call(fn('fromYaml').call(input)) as string;
  } catch (e) {
    return 'ERROR ' + (e as Error).message;
  }
}

const word = fc.constantFrom('a', 'b', 'key', 'y', 'no', '~', 'null', '1', '0x1F', '017', '1.5', '.inf', '-', '2001-12-14', '<<', 'a b', 'a:b', 'a#b', 'é', '😀');
const quoted = fc.constantFrom('"x"', '"a\\tb"', '"\\q"', '"\\x4"', '"\\u00e9"', '"open', "'it''s'", "'open", '"a\n  b"', "''", '""');
const flow = fc.constantFrom('[a, b]', '[]', '{}', '{a: 1, b: [2]}', '[a, {b: c}]', '[a: b]', '[1, 2', '{a: 1', '[a,,b]', '{a}', '[? a : b]', '[*x]', '[&y z, *y]');
const property = fc.constantFrom('', '', '', '&x ', '!!str ', '!!int ', '!foo ', '&y !!map ', '! ');
const scalar = fc.oneof(word, quoted, flow, fc.constant('*x'), fc.constant('*y'), fc.constant('@x'), fc.constant('`x'), fc.constant('%x'));
const value = fc.tuple(property, scalar).map(([p, s]) => p + s);
const indent = fc.constantFrom('', '', '', '  ', '  ', '    ', ' ', '\t');
const comment = fc.constantFrom('', '', '', ' # c', '#c', '\t# c');
const line = fc.oneof(
  fc.tuple(indent, word, value, comment).map(([i, k, v, c]) => `${i}${k}: ${v}${c}`),
  fc.tuple(indent, word).map(([i, k]) => `${i}${k}:`),
  fc.tuple(indent, value, comment).map(([i, v, c]) => `${i}- ${v}${c}`),
  fc.tuple(indent, word, value).map(([i, k, v]) => `${i}- ${k}: ${v}`),
  fc.tuple(indent, word, fc.constantFrom('|', '>', '|-', '>+', '|2', '|0')).map(([i, k, h]) => `${i}${k}: ${h}`),
  fc.tuple(indent, value).map(([i, v]) => `${i}${v}`),
  fc.tuple(indent, fc.constantFrom('? a', ': b', '<<: *x', '<<: [*x, *y]', '-', '- - a', 'a: b: c', 'a:b', '---', '...', '--- a', '%YAML 1.1', '#only')).map(([i, s]) => i + s),
);
// Any text from YAML's significant characters: mostly errors, each with its own message and line.
const chaos = fc.array(fc.constantFrom(...' -:?,[]{}#&*!|>\'"%@`\n\n\t\\abxy01.~<é'.split('')), { maxLength: 40 }).map((cs) => cs.join(''));
const document = fc.tuple(fc.array(line, { minLength: 1, maxLength: 7 }), fc.constantFrom('\n', '\n', '', '\r\n', '\n\n')).map(([lines, end]) => lines.join(end === '\r\n' ? '\r\n' : '\n') + end);

test('property: generated YAML documents read by fromYaml | toJson agree with helm', async () => {
  const inputs = fc.sample(fc.oneof(document, document, chaos), { numRuns: 1500, seed: 20261123 });
  const cases = inputs.map((input, i) => ({ name: `d${i}`, template: `{{ fromYaml ${JSON.stringify(input)} | toJson }}` }));
  const res = await renderSnippets(cases, '');
  assert.deepEqual(snippetMismatches(cases, res), []);
  for (const [i, c] of cases.entries()) assert.equal(fromYamlToJson(inputs[i]), text(res.get(c.name)?.helm), JSON.stringify(inputs[i]));
});

// libyaml's reader refuses a control character only once the scanner reads into its 512-byte read.
const pad = (n: number, c = 'x') => c.repeat(n);
const CONTROL_CHARACTER_INPUTS = [
  '\u0001a: b: c\n', `a: b: c\n${pad(2000)}\u0001`, `a: b: c\n${pad(300)}\u0001`, `a: 1\n${pad(2000)}\u0001`, `a: [\n${pad(700)}\u0001`,
  `a: 1\n---\n${pad(2000)}\u0001`, `a: b: c\n${pad(497)}\u0001`, `a: b: c\n${pad(510)}\u0001`, `a: b: c\n${pad(300, 'é')}\u0001`,
  'a: "x\u0000y"', 'a: |\n  x\u0000\n', 'a: x\u0000 y', '\u0000', 'a: |\n\u0000', `x: [\n${pad(600)}\u007f`,
];

test('control characters are refused once the reader reaches them, as helm does', async () => {
  const cases = CONTROL_CHARACTER_INPUTS.map((input, i) => ({ name: `c${i}`, template: `{{ fromYaml ${JSON.stringify(input)} | toJson }}` }));
  const res = await renderSnippets(cases, '');
  assert.deepEqual(snippetMismatches(cases, res), []);
  for (const [i, c] of cases.entries()) assert.equal(fromYamlToJson(CONTROL_CHARACTER_INPUTS[i]), text(res.get(c.name)?.helm), JSON.stringify(CONTROL_CHARACTER_INPUTS[i]));
});

const CORPUS = '/work/shared/corpus';

test('every corpus values.yaml reads as helm reads it', { skip: !existsSync(CORPUS) && 'no corpus' }, async () => {
  const files = readdirSync(CORPUS).map((d) => join(CORPUS, d, 'values.yaml')).filter((f) => existsSync(f));
  assert.ok(files.length > 0);
  for (const file of files) {
    const valuesText = readFileSync(file, 'utf8');
    const cases = [{ name: 'values', template: '{{ toJson .Values }}' }];
    const res = await renderSnippets(cases, valuesText);
    assert.equal(fn('toJson').call(loadValues(valuesText)), text(res.get('values')?.helm), file);
  }
});
