import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectCsv, collectKeyValues, durationFlagMs, optionalIntegerFlag, parseCsvRecord } from './flags.js';

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

test('durations as Go parses them; whole numbers', () => {
  assert.equal(durationFlagMs('--timeout', '2m0s'), 120_000);
  assert.equal(durationFlagMs('--timeout', '1h1.5s'), 3_601_500);
  assert.equal(durationFlagMs('--timeout', '250ms'), 250);
  assert.throws(() => durationFlagMs('--timeout', 'soon'), { message: 'invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"' });
  assert.equal(optionalIntegerFlag('--max-upload-size', undefined), undefined);
  assert.equal(optionalIntegerFlag('--max-upload-size', '1024'), 1024);
  assert.throws(() => optionalIntegerFlag('--max-upload-size', '1k'), { message: 'invalid --max-upload-size 1k' });
});
