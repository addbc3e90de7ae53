import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileGlob, globMatcher } from './glob.js';

const names = ['.hidden/h.txt', 'README.md', 'crds/crd.yaml', 'files/a.txt', 'files/b.conf', 'files/sub/c.txt'];
const matching = (pattern: string) => names.filter((n) => globMatcher(pattern).test(n));

// Expectations observed with helm 4.1.4's .Files.Glob on these file names.
test('* stays within a segment, ** crosses them', () => {
  assert.deepEqual(matching('files/*'), ['files/a.txt', 'files/b.conf']);
  assert.deepEqual(matching('files/**'), ['files/a.txt', 'files/b.conf', 'files/sub/c.txt']);
  assert.deepEqual(matching('**.txt'), ['.hidden/h.txt', 'files/a.txt', 'files/sub/c.txt']);
  assert.deepEqual(matching('*'), ['README.md']);
});

test('alternatives, ? and classes', () => {
  assert.deepEqual(matching('files/{a,b}*'), ['files/a.txt', 'files/b.conf']);
  assert.deepEqual(matching('files/?.txt'), ['files/a.txt']);
  assert.deepEqual(matching('files/[ab].*'), ['files/a.txt', 'files/b.conf']);
  assert.deepEqual(matching('files/[!a]*'), ['files/b.conf']);
  assert.deepEqual(matching('files/[a-b].{txt,conf}'), ['files/a.txt', 'files/b.conf']);
});

test('escapes and literal regex characters', () => {
  assert.ok(compileGlob('a\\*b').test('a*b'));
  assert.ok(!compileGlob('a\\*b').test('axb'));
  assert.ok(compileGlob('a+(b).c').test('a+(b).c'));
});

test('a malformed pattern matches every file, as helm falls back to **', () => {
  assert.deepEqual(matching('['), names);
  assert.deepEqual(matching('{a,b'), names);
  assert.throws(() => compileGlob('['));
});
