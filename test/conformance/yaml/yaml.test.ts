// Differential tests: Helm's serialization functions rendered by helm 4.1.4 vs Capstan's whole
// pipeline, and vs ours called directly on the values we read.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import type { SnippetResult } from '../../support/helm.js';
import { renderSnippets, snippetMismatches } from '../../support/snippets.js';
import { serializationFuncs } from '../../../src/funcs/serialization.js';
import type { GoValue } from '../../../src/gotemplate/value.js';
import { marshalYaml } from '../../../src/yaml/emit.js';
import { loadValues } from '../../../src/yaml/read.js';

const fn = (name: string) => serializationFuncs.find((f) => f.name === name)!;
const call = (name: string, ...args: GoValue[]) => {
  try {
    return fn(name).call(...args);
  } catch (e) {
    return 'ERROR ' + (e as Error).message;
  }
};
const text = (r: SnippetResult | undefined) => (r === undefined ? 'MISSING' : 'output' in r ? r.output : 'ERROR ' + r.error);

const WHOLE_VALUES: [string, string, (v: Map<string, GoValue>) => GoValue][] = [
  ['toyaml', '{{ toYaml .Values }}', (v) => call('toYaml', v)],
  ['tojson', '{{ toJson .Values }}', (v) => call('toJson', v)],
  ['prettyjson', '{{ toPrettyJson .Values }}', (v) => call('toPrettyJson', v)],
  ['rawjson', '{{ toRawJson .Values }}', (v) => call('toRawJson', v)],
  ['pretty', '{{ toYamlPretty .Values }}', (v) => call('toYamlPretty', v)],
  ['toml', '{{ toToml .Values }}', (v) => call('toToml', v)],
  ['roundtrip', '{{ .Values | toYaml | fromYaml | toJson }}', (v) => call('toJson', call('fromYaml', call('toYaml', v)))],
];

async function compareWholeValues(valuesText: string): Promise<void> {
  const values = loadValues(valuesText);
  const cases = WHOLE_VALUES.map(([name, template]) => ({ name, template }));
  const res = await renderSnippets(cases, valuesText);
  assert.deepEqual(snippetMismatches(cases, res), []);
  for (const [name, , mine] of WHOLE_VALUES) assert.equal(mine(values), text(res.get(name)?.helm), name);
}

test('tricky values file: toYaml, toJson, toPrettyJson, toRawJson, toYamlPretty, toToml, round trip', async () => {
  await compareWholeValues(readFileSync(new URL('../../../src/yaml/testdata/tricky-values.yaml', import.meta.url), 'utf8'));
});

const YAML_INPUTS = [
  'a: b: c', 'x: 1\na: b: c', 'x: 1\ny: 2\na: b: c', 'a:\n  b: 1\n c: 2', 'x: 1\na:\n  b: 1\n c: 2', 'a: "\\q"', 'x: 1\na: "\\q"',
  'a: @x', 'x: 1\na: @x', 'x: 1\na: `x', '- a\nb: 1', 'x: 1\n- a', 'a: [1, 2', 'x: 1\na: [1, 2\n', 'a: {b: 1', '\tb: 1', 'x: 1\n\tb: 1',
  'a:\n\t- b', 'a:\n  b: 1\n\tc: 2', 'a: "unterminated', "x: 1\na: 'unterminated\n", 'a: *nope', 'a: 1\n  b: 2', 'x: 1\na: 1\n  b: 2',
  'a:\n  - b\n  c: d', 'x: 1\ny:\n  - b\n  c: d', 'key: value\n- item', '[1, 2]]', 'x: 1\n}', 'a: !!int x', 'a: !!float 1', 'a: !!str 1',
  'a: !!binary aGVsbG8=', 'a: !foo bar', '&a b: 1\n*a : 2', 'a: &x [1]\nb: *x', '? [1]\n: 2', 'a: 1\na: 2', '<<: {a: 1}\nb: 2',
  'base: &b {x: 1, w: 2}\nc:\n  <<: *b\n  w: 3', 'c:\n  <<: [{x: 1}, {x: 2, z: 3}]\n', '<<: 1', '%YAML 1.1\n---\na: 1', 'a: 1\n...\n',
  '--- a\n', 'a: 1\n---\nb: 2', '', '~', '- 1', 'a: .inf', '~: 1', 'a: >\n  folded\n  text\n\n  more\n', 'a: |+\n  keep\n\n',
  '1: a\n-1: c\n0.1: d\n1e3: e\ntrue: f\n~x: g\n123456789.0: h', 'a: 2001-12-14t21:59:43.10-05:00', 'a: "\\u00e9\\U0001F600\\x41"',
  'a: b # c\n#x\nd: "e"#f', 'a: 0x1F\nb: 0o17\nc: 017\nd: 018\ne: 1_000\nf: 1:20\ng: -0b11\nh: +.5\ni: 1e400\nj: 0x\nk: 9223372036854775808',
];

