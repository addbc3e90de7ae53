// src/release against helm on a real API server: the records helm 4.1.4 and 3.17.3 write (Secrets
// and ConfigMaps) decode, and encode back to the same JSON, byte for byte; records Capstan writes
// are read by helm (history, get values, list, and an upgrade on top); max-history pruning leaves
// the same revisions as helm's --history-max.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { KubeClient, type KubeObject } from '../../src/kube/index.js';
import {
  ConfigMapsDriver,
  SecretsDriver,
  Storage,
  makeKey,
  releaseChartOf,
  releaseToJson,
  type ReleaseFile,
  type Driver,
  type Release,
} from '../../src/release/index.js';
import { startCluster, type TestCluster } from '../support/cluster.js';
import { helmBinary, helmEnv, removeTemp, run, tempChart, type HelmVersion, type RunResult } from '../support/helm.js';
import { loadChart } from '../../src/chart/load.js';
import { GoTime } from '../../src/funcs/gotime.js';

const CHART = fileURLToPath(new URL('./charts/release-fixture', import.meta.url));

let cluster: TestCluster;
let client: KubeClient;

before(async () => {
  cluster = await startCluster();
  client = KubeClient.connect({ type: 'kubeconfig', path: cluster.kubeconfigPath }, { name: 'it' });
});
after(() => cluster?.stop());

