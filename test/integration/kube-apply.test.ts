// src/kube applying and waiting on a real API server: create, update and prune; server-side apply
// conflicts reported and forced; a CRD and its custom resource in one apply; a Deployment that
// becomes Available through kwok and one that never does; client-side apply of an object helm 3
// created, keeping what other managers set; get, list and watch.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Applier, ApplyError, KubeClient, KubeError, Waiter, type KubeObject, type WaitEvent } from '../../src/kube/index.js';
import { parseAllDocuments } from 'yaml';
import { startCluster, type TestCluster } from '../support/cluster.js';
import { helmBinary, removeTemp, run, tempChart } from '../support/helm.js';

let cluster: TestCluster;
let client: KubeClient;
let applier: Applier;
const NS = 'apply-it';

before(async () => {
  cluster = await startCluster();
  client = KubeClient.connect({ type: 'kubeconfig', path: cluster.kubeconfigPath }, { name: 'it' });
  applier = new Applier(client);
  await applier.create([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }]);
});
after(() => cluster?.stop());

const configMap = (name: string, data: Record<string, string>, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(annotations ? { annotations } : {}) },
  data,
});

function deployment(name: string, options: { image?: string; replicas?: number; nodeSelector?: Record<string, string>; env?: { name: string; value: string }[] } = {}): KubeObject {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: options.replicas ?? 1,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: 'app', image: options.image ?? 'registry.k8s.io/pause:3.10', ...(options.env ? { env: options.env } : {}) }],
          ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
        },
      },
    },
  };
}

