import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goInt, type GoValue } from '../gotemplate/value.js';
import { mathFuncs } from './math.js';

const call = (name: string, ...args: GoValue[]) => mathFuncs.find((f) => f.name === name)!.call(...args);

test('float math is decimal-exact before rounding back to float64', () => {
  assert.equal(call('addf', 0.1, 0.2), 0.3);
  assert.equal(call('divf', goInt(1), goInt(3)), 0.3333333333333333);
});

test('integer math wraps like int64', () => {
  assert.equal((call('add1', '9223372036854775807') as { value: bigint }).value, -(2n ** 63n));
});
