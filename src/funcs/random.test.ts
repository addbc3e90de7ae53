// Random and network functions: unit checks (the comparison with helm is in test/conformance/funcs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GoValue } from '../gotemplate/value.js';
import { randomFuncs } from './random.js';
import { dnsNetworkFuncs } from './network.js';

const call = (name: string, ...args: GoValue[]) => randomFuncs.find((f) => f.name === name)!.call(...args);

test('shuffle permutes the runes', () => {
  const s = 'héllo wörld ✓';
  const shuffled = call('shuffle', s) as string;
  assert.deepEqual(Array.from(shuffled).sort(), Array.from(s).sort());
  assert.equal(call('shuffle', ''), '');
});

test('getHostByName with DNS enabled resolves synchronously', () => {
  const address = dnsNetworkFuncs[0].call('localhost') as string;
  assert.match(address, /^(127\.0\.0\.1|::1)$/);
  assert.throws(() => dnsNetworkFuncs[0].call('no-such-host.invalid'), /invalid argument to Intn/);
});
