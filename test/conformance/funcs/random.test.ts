// Random and network functions: compared with helm by shape only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goInt, type GoValue } from '../../../src/gotemplate/value.js';
import { randomFuncs } from '../../../src/funcs/random.js';
import { networkFuncs } from '../../../src/funcs/network.js';
import { callFunc, helmFunctionError, helmOutputs } from '../../support/functions.js';

const call = (name: string, ...args: GoValue[]) => randomFuncs.find((f) => f.name === name)!.call(...args);

const SHAPES: [string, GoValue[], RegExp][] = [
  ['randAlphaNum', [goInt(24)], /^[A-Za-z0-9]{24}$/],
  ['randAlpha', [goInt(10)], /^[A-Za-z]{10}$/],
  ['randNumeric', [goInt(8)], /^[0-9]{8}$/],
  ['randAscii', [goInt(30)], /^[\x20-\x7e]{30}$/],
  ['randAlphaNum', [goInt(0)], /^$/],
  ['randAlphaNum', [goInt(-3)], /^$/],
  ['uuidv4', [], /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/],
  ['randInt', [goInt(5), goInt(8)], /^[567]$/],
];

test('random strings, uuidv4 and randInt have helm’s shapes', async () => {
  const template = SHAPES.map(([n, args]) => `{{ ${n} ${args.join(' ')} }}`).join('\n');
  const helm = await helmOutputs({ 'r.txt': template, 'bad.txt': '{{ randInt 3 3 }}', 'host.txt': '[{{ getHostByName "localhost" }}]' }, '', ['r.txt']);
  const helmLines = (helm.get('r.txt') as { output: string }).output.split('\n');
  const pipeLines = (helm.capstan.get('r.txt') as { output: string }).output.split('\n');
  SHAPES.forEach(([n, args, shape], i) => {
    assert.match(helmLines[i], shape, `helm ${n}`);
    assert.match(String(call(n, ...args)), shape, `capstan ${n}`);
    assert.match(pipeLines[i], shape, `capstan template ${n}`);
  });
  assert.deepEqual(callFunc(randomFuncs, 'randInt', goInt(3), goInt(3)), { error: helmFunctionError(helm.get('bad.txt'), 'randInt') });
  assert.deepEqual(helm.get('host.txt'), { output: `[${String(networkFuncs[0].call('localhost'))}]` });
});