test('fromYaml / fromYamlArray on valid and invalid YAML (values, merges, error texts)', async () => {
  const cases = YAML_INPUTS.flatMap((input, i) => [
    { name: `m${i}`, template: `{{ fromYaml ${JSON.stringify(input)} | toJson }}`, mine: () => call('toJson', call('fromYaml', input)) },
    { name: `a${i}`, template: `{{ fromYamlArray ${JSON.stringify(input)} | toJson }}`, mine: () => call('toJson', call('fromYamlArray', input)) },
  ]);
  const res = await renderSnippets(cases, '');
  assert.deepEqual(snippetMismatches(cases, res), []);
  for (const c of cases) assert.equal(c.mine(), text(res.get(c.name)?.helm), `${c.name}: ${JSON.stringify(YAML_INPUTS[Number(c.name.slice(1))])}`);
});

// The common mistakes in values files, and unclosed or broken flow collections (which libyaml
// reads on to the end of the stream): yaml.v2's message and line for each.
const MISTAKES = [
  'b: [\n', 'a: 1\nb: [\n', 'a: 1\nb: [\n\n\n', 'b: [1, 2\nc: 3\n', 'b: {\n', 'b: {a: 1\nc: 2\n', 'b: [[1]\n', 'b: [1, [2, 3]\n', 'b: [1,\n',
  'b: {a: 1,\n', 'b: {a:\n', 'b: {a: \n', 'b: [1, 2\n', 'b: [1, 2', 'b: [', 'b: {a: 1', 'b: [a, {x: 1\n', 'b: [a, {\n', 'b: {a: [\n',
  'b: [\n  1,\n  2\n', 'b: [\n  1,\n  2,\n', 'b: [\n  1,\n  2\nc: 1\n', '[', '{', '- [\n', 'a:\n  - [1\n', 'b: [1, 2]\nc: [\n', 'a:\n  b: 1\n c: 2',
  'a:\n  b: 1\n   c: 2', '\ta: 1', 'a:\n\tb: 1', 'a: 1\t# c', 'a:\t1', 'a:\n  - b\n\t- c', 'a: "x', "a: 'x", 'a: "x\nb: 1\n', 'a: x"', 'a: "x"y',
  'x: 1\na: "x"y', 'a: &x 1\nb: &x 2\nc: *x', 'a: *x\nb: &x 1', 'a: b: c', 'url: http://x:80', 'a: - b', 'x: 1\na: - b', 'a:\n- b\n - c',
  '- a\n - b', 'a:\n  - b\n  c', 'a: b\n- c', 'x: 1\na: b\n- c', 'a: "C:\\path"', 'a: "\\x4"', 'x: 1\na: "\\x4g"', 'a:1', 'a:\n  b:1\n  c: 2',
  'a\nb: 1', 'x: 1\na\nb: 1', 'a: {{ x }}', 'a: {{ .Values.x }}', 'x: 1\na: {{ .Values.x }}', 'a: `x', 'a: %x', 'x: 1\na: %x', 'a: 1\na: 2',
  'a: |\n  x\n y', 'x: 1\na: |\n  x\n y', 'a: |\nx', 'a: 1\n--- b', '- a:\n- b', 'a:\n  - b\n   - c', '{"a": 1,}', '[1, 2,]', 'a: [1, 2]]',
  'a: {b: 1}}', 'a: [1, 2}', 'x: 1\na: [1, 2}', 'key: "value" extra', "key: 'it's'", "x: 1\nkey: 'it's'", 'a: [1,\t2]', 'a: b#c', 'a: "b"#c',
  '- a\n-b', 'a:\n- b\n-c', 'a:\n  b: 1\n  c:2\n  d: 3', 'a: [b: 1', 'a: [? x', 'a: [1, - 2]', 'x: 1\na: [1, - 2]', 'a: [1\n---\n',
  'x: 1\na: [1\n---\n', 'a: [x: ', 'a: {x: [1, 2}', 'x: 1\na: {x: [1, 2}', 'a: [&x', 'a: [&x 1, *x', 'a: [!!str', "a: ['x", "x: 1\na: ['x",
  'a: ["\\q"', 'x: 1\na: ["\\q"', 'a: [@', 'x: 1\na: [@', 'a: [|', 'a: [1 # c\n', 'a: [\n  # c\n', 'a: [1, {b: 2]', 'x: 1\na: [1, {b: 2]',
  'a: [a: b: c]', 'x: 1\na: [a: b: c]', 'a: {b}', 'a: {b, c', 'a: [{}, [], ', 'a: [1,,2]', 'x: 1\na: [1,,2]', 'a: {,}', 'a: [*]', 'a: [&]',
  'x: 1\na: [&]', 'a: [1, 2]\nb: [3,\n', 'a:\n  b: [1,\n    2,\n  c: 1\n', 'a: ["x",\n  "y"\n  "z"]\n', 'x: 1\na: ["x",\n  "y"\n  "z"]\n',
  'a: [1]\nb: {c: [2, {d: 3}]\n', '[1, 2', 'x:\n  - [1, 2\n  - [3]\n', '{a: 1', '[1]\n[', 'a: [x:\n  y]\n', 'a: [b\n  : c]\n',
];

