import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitManifests } from './split.js';

test('splits at --- lines and trims each document', () => {
  assert.deepEqual(splitManifests('a: 1\n---\nb: 2\n\n'), ['a: 1', 'b: 2']);
  assert.deepEqual(splitManifests('\n\n---\n  a: 1\n--- \nb: 2'), ['a: 1', 'b: 2']);
});

test('a separator directly followed by text splits too (---apiVersion)', () => {
  assert.deepEqual(splitManifests('a: 1\n---b: 2'), ['a: 1', 'b: 2']);
});

test('the whitespace after a separator is consumed, so a following --- stays in the document', () => {
  // helm's pattern eats "\n  \n" after the first separator; the second --- is no longer preceded by a newline.
  assert.deepEqual(splitManifests('kind: A\n---\n  \n---\nkind: B'), ['kind: A', '---\nkind: B']);
});

test('--- inside a line does not split', () => {
  assert.deepEqual(splitManifests('a: x---y\n'), ['a: x---y']);
});

test('empty and whitespace-only input gives no documents', () => {
  assert.deepEqual(splitManifests(''), []);
  assert.deepEqual(splitManifests(' \n\t\n'), []);
  assert.deepEqual(splitManifests('---\n'), []);
  // The first separator eats the newline the second one would need.
  assert.deepEqual(splitManifests('---\n---\n'), ['---']);
});

test('agrees with helm\'s separator pattern on generated texts', () => {
  const pattern = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/;
  const viaPattern = (text: string) => {
    const out: string[] = [];
    for (const piece of text.replace(/^[\t\n\v\f\r \u0085\u00a0]+/, '').split(pattern)) if (piece !== '') out.push(piece.trim());
    return out;
  };
  const parts = ['---', '\n', ' ', 'a', ':', '-', '\t', 'b: 1', '\n---\n', '----'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % parts.length;
  for (let i = 0; i < 3000; i++) {
    let text = '';
    for (let j = next() + 3; j > 0; j--) text += parts[next()];
    assert.deepEqual(splitManifests(text), viaPattern(text), JSON.stringify(text));
  }
});
