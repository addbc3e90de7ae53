// Offline checks of the libyaml port (the differential tests against helm are in
// test/conformance/yaml/reader.test.ts); the texts below are helm 4.1.4's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GoError } from '../../gotemplate/value.js';
import { parseYaml } from '../read.js';

const error = (message: string) => new GoError('error converting YAML to JSON: yaml: ' + message);

test('block and flow collections, scalars of every style, anchors and merges', () => {
  const v = parseYaml('a: [1, {b: c}]\nd:\n- x\n- y: z\ne: |\n  lit\nf: >-\n  fo\n  ld\ng: "t\\tq"\nh: \'it\'\'s\'\ni: &m {k: 1}\nj:\n  <<: *m\n  l: 2\n');
  assert.deepEqual(
    v,
    new Map<string, unknown>([
      ['a', [1, new Map([['b', 'c']])]],
      ['d', ['x', new Map([['true', 'z']])]],
      ['e', 'lit\n'],
      ['f', 'fo ld'],
      ['g', 't\tq'],
      ['h', "it's"],
      ['i', new Map([['k', 1]])],
      ['j', new Map([['k', 1], ['l', 2]])],
    ]),
  );
});

test('scanner and parser errors carry libyaml messages and lines', () => {
  assert.throws(() => parseYaml('a: b: c'), error('mapping values are not allowed in this context'));
  assert.throws(() => parseYaml('x: 1\na:\n  b: 1\n c: 2'), error('line 3: did not find expected key'));
  assert.throws(() => parseYaml('- a\nb: 1'), error("line 1: did not find expected '-' indicator"));
  assert.throws(() => parseYaml('a\nb: 1'), error('line 2: mapping values are not allowed in this context'));
  assert.throws(() => parseYaml('a: [1, 2'), error("line 1: did not find expected ',' or ']'"));
  assert.throws(() => parseYaml('a: [: x]'), error('did not find expected node content'));
  assert.throws(() => parseYaml('a: "\\q"'), error('found unknown escape character'));
  assert.throws(() => parseYaml('\tb: 1'), error('found character that cannot start any token'));
  assert.throws(() => parseYaml('a: !!int 2001-12-14'), error('cannot decode !!str `2001-12-14` as a !!int'));
  assert.throws(() => parseYaml('a: *x'), error("unknown anchor 'x' referenced"));
});

test('only the first document is read, and what follows a complete root is not', () => {
  assert.deepEqual(parseYaml('a: 1\n---\nb: ['), new Map([['a', 1]]));
  assert.deepEqual(parseYaml('[1, 2]]'), [1, 2]);
  assert.equal(parseYaml(''), null);
});