test('apply creates, updates and prunes (keeping what the resource policy keeps)', async () => {
  const first = [configMap('a', { v: '1' }), configMap('b', { v: '1' }), configMap('kept', { v: '1' }, { 'helm.sh/resource-policy': 'keep' })];
  const created = await applier.update([], first, { namespace: NS });
  assert.deepEqual(created.created.map((o) => o.metadata.name).sort(), ['a', 'b', 'kept']);

  const second = [configMap('a', { v: '2' }), configMap('c', { v: '1' })];
  const result = await applier.update(first, second, { namespace: NS });
  assert.deepEqual(result.updated.map((o) => o.metadata.name), ['a']);
  assert.deepEqual(result.created.map((o) => o.metadata.name), ['c']);
  assert.deepEqual(result.deleted.map((o) => o.metadata.name), ['b']);
  assert.deepEqual((await client.get('v1', 'ConfigMap', 'a', NS))?.data, { v: '2' });
  assert.equal(await client.get('v1', 'ConfigMap', 'b', NS), undefined);
  assert.ok(await client.get('v1', 'ConfigMap', 'kept', NS), 'the keep policy protects the object');
  const live = await client.get('v1', 'ConfigMap', 'a', NS);
  const managers = (live?.metadata.managedFields as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`);
  assert.deepEqual(managers, ['helm/Apply']);

  const list = await client.list('v1', 'ConfigMap', NS);
  assert.deepEqual(list.items.map((o) => o.metadata.name).filter((n) => n !== 'kube-root-ca.crt').sort(), ['a', 'c', 'kept']);
  assert.deepEqual(await applier.delete([configMap('a', {}), configMap('c', {}), configMap('never-existed', {})], 'Foreground', NS), [
    configMap('a', {}),
    configMap('c', {}),
    configMap('never-existed', {}),
  ]);
});

test('server-side apply conflicts are reported, and forced when asked', async () => {
  await applier.create([configMap('owned', { key: 'helm' })], { namespace: NS });
  // Another manager takes the field over.
  await applier.create([configMap('owned', { key: 'operator' })], { namespace: NS, fieldManager: 'operator', forceConflicts: true });
  const err = await applier.create([configMap('owned', { key: 'helm-again' })], { namespace: NS }).then(
    () => assert.fail('expected a conflict'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ApplyError);
  const conflict = err.errors[0];
  assert.ok(conflict instanceof KubeError);
  assert.equal(conflict.reason, 'Conflict');
  assert.match(conflict.message, /^cluster "it": ConfigMap "owned" in namespace "apply-it": Apply failed with 1 conflict: conflict with "operator".*\.data\.key.*\(apply with forceConflicts to take these fields over\)/s);
  await applier.create([configMap('owned', { key: 'helm-again' })], { namespace: NS, forceConflicts: true });
  assert.deepEqual((await client.get('v1', 'ConfigMap', 'owned', NS))?.data, { key: 'helm-again' });
});

test('a CRD and a custom resource of it in one apply', async () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'sprockets.parts.example.com' },
    spec: {
      group: 'parts.example.com',
      scope: 'Namespaced',
      names: { plural: 'sprockets', singular: 'sprocket', kind: 'Sprocket', listKind: 'SprocketList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { teeth: { type: 'integer' } } } } } },
        },
      ],
    },
  };
  const sprocket = { apiVersion: 'parts.example.com/v1', kind: 'Sprocket', metadata: { name: 's1' }, spec: { teeth: 12 } };
  const started = Date.now();
  const result = await applier.create([crd, sprocket], { namespace: NS });
  assert.deepEqual(result.created.map((o) => o.kind), ['CustomResourceDefinition', 'Sprocket']);
  assert.deepEqual((await client.get('parts.example.com/v1', 'Sprocket', 's1', NS))?.spec, { teeth: 12 });
  await new Waiter(client).waitReady([crd], { timeoutMs: 30_000 });
  assert.ok(Date.now() - started < 60_000);
});

test('a Deployment reaches Available through kwok, and the waiter says so', async (t) => {
  const web = deployment('web', { replicas: 2 });
  await applier.create([web], { namespace: NS });
  const events: WaitEvent[] = [];
  const started = Date.now();
  await new Waiter(client).waitReady([web, configMap('kept', {})], { timeoutMs: 60_000, namespace: NS, pollIntervalMs: 500, onEvent: (e) => events.push(e) });
  t.diagnostic(`Available after ${((Date.now() - started) / 1000).toFixed(1)} s; events: ${events.map((e) => `${e.object.kind}/${e.object.name} ${e.status} ${e.message}`).join(' | ')}`);
  const last = events.filter((e) => e.object.name === 'web').at(-1);
  assert.equal(last?.status, 'Current');
  assert.equal(last?.message, 'Deployment is available. Replicas: 2');
  assert.deepEqual(last?.object, { kind: 'Deployment', name: 'web', namespace: NS });
  assert.equal(last?.cluster, 'it');
});

test('a Deployment that never becomes ready times out with an error naming it', async () => {
  // No node carries this label: the pod stays Pending and the Deployment never Available.
  const stuck = deployment('stuck', { nodeSelector: { 'capstan.example.com/none': 'true' } });
  await applier.create([stuck], { namespace: NS });
  const started = Date.now();
  const events: WaitEvent[] = [];
  const err = await new Waiter(client).waitReady([stuck], { timeoutMs: 4_000, namespace: NS, onEvent: (e) => events.push(e) }).then(
    () => assert.fail('expected a timeout'),
    (e: unknown) => e,
  );
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 4_000 + 2_000, `the wait took ${elapsed} ms`);
  assert.ok(err instanceof KubeError);
  assert.match(err.message, /^cluster "it": Deployment "stuck" in namespace "apply-it": timed out after 4s waiting for 1 resource\(s\) to be ready:\n {2}Deployment "stuck" in namespace "apply-it": status InProgress: (Available|Ready): 0\/1/);
  assert.ok(events.length > 0 && events[0].object.name === 'stuck');
});

test('client-side apply of an object helm 3 created keeps fields other managers set', async () => {
  const v1 = deployment('legacy', { image: 'registry.k8s.io/pause:3.9', env: [{ name: 'MODE', value: 'old' }, { name: 'DROPPED', value: 'x' }] });
  v1.metadata.annotations = { 'chart/version': '1', 'chart/obsolete': 'yes' };
  // helm 3 creates with a plain POST (field manager "helm", operation Update).
  await client.create(v1, NS);
  // Another manager (an operator, kubectl edit) adds an annotation and an environment variable.
  const at = await client.locate(v1, NS);
  await client.patchAt(
    at,
    'application/strategic-merge-patch+json',
    JSON.stringify({
      metadata: { annotations: { 'operator/touched': 'true' } },
      spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'INJECTED', value: 'by-operator' }] }] } } },
    }),
    { fieldManager: 'kubectl-edit' },
  );
  const v2 = deployment('legacy', { image: 'registry.k8s.io/pause:3.10', replicas: 2, env: [{ name: 'MODE', value: 'new' }] });
  v2.metadata.annotations = { 'chart/version': '2' };
  const result = await applier.update([v1], [v2], { method: 'csa', namespace: NS });
  assert.deepEqual(result.updated.map((o) => o.metadata.name), ['legacy']);

  const live = (await client.get('apps/v1', 'Deployment', 'legacy', NS))!;
  const spec = live.spec as { replicas: number; template: { spec: { containers: { image: string; env: { name: string; value: string }[] }[] } } };
  assert.equal(spec.replicas, 2);
  assert.equal(spec.template.spec.containers[0].image, 'registry.k8s.io/pause:3.10');
  assert.deepEqual(spec.template.spec.containers[0].env.map((e) => `${e.name}=${e.value}`).sort(), ['INJECTED=by-operator', 'MODE=new']);
  const annotations = live.metadata.annotations as Record<string, string>;
  assert.equal(annotations['chart/version'], '2');
  assert.equal(annotations['operator/touched'], 'true');
  assert.equal(annotations['chart/obsolete'], undefined);

  // A custom resource takes a JSON merge patch from the previous manifest to the new one.
  await applier.create([
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'cogs.parts.example.com' },
      spec: {
        group: 'parts.example.com',
        scope: 'Namespaced',
        names: { plural: 'cogs', singular: 'cog', kind: 'Cog', listKind: 'CogList' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    },
  ]);
  await client.discovery.waitForResource('parts.example.com/v1', 'Cog', Date.now() + 30_000);
  const cog1 = { apiVersion: 'parts.example.com/v1', kind: 'Cog', metadata: { name: 'c' }, spec: { size: 1, old: true } };
  await client.create(cog1, NS);
  const cogAt = await client.locate(cog1, NS);
  await client.patchAt(cogAt, 'application/merge-patch+json', JSON.stringify({ spec: { color: 'red' } }), { fieldManager: 'other' });
  await applier.update([cog1], [{ ...cog1, spec: { size: 2 } }], { method: 'csa', namespace: NS });
  assert.deepEqual((await client.get('parts.example.com/v1', 'Cog', 'c', NS))?.spec, { size: 2, color: 'red' });

  // Replace when forced: the object becomes exactly the manifest.
  await applier.update([v2], [v2], { method: 'csa', namespace: NS, forceReplace: true });
  const replaced = (await client.get('apps/v1', 'Deployment', 'legacy', NS))!;
  assert.equal((replaced.metadata.annotations as Record<string, string>)['operator/touched'], undefined);
});

test('watch reports changes as they happen', async () => {
  const controller = new AbortController();
  const seen: string[] = [];
  const watching = client.watch('v1', 'ConfigMap', NS, { fieldSelector: 'metadata.name=watched', timeoutMs: 20_000, signal: controller.signal }, (event) => {
    seen.push(`${event.type} ${event.object.metadata.name}`);
    if (event.type === 'DELETED') controller.abort();
  });
  await new Promise((r) => setTimeout(r, 300));
  await applier.create([configMap('watched', { a: '1' })], { namespace: NS });
  await applier.create([configMap('watched', { a: '2' })], { namespace: NS });
  await applier.delete([configMap('watched', {})], 'Background', NS);
  await watching;
  assert.deepEqual(seen, ['ADDED watched', 'MODIFIED watched', 'DELETED watched']);
});

const CHART = {
  'values.yaml': 'image: registry.k8s.io/pause:3.9\nreplicas: 1\n',
  'templates/app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  annotations:
    chart/values: {{ .Values.image | quote }}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: {app: {{ .Release.Name }}}
  template:
    metadata:
      labels: {app: {{ .Release.Name }}}
    spec:
      containers:
      - name: app
        image: {{ .Values.image }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-settings
data:
  image: {{ .Values.image | quote }}
`,
};

function manifestObjects(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
}

async function helmOk(version: '3.17.3' | '4.1.4', args: string[]): Promise<string> {
  const result = await run(helmBinary(version), [...args, '--kubeconfig', cluster.kubeconfigPath]);
  assert.equal(result.code, 0, `helm ${version} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

test('a release helm 3 installed: client-side apply from its manifest keeps other managers\' fields', async () => {
  const chart = tempChart(CHART, 'legacy-app');
  try {
    await helmOk('3.17.3', ['install', 'h3', chart, '-n', NS]);
    const installed = manifestObjects(await helmOk('3.17.3', ['get', 'manifest', 'h3', '-n', NS]));
    const live = (await client.get('apps/v1', 'Deployment', 'h3', NS))!;
    assert.ok((live.metadata.managedFields as { manager: string; operation: string }[]).some((m) => m.manager === 'helm' && m.operation === 'Update'));
    // An operator adds a label to the Deployment.
    const at = await client.locate(installed[1], NS);
    await client.patchAt(at, 'application/strategic-merge-patch+json', JSON.stringify({ metadata: { labels: { 'operator/owned': 'yes' } } }), { fieldManager: 'kubectl-label' });
    const upgraded = manifestObjects(await helmOk('3.17.3', ['template', 'h3', chart, '-n', NS, '--set', 'image=registry.k8s.io/pause:3.10']));
    await applier.update(installed, upgraded, { method: 'csa', namespace: NS });
    const after = (await client.get('apps/v1', 'Deployment', 'h3', NS))!;
    assert.equal((after.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image, 'registry.k8s.io/pause:3.10');
    assert.equal((after.metadata.labels as Record<string, string>)['operator/owned'], 'yes');
    assert.deepEqual((await client.get('v1', 'ConfigMap', 'h3-settings', NS))?.data, { image: 'registry.k8s.io/pause:3.10' });
    // helm 3 still manages the release afterwards (its own three-way merge agrees with the live objects).
    await helmOk('3.17.3', ['upgrade', 'h3', chart, '-n', NS, '--set', 'image=registry.k8s.io/pause:3.10', '--set', 'replicas=2']);
  } finally {
    removeTemp(chart);
  }
});

test('server-side apply with field manager "helm" does not conflict with a release helm 4 installed', async () => {
  const chart = tempChart(CHART, 'modern-app');
  try {
    await helmOk('4.1.4', ['install', 'h4', chart, '-n', NS]);
    const live = (await client.get('v1', 'ConfigMap', 'h4-settings', NS))!;
    assert.deepEqual((live.metadata.managedFields as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`), ['helm/Apply']);
    // The same fields, changed, applied without forcing: the manager is the same, so no conflict.
    const changed = manifestObjects(await helmOk('4.1.4', ['template', 'h4', chart, '-n', NS, '--set', 'image=registry.k8s.io/pause:3.10']));
    const result = await applier.update([], changed, { namespace: NS });
    assert.equal(result.updated.length, 2);
    // And helm 4 can take it back, again without conflicts.
    await helmOk('4.1.4', ['upgrade', 'h4', chart, '-n', NS]);
    assert.deepEqual((await client.get('v1', 'ConfigMap', 'h4-settings', NS))?.data, { image: 'registry.k8s.io/pause:3.9' });
  } finally {
    removeTemp(chart);
  }
});
