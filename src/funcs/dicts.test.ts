import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GoValue } from '../gotemplate/value.js';
import { dictFuncs } from './dicts.js';

const call = (name: string, ...args: GoValue[]) => dictFuncs.find((f) => f.name === name)!.call(...args);

test('merge mutates and returns its destination, sharing nested maps of the source', () => {
  const nested = new Map<string, GoValue>([['k', 1]]);
  const dst = new Map<string, GoValue>([['a', 0]]);
  const out = call('merge', dst, new Map<string, GoValue>([['a', 2], ['n', nested]]));
  assert.equal(out, dst);
  assert.equal(dst.get('a'), 2);
  assert.equal(dst.get('n'), nested);
});

test('keys come back sorted', () => {
  assert.deepEqual([...(call('keys', new Map<string, GoValue>([['b', 1], ['a', 2]])) as string[])], ['a', 'b']);
});