async function namespace(name: string): Promise<string> {
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

async function helmOn(ns: string, args: string[], version: HelmVersion = '4.1.4', driver: 'secret' | 'configmap' = 'secret'): Promise<RunResult> {
  const res = await run(helmBinary(version), [...args, '--kubeconfig', cluster.kubeconfigPath, '-n', ns], { env: { ...helmEnv(), HELM_DRIVER: driver } });
  return res;
}

async function helmOk(ns: string, args: string[], version: HelmVersion = '4.1.4', driver: 'secret' | 'configmap' = 'secret'): Promise<string> {
  const res = await helmOn(ns, args, version, driver);
  assert.equal(res.code, 0, `helm ${version} ${args.join(' ')}: ${res.stderr}`);
  return res.stdout;
}

interface RawRecord {
  object: KubeObject;
  /** The release JSON helm wrote, decoded here with Node's own base64 and gunzip. */
  json: string;
}

/** The records of a namespace as helm wrote them, by object name. */
async function rawRecords(ns: string, kind: 'Secret' | 'ConfigMap'): Promise<Map<string, RawRecord>> {
  const list = await client.list('v1', kind, ns, { labelSelector: 'owner=helm' });
  const out = new Map<string, RawRecord>();
  for (const object of list.items) {
    const stored = (object.data as Record<string, string>).release;
    const encoded = kind === 'Secret' ? Buffer.from(stored, 'base64').toString('utf8') : stored;
    out.set(object.metadata.name, { object, json: gunzipSync(Buffer.from(encoded, 'base64')).toString('utf8') });
  }
  return out;
}

/** Capstan's re-encoding of each release a driver lists equals helm's JSON, field by field and byte for byte. */
async function assertSameJson(driver: Driver, raw: Map<string, RawRecord>): Promise<Release[]> {
  const releases = await driver.list(() => true);
  assert.equal(releases.length, raw.size);
  for (const r of releases) {
    const helmRecord = raw.get(makeKey(r.name, r.version));
    assert.ok(helmRecord, `no record for ${r.name} v${r.version}`);
    const ours = releaseToJson(r);
    assert.deepEqual(JSON.parse(ours), JSON.parse(helmRecord.json), `${r.name} v${r.version}`);
    assert.equal(ours, helmRecord.json, `${r.name} v${r.version}: same bytes`);
  }
  return releases.sort((a, b) => a.version - b.version);
}

const labelsOf = (o: KubeObject): Record<string, string> => (o.metadata.labels ?? {}) as Record<string, string>;

test('helm 4.1.4 records (Secrets) decode and re-encode to the same JSON', async () => {
  const ns = await namespace('h4-secrets');
  await helmOk(ns, ['install', 'rel', CHART, '--set', 'extra.int=12345678901234,extra.f=0.5,extra.s=x', '--set-string', 'str=7', '--description', 'first <install>', '--labels', 'team=capstan']);
  await helmOk(ns, ['upgrade', 'rel', CHART, '--set', 'replicas=3']);
  const raw = await rawRecords(ns, 'Secret');
  const driver = new SecretsDriver(client, ns);
  const [v1, v2] = await assertSameJson(driver, raw);

  assert.equal(v1.info?.status, 'superseded');
  assert.equal(v2.info?.status, 'deployed');
  assert.equal(v2.applyMethod, 'ssa');
  assert.deepEqual(v1.labels, { team: 'capstan' }, 'custom labels come from the object, without helm\'s own');
  assert.deepEqual(
    v2.hooks.map((h) => [h.name, h.events, h.lastRun.phase, h.lastRun.startedAt.isZero()]),
    [
      ['rel-release-fixture-hook', ['pre-install', 'pre-upgrade'], 'Succeeded', false],
      ['rel-release-fixture-test', ['test'], '', true],
    ],
  );
  for (const record of raw.values()) assert.equal(record.object.type, 'helm.sh/release.v1');

  const got = await driver.get(makeKey('rel', 2));
  assert.equal(releaseToJson(got), raw.get(makeKey('rel', 2))!.json);
  const storage = new Storage(driver);
  assert.equal((await storage.deployed('rel')).version, 2);
  assert.equal((await storage.last('rel')).version, 2);
  assert.deepEqual((await storage.history('rel')).map((r) => r.version).sort(), [1, 2]);
  await assert.rejects(storage.deployed('nope'), { message: '"nope" has no deployed releases' });
  await assert.rejects(driver.get(makeKey('rel', 9)), { message: 'release: not found' });
});

test('a bare chart (no values, schema, lock or other files) round-trips too', async () => {
  const ns = await namespace('h4-bare');
  const dir = tempChart({ 'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bare\n' }, 'bare');
  try {
    await helmOk(ns, ['install', 'bare', dir]);
  } finally {
    removeTemp(dir);
  }
  await assertSameJson(new SecretsDriver(client, ns), await rawRecords(ns, 'Secret'));
});

test('the stored chart built from a loaded chart has helm\'s templates, files, schema and lock', async () => {
  const stored = (await new SecretsDriver(client, 'h4-secrets').get(makeKey('rel', 1))).chart!;
  const ours = releaseChartOf(await loadChart(CHART));
  const files = (fs: ReleaseFile[] | null) => fs?.map((f) => [f.name, Buffer.from(f.data).toString('base64')]);
  assert.deepEqual(files(ours.templates), files(stored.templates));
  assert.deepEqual(files(ours.files), files(stored.files));
  assert.deepEqual(ours.schema, stored.schema);
  assert.deepEqual(ours.lock, stored.lock);
});

test('helm 3.17.3 records: zero times and no apply_method are read; helm 4 rewrites them as Capstan encodes them', async () => {
  const ns = await namespace('h3-secrets');
  await helmOk(ns, ['install', 'rel', CHART, '--set', 'extra.s=x'], '3.17.3');
  const helm3 = await rawRecords(ns, 'Secret');
  assert.match(helm3.get(makeKey('rel', 1))!.json, /"deleted":""/, 'helm 3 writes a zero time as ""');
  const driver = new SecretsDriver(client, ns);
  const v1 = await driver.get(makeKey('rel', 1));
  assert.equal(v1.applyMethod, '');
  assert.ok(v1.info?.deleted.isZero());
  assert.ok(v1.chart?.modTime.isZero());
  assert.ok(v1.chart?.templates?.every((t) => t.modTime.isZero()));
  assert.ok(v1.hooks.find((h) => h.events.includes('test'))?.lastRun.startedAt.isZero());

  // helm 4 upgrading the helm 3 release re-encodes revision 1 as superseded: the same JSON as ours.
  await helmOk(ns, ['upgrade', 'rel', CHART]);
  const rewritten = (await rawRecords(ns, 'Secret')).get(makeKey('rel', 1))!;
  v1.info!.status = 'superseded';
  assert.deepEqual(JSON.parse(releaseToJson(v1)), JSON.parse(rewritten.json));
  assert.equal(releaseToJson(v1), rewritten.json);
});

/** A new revision built from the deployed one, as an upgrade would record it. */
function nextRevision(prev: Release, version: number, config: Record<string, number>): Release {
  const now = GoTime.now();
  return {
    ...prev,
    version,
    info: { ...prev.info!, lastDeployed: now, status: 'deployed', description: 'Written by Capstan' },
    config: new Map(Object.entries(config)),
    hooks: prev.hooks.map((h) => ({ ...h })),
  };
}

async function capstanUpgrade(storage: Storage, name: string): Promise<Release> {
  const prev = await storage.deployed(name);
  const next = nextRevision(prev, (await storage.last(name)).version + 1, { replicas: 7 });
  // helm's order: the new revision is created (pruning the history) while the old one is still deployed.
  await storage.create(next);
  prev.info!.status = 'superseded';
  await storage.update(prev);
  return next;
}

test('helm reads the records Capstan writes (Secrets): history, get values, list, and an upgrade on top', async () => {
  const ns = await namespace('capstan-secrets');
  await helmOk(ns, ['install', 'rel', CHART]);
  const storage = new Storage(new SecretsDriver(client, ns));
  const written = await capstanUpgrade(storage, 'rel');

  const obj = await client.get('v1', 'Secret', makeKey('rel', 2), ns);
  assert.equal(obj?.type, 'helm.sh/release.v1');
  const labels = labelsOf(obj!);
  assert.match(labels.createdAt, /^\d+$/);
  assert.deepEqual({ ...labels, createdAt: undefined }, { createdAt: undefined, name: 'rel', owner: 'helm', status: 'deployed', version: '2' });
  assert.equal(labelsOf((await client.get('v1', 'Secret', makeKey('rel', 1), ns))!).status, 'superseded');
  assert.match(labelsOf((await client.get('v1', 'Secret', makeKey('rel', 1), ns))!).modifiedAt, /^\d+$/);

  const history = JSON.parse(await helmOk(ns, ['history', 'rel', '-o', 'json'])) as { revision: number; status: string; description: string }[];
  assert.deepEqual(
    history.map((h) => [h.revision, h.status, h.description]),
    [
      [1, 'superseded', 'Install complete'],
      [2, 'deployed', 'Written by Capstan'],
    ],
  );
  assert.deepEqual(JSON.parse(await helmOk(ns, ['get', 'values', 'rel', '-o', 'json'])), { replicas: 7 });
  assert.equal(await helmOk(ns, ['get', 'manifest', 'rel']), `${written.manifest}\n`);
  const list = JSON.parse(await helmOk(ns, ['list', '-o', 'json'])) as { name: string; revision: string; status: string }[];
  assert.deepEqual(list.map((r) => [r.name, r.revision, r.status]), [['rel', '2', 'deployed']]);

  await helmOk(ns, ['upgrade', 'rel', CHART, '--reuse-values']);
  const v3 = await storage.get('rel', 3);
  assert.equal(v3.info?.status, 'deployed');
  assert.deepEqual(Object.fromEntries(v3.config ?? []), { replicas: 7 });
  assert.equal((await storage.get('rel', 2)).info?.status, 'superseded');
});

test('ConfigMaps driver: helm 4 records (HELM_DRIVER=configmap) round-trip, and helm reads what Capstan writes', async () => {
  const ns = await namespace('h4-configmaps');
  await helmOk(ns, ['install', 'rel', CHART, '--set', 'extra.s=x'], '4.1.4', 'configmap');
  const raw = await rawRecords(ns, 'ConfigMap');
  for (const record of raw.values()) assert.equal(record.object.type, undefined);
  const driver = new ConfigMapsDriver(client, ns);
  await assertSameJson(driver, raw);

  await capstanUpgrade(new Storage(driver), 'rel');
  const history = JSON.parse(await helmOk(ns, ['history', 'rel', '-o', 'json'], '4.1.4', 'configmap')) as { revision: number; status: string }[];
  assert.deepEqual(
    history.map((h) => [h.revision, h.status]),
    [
      [1, 'superseded'],
      [2, 'deployed'],
    ],
  );
  assert.deepEqual(JSON.parse(await helmOk(ns, ['get', 'values', 'rel', '-o', 'json'], '4.1.4', 'configmap')), { replicas: 7 });
  assert.equal(await client.get('v1', 'Secret', makeKey('rel', 2), ns), undefined, 'nothing written as a Secret');
});

/** Revisions 1 deployed, 2 and 3 failed (the server refuses an invalid object name). */
async function historyWithFailures(ns: string): Promise<void> {
  await helmOk(ns, ['install', 'rel', CHART]);
  for (let i = 0; i < 2; i++) {
    const res = await helmOn(ns, ['upgrade', 'rel', CHART, '--history-max', '0', '--set', 'nameOverride=Bad_Name']);
    assert.notEqual(res.code, 0, 'the upgrade fails');
  }
}

const revisions = async (ns: string): Promise<string[]> =>
  [...(await rawRecords(ns, 'Secret')).values()].map((r) => `${labelsOf(r.object).version}:${labelsOf(r.object).status}`).sort();

test('max history pruning leaves the revisions helm --history-max leaves, never the last deployed', async () => {
  const helmNs = await namespace('prune-helm');
  const ourNs = await namespace('prune-capstan');
  await historyWithFailures(helmNs);
  await historyWithFailures(ourNs);
  assert.deepEqual(await revisions(ourNs), ['1:deployed', '2:failed', '3:failed']);

  await helmOk(helmNs, ['upgrade', 'rel', CHART, '--history-max', '2']);
  const storage = new Storage(new SecretsDriver(client, ourNs));
  storage.maxHistory = 2;
  await capstanUpgrade(storage, 'rel');
  const ours = await revisions(ourNs);
  assert.deepEqual(ours, await revisions(helmNs));
  assert.deepEqual(ours, ['1:superseded', '4:deployed']);
});
