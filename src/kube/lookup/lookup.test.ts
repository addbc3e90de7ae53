import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GoInt } from '../../gotemplate/value.js';
import { parseUnstructured } from './lookup.js';
import { ClusterLookup } from './lookup.js';

test('integers decode as int64 and fractions as float64, objects as maps', () => {
  const v = parseUnstructured('{"spec":{"replicas":3,"ratio":0.5,"big":123456789012345678901,"list":[1,"a",{"k":-2}]}}') as Map<string, unknown>;
  const spec = v.get('spec') as Map<string, unknown>;
  assert.deepEqual(spec.get('replicas'), new GoInt(3n, 'int64'));
  assert.equal(spec.get('ratio'), 0.5);
  assert.equal(typeof spec.get('big'), 'number');
  const list = spec.get('list') as unknown[];
  assert.deepEqual((list[2] as Map<string, unknown>).get('k'), new GoInt(-2n, 'int64'));
});

test('an unreachable cluster gives an error, not a hang', () => {
  const lookup = new ClusterLookup({ cluster: 'gone', server: 'https://127.0.0.1:1', timeoutMs: 2_000 });
  assert.throws(() => lookup.lookup('v1', 'ConfigMap', 'default', 'x'), /unable to get apiresource from unstructured: \/v1, Kind=ConfigMap: cluster "gone"|cannot reach https:\/\/127.0.0.1:1/);
});