test('yaml.v2 error texts and lines for common values-file mistakes', async () => {
  const cases = MISTAKES.map((input, i) => ({ name: `e${i}`, template: `{{ fromYaml ${JSON.stringify(input)} | toJson }}`, mine: () => call('toJson', call('fromYaml', input)) }));
  const res = await renderSnippets(cases, '');
  assert.deepEqual(snippetMismatches(cases, res), []);
  for (const [i, c] of cases.entries()) assert.equal(c.mine(), text(res.get(c.name)?.helm), JSON.stringify(MISTAKES[i]));
});

const JSON_INPUTS = [
  '{"a":1}', '[1,2]', 'null', '5', '"s"', 'true', '{x', '{"a" 1}', '{"a":1,}', '[1,]', '[1 2]', '{"a":1} x', '', '  ', 'tru', 'nul',
  '"\\q"', '"\\u12"', '"a\tb"', '-', '1.', '1e', '01', '{"a":"\\ud83d\\ude00 \\ud800"}', '{"a":1e400}', '{"b":2,"a":[1.5,-0,1e21,1e-7]}',
];

test('fromJson / fromJsonArray / mustFromJson and their Go error texts', async () => {
  const cases = JSON_INPUTS.flatMap((input, i) => [
    { name: `j${i}`, template: `{{ fromJson ${JSON.stringify(input)} | toJson }}`, mine: () => call('toJson', call('fromJson', input)) },
    { name: `k${i}`, template: `{{ fromJsonArray ${JSON.stringify(input)} | toJson }}`, mine: () => call('toJson', call('fromJsonArray', input)) },
  ]);
  const res = await renderSnippets(cases, '');
  assert.deepEqual(snippetMismatches(cases, res), []);
  for (const c of cases) assert.equal(c.mine(), text(res.get(c.name)?.helm), `${c.name}: ${JSON.stringify(JSON_INPUTS[Number(c.name.slice(1))])}`);
});

// Keys without digits: go-yaml's natural key order is then a total order (with digits it can be
// cyclic, and Go's output depends on map iteration order).
const nastyChar = fc.constantFrom(...'ab yYnN~-:#\'"?{}[],&*!|>%@`\n\t\\.eE0123456789x+_é日😀'.split(/(?:)/u));
const nastyString = fc.array(nastyChar, { maxLength: 12 }).map((cs) => cs.join(''));
const key = fc.array(fc.constantFrom(...'abcABC _-.:/é'.split('')), { minLength: 1, maxLength: 6 }).map((cs) => cs.join(''));
const scalar = fc.oneof(
  nastyString,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1e12, max: 1e12 }),
  fc.constantFrom(0, -0, 1e21, 1e20, 1e-7, 123456789, 1000000, 0.1, 2 ** 53, 1.5e300),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<GoValue> = fc.letrec<{ v: GoValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('v')), { maxLength: 4 }).map((entries) => new Map(entries)),
  ),
})).v;

test('property: random values written as YAML, read and re-serialized, agree with helm', async () => {
  const samples = fc.sample(value, { numRuns: 200, seed: 4242 });
  const values = new Map<string, GoValue>(samples.map((v, i) => [`case${String(i).padStart(3, '0')}`, v]));
  await compareWholeValues(marshalYaml(values));
});
