import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseYaml } from '../yaml/read.js';
import { chartTgz, maliciousArchives } from '../../test/support/archives.js';
import { indexYaml } from './index-yaml.js';
import { ChartStore, goTimeNow } from './store.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempStore(options = {}): ChartStore {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-store-'));
  dirs.push(dir);
  return new ChartStore(join(dir, 'charts'), options);
}

test('upload takes name and version from Chart.yaml; lists, refuses a second upload unless forced, deletes', async () => {
  const store = tempStore();
  const a = await chartTgz('demo', '1.0.0');
  const stored = await store.upload(a);
  assert.equal(stored.file, 'demo-1.0.0.tgz');
  assert.equal(stored.metadata.description, 'a test chart');
  await store.upload(await chartTgz('demo', '1.1.0-rc.1'));
  assert.deepEqual((await store.list()).map((c) => `${c.name}@${c.version}`), ['demo@1.0.0', 'demo@1.1.0-rc.1']);
  await assert.rejects(store.upload(a), (err: Error & { status?: number }) => err.status === 409 && /already in the store/.test(err.message));
  const replaced = await store.upload(await chartTgz('demo', '1.0.0', [{ name: 'demo/README.md', data: 'new' }]), { force: true });
  assert.notEqual(replaced.digest, stored.digest);
  assert.deepEqual(await store.readFile('demo-1.0.0.tgz'), await store.readFile('demo-1.0.0.tgz'));
  assert.equal(await store.readFile('../demo-1.0.0.tgz'), undefined);
  assert.equal(await store.readFile('demo-1.0.0.tgz.prov'), undefined);
  assert.equal(await store.delete('demo', '1.0.0'), true);
  assert.equal(await store.delete('demo', '1.0.0'), false);
  assert.deepEqual((await store.list()).map((c) => c.version), ['1.1.0-rc.1']);
});

test('refuses oversized uploads and archives that are not safe charts, leaving the store as it was', async () => {
  const store = tempStore({ maxUploadBytes: 4096 });
  await store.upload(await chartTgz('keep', '1.0.0'));
  const before = readdirSync(store.dir).sort();
  await assert.rejects(store.upload(Buffer.alloc(5000)), (err: Error & { status?: number }) => err.status === 413);
  for (const [what, archive] of Object.entries(await maliciousArchives())) {
    if (archive.length > 4096) continue;
    await assert.rejects(store.upload(archive), (err: Error & { status?: number }) => err.status === 400 && err.message.startsWith('not a loadable chart archive: '), what);
  }
  assert.deepEqual(readdirSync(store.dir).sort(), before);
});

test('index.yaml lists versions newest first with digests and URLs', async () => {
  const store = tempStore();
  await store.upload(await chartTgz('demo', '1.0.0'));
  await store.upload(await chartTgz('demo', '2.0.0'));
  await store.upload(await chartTgz('other', '0.1.0'));
  const text = indexYaml(await store.list(), { baseUrl: 'https://charts.example/x/', generated: '2026-01-02T03:04:05.123456789Z' });
  const index = parseYaml(text) as Map<string, unknown>;
  assert.equal(index.get('apiVersion'), 'v1');
  const entries = index.get('entries') as Map<string, Map<string, unknown>[]>;
  assert.deepEqual(entries.get('demo')!.map((e) => e.get('version')), ['2.0.0', '1.0.0']);
  assert.deepEqual(entries.get('other')![0].get('urls'), ['https://charts.example/x/other-0.1.0.tgz']);
  assert.match(String(entries.get('other')![0].get('digest')), /^[a-f0-9]{64}$/);
  assert.ok(text.startsWith('apiVersion: v1\nentries:\n  demo:\n  - apiVersion: v2\n    created: "'), text);
});

test('times are written as Go writes a time.Time', () => {
  assert.equal(goTimeNow(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 120)), 4500), '2026-01-02T03:04:05.1200045Z');
  assert.equal(goTimeNow(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 0)), 0), '2026-01-02T03:04:05Z');
});
