import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectCsv, collectKeyValues, parseCsvRecord } from './flags.js';

test('CSV records split on commas outside quotes', () => {
  assert.deepEqual(parseCsvRecord('a.yaml,b.yaml'), ['a.yaml', 'b.yaml']);
  assert.deepEqual(parseCsvRecord('"a,b.yaml",c'), ['a,b.yaml', 'c']);
  assert.deepEqual(parseCsvRecord('"say ""hi""",x'), ['say "hi"', 'x']);
  assert.deepEqual(parseCsvRecord('a,'), ['a', '']);
  assert.deepEqual(parseCsvRecord(''), []);
  assert.throws(() => parseCsvRecord('"open'), /extraneous or missing "/);
});

test('repeated string-slice flags accumulate', () => {
  assert.deepEqual(collectCsv('c', collectCsv('a,b')), ['a', 'b', 'c']);
});

test('stringToString flags parse key=value pairs', () => {
  assert.deepEqual(collectKeyValues('a=1,b=x=y'), { a: '1', b: 'x=y' });
  assert.throws(() => collectKeyValues('novalue'), /must be formatted as key=value/);
});
