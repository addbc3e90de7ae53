import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Release } from '../release.js';
import { GoTime, ZERO_TIME } from '../../funcs/gotime.js';
import { makeKey } from './driver.js';
import { MemoryDriver } from './memory.js';
import { Storage } from './storage.js';

function rel(name: string, version: number, status: string, namespace = 'ns'): Release {
  const t = GoTime.now();
  return {
    name,
    info: { firstDeployed: t, lastDeployed: t, deleted: ZERO_TIME, description: '', status, notes: '' },
    chart: null,
    config: null,
    manifest: '',
    hooks: [],
    version,
    namespace,
    applyMethod: 'ssa',
    labels: {},
  };
}

async function storageWith(...releases: Release[]): Promise<Storage> {
  const s = new Storage(new MemoryDriver('ns'));
  for (const r of releases) await s.create(r);
  return s;
}

const versions = async (s: Storage, name: string): Promise<number[]> => (await s.history(name)).map((r) => r.version).sort((a, b) => a - b);

test('memory driver: get, query, update, delete and helm\'s errors', async () => {
  const d = new MemoryDriver('ns');
  await d.create(makeKey('a', 1), rel('a', 1, 'deployed'));
  await assert.rejects(d.create(makeKey('a', 1), rel('a', 1, 'deployed')), { message: 'release: already exists' });
  assert.equal((await d.get(makeKey('a', 1))).version, 1);
  await assert.rejects(d.get(makeKey('a', 2)), { message: 'release: not found' });
  await assert.rejects(d.get('sh.helm.release.v1.a'), { message: 'release: invalid key' });
  await assert.rejects(d.query({ name: 'b' }), { message: 'release: not found' });
  await d.update(makeKey('a', 1), rel('a', 1, 'superseded'));
  assert.deepEqual((await d.query({ name: 'a', status: 'superseded' })).map((r) => r.version), [1]);
  await assert.rejects(d.update(makeKey('a', 5), rel('a', 5, 'deployed')), { message: 'release: not found' });
  assert.equal((await d.delete(makeKey('a', 1))).version, 1);
  await assert.rejects(d.delete(makeKey('a', 1)), { message: 'release: not found' });
  await d.create(makeKey('x', 1), rel('x', 1, 'deployed', 'other'));
  assert.deepEqual(await d.list(() => true), [], 'another namespace is not visible');
  assert.equal((await new MemoryDriver().list(() => true)).length, 0);
});

test('storage: deployed, last, history', async () => {
  const s = await storageWith(rel('a', 1, 'superseded'), rel('a', 2, 'deployed'), rel('a', 3, 'failed'), rel('b', 1, 'deployed'));
  assert.equal((await s.deployed('a')).version, 2);
  assert.equal((await s.last('a')).version, 3);
  assert.deepEqual(await versions(s, 'a'), [1, 2, 3]);
  assert.deepEqual((await s.listDeployed()).map((r) => r.name).sort(), ['a', 'b']);
  await assert.rejects(s.deployed('c'), { message: '"c" has no deployed releases' });
  await assert.rejects(s.history('c'), { message: 'release: not found' });
});

test('max history: creating prunes the oldest to make room', async () => {
  const s = await storageWith(rel('a', 1, 'superseded'), rel('a', 2, 'superseded'), rel('a', 3, 'deployed'));
  s.maxHistory = 2;
  await s.create(rel('a', 4, 'pending-upgrade'));
  assert.deepEqual(await versions(s, 'a'), [3, 4]);
});

test('max history: the last deployed revision is never pruned, so more can remain', async () => {
  const s = await storageWith(rel('a', 1, 'deployed'), rel('a', 2, 'failed'), rel('a', 3, 'failed'));
  s.maxHistory = 2;
  await s.create(rel('a', 4, 'pending-upgrade'));
  assert.deepEqual(await versions(s, 'a'), [1, 4]);
  s.maxHistory = 1;
  await s.create(rel('a', 5, 'pending-upgrade'));
  assert.deepEqual(await versions(s, 'a'), [1, 5], 'maximum 0 before the create, yet the deployed one stays');
});

test('max history: with nothing deployed the oldest go; 0 keeps everything', async () => {
  const s = await storageWith(rel('a', 1, 'failed'), rel('a', 2, 'failed'), rel('a', 3, 'failed'));
  s.maxHistory = 2;
  await s.create(rel('a', 4, 'pending-install'));
  assert.deepEqual(await versions(s, 'a'), [3, 4]);
  s.maxHistory = 0;
  await s.create(rel('a', 5, 'failed'));
  assert.deepEqual(await versions(s, 'a'), [3, 4, 5]);
  s.maxHistory = 3;
  await s.create(rel('b', 1, 'deployed'));
  assert.deepEqual(await versions(s, 'b'), [1], 'a first revision: nothing to prune');
});
