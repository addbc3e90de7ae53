import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge } from './compare.js';

const ok = (stdout: string) => ({ code: 0, stdout, stderr: '' });
const refused = (line: string) => ({ code: 1, stdout: '', stderr: `level=WARN msg=x\nError: ${line}\n  detail\n` });

test('identical output is identical; lines random in helm are masked', () => {
  assert.equal(judge(ok('a: 1\n'), ok('a: 1\n'), ok('a: 1\n')).kind, 'identical');
  assert.equal(judge(ok('p: x1\nb: 2\n'), ok('p: y2\nb: 2\n'), ok('p: z3\nb: 2\n')).kind, 'identical');
  assert.equal(judge(ok('p: x1\nb: 2\n'), ok('p: y2\nb: 2\n'), ok('p: z3\nb: 3\n')).kind, 'different');
});

test('same documents with other bytes are only semantically equal', () => {
  assert.equal(judge(ok('a: "1"\n'), ok('a: "1"\n'), ok("a: '1'\n")).kind, 'semantic');
  assert.equal(judge(ok('a: "1"\n'), ok('a: "1"\n'), ok('a: 1\n')).kind, 'different');
});

test('refusals must carry helm first error line', () => {
  assert.equal(judge(refused('boom'), refused('boom'), refused('boom')).kind, 'refused-alike');
  assert.equal(judge(refused('boom'), refused('boom'), refused('bang')).kind, 'different');
  assert.equal(judge(refused('boom'), refused('boom'), ok('a: 1\n')).kind, 'different');
  assert.equal(judge(ok('a: 1\n'), ok('a: 1\n'), refused('boom')).kind, 'different');
});
