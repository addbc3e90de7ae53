import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GoError } from '../gotemplate/value.js';
import { marshalYaml, sortYamlKeys } from './emit.js';
import { formatJsonFloat } from './json.js';
import { loadValues, parseYaml, splitYamlDocuments } from './read.js';

test('encoding/json float text', () => {
  assert.equal(formatJsonFloat(1e21), '1e+21');
  assert.equal(formatJsonFloat(1e20), '100000000000000000000');
  assert.equal(formatJsonFloat(1e-7), '1e-7');
  assert.equal(formatJsonFloat(-0), '-0');
});

test('go-yaml natural key order', () => {
  assert.deepEqual(sortYamlKeys(['b', 'a10', 'a2', '_x', 'B', '10', '2', '']), ['', '_x', '2', '10', 'B', 'a2', 'a10', 'b']);
});

test('values: YAML 1.1 scalars, float64 numbers, multi-document merge as Helm loads values files', () => {
  const v = loadValues('a: yes\nnum: 0x10\nm: {x: 1}\n---\n# c\nm: {z: 2}\n');
  assert.equal(v.get('a'), true);
  assert.equal(v.get('num'), 16);
  assert.deepEqual(v.get('m'), new Map([['x', 1], ['z', 2]]));
  assert.deepEqual(splitYamlDocuments('---\na: 1\n--- # x\nb: 2'), ['---\na: 1\n', 'b: 2\n']);
  assert.deepEqual(splitYamlDocuments('a: 1\r\n---\r\n---\r\nb: 2\r'), ['a: 1\n', '---\nb: 2\r\n']);
  assert.throws(() => splitYamlDocuments('--- a\n'), new GoError('invalid Yaml document separator: a'));
  assert.throws(() => parseYaml('a: .nan'), new GoError('error converting YAML to JSON: json: unsupported value: NaN'));
});

test('toYaml folds long plain strings at 80 columns and keeps sequences unindented', () => {
  const long = 'word '.repeat(20).trim();
  // A break replaces the first space met once the column is past 80.
  assert.equal(marshalYaml(new Map([['k', [long]]])), `k:\n- ${'word '.repeat(16).trim()}\n  ${'word '.repeat(4).trim()}\n`);
});

test('a 5000-line values file parses quickly', () => {
  const text = Array.from({ length: 1000 }, (_, i) => `k${i}:\n  enabled: true\n  image: repo/name:1.${i}\n  list:\n  - a: "${i}"\n`).join('');
  const start = performance.now();
  assert.equal(loadValues(text).size, 1000);
  assert.ok(performance.now() - start < 2000);
});
