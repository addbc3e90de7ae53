// src/kube against a real API server: every credential kind connects, two clusters at once,
// discovery and .Capabilities, the synchronous lookup, and clear errors (naming the cluster and the
// object) for bad input, none of them hanging past its timeout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createCertificate, parseIssuerCertificate, parsePrivateKeyPem, pemEncode, generateRsaKey, privateKeyPem } from '../../src/funcs/certs.js';
import { GoInt } from '../../src/gotemplate/value.js';
import { Applier, ApplyError, ClusterLookup, Connection, Discovery, KubeClient, KubeError, apiVersionsOf, type Credentials } from '../../src/kube/index.js';
import { startBasicAuthProxy, type BasicAuthProxy } from '../support/basic-auth-proxy.js';
import { loadChart } from '../../src/chart/load.js';
import { render } from '../../src/engine/engine.js';
import { toRenderValues } from '../../src/engine/render-values.js';
import { coalesceValues } from '../../src/values/coalesce.js';
import { startCluster, type TestCluster } from '../support/cluster.js';
import { helmBinary, removeTemp, run, tempChart } from '../support/helm.js';

let cluster: TestCluster;
let proxy: BasicAuthProxy;
let scratch: string;

before(async () => {
  cluster = await startCluster();
  proxy = await startBasicAuthProxy(cluster, { alice: { password: 'wonderland', groups: ['system:masters'] } });
  scratch = mkdtempSync(join(tmpdir(), 'capstan-kube-'));
});
after(async () => {
  await proxy?.stop();
  await cluster?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function whoAmI(connection: Connection): Promise<string> {
  const review = await connection.requestJson<{ status: { userInfo: { username: string } } }>({
    method: 'POST',
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
  });
  return review.status.userInfo.username;
}

/** Expects a rejection (a KubeError, or an ApplyError of KubeErrors) matching `pattern`, within `limitMs`. */
async function rejectsWithin(what: Promise<unknown>, limitMs: number, pattern: RegExp): Promise<Error> {
  const started = Date.now();
  const err = await what.then(
    () => assert.fail('expected an error'),
    (e: unknown) => e,
  );
  const elapsed = Date.now() - started;
  assert.ok(elapsed < limitMs, `took ${elapsed} ms, limit ${limitMs} ms`);
  assert.ok(err instanceof KubeError || (err instanceof ApplyError && err.errors.every((e) => e instanceof KubeError)), `not a KubeError: ${String(err)}`);
  assert.match(err.message, pattern);
  return err;
}

test('every credential kind connects', async (t) => {
  const kubeconfig: Credentials = { type: 'kubeconfig', path: cluster.kubeconfigPath };
  const viaKubeconfig = Connection.fromCredentials(kubeconfig);
  assert.equal((await viaKubeconfig.ping()).gitVersion, 'v1.33.13');
  assert.equal(await whoAmI(viaKubeconfig), 'admin');

  // A kubeconfig whose user reads its token from a file.
  const tokenFile = join(scratch, 'token');
  writeFileSync(tokenFile, cluster.token);
  const withTokenFile = readFileSync(cluster.kubeconfigPath, 'utf8').replace(/token: .*/, `token-file: ${tokenFile}`);
  assert.notEqual(withTokenFile, readFileSync(cluster.kubeconfigPath, 'utf8'));
  assert.equal(await whoAmI(Connection.fromCredentials({ type: 'kubeconfig', kubeconfig: withTokenFile })), 'admin');

  // An exec plugin runs only when the caller allows plugins.
  const plugin = join(scratch, 'credential-plugin.sh');
  const execCredential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: cluster.token } });
  writeFileSync(plugin, `#!/bin/sh\necho '${execCredential}'\n`, { mode: 0o755 });
  const withExec = readFileSync(cluster.kubeconfigPath, 'utf8').replace(/token: .*/, `exec: {apiVersion: client.authentication.k8s.io/v1, command: ${plugin}, interactiveMode: Never}`);
  assert.throws(() => Connection.fromCredentials({ type: 'kubeconfig', kubeconfig: withExec }), /authenticates with an exec plugin .*refused unless plugins are allowed/);
  assert.equal(await whoAmI(Connection.fromCredentials({ type: 'kubeconfig', kubeconfig: withExec, allowPlugins: true })), 'admin');

  const byToken = Connection.fromCredentials({ type: 'token', server: cluster.server, token: cluster.token, caPem: cluster.caPem }, { name: 'by-token' });
  assert.equal(await whoAmI(byToken), 'admin');

  const byCertificate = Connection.fromCredentials({ type: 'clientCertificate', server: cluster.server, certPem: cluster.clientCertPem, keyPem: cluster.clientKeyPem, caPem: cluster.caPem });
  assert.equal(await whoAmI(byCertificate), 'capstan-cert-admin');

  const byPassword = Connection.fromCredentials({ type: 'basic', server: proxy.server, username: 'alice', password: 'wonderland', insecureSkipTLSVerify: true });
  assert.equal(await whoAmI(byPassword), 'alice');
  const wrongPassword = Connection.fromCredentials({ type: 'basic', server: proxy.server, username: 'alice', password: 'nope', caPem: proxy.caPem }, { name: 'pw' });
  await rejectsWithin(whoAmI(wrongPassword), 10_000, /^cluster "pw": Unauthorized/);

  // In-cluster: a real service-account token, the CA and namespace files where a pod has them.
  const tokenRequest = await cluster.request('POST', '/api/v1/namespaces/default/serviceaccounts/default/token', {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds: 600 },
  });
  assert.equal(tokenRequest.status, 201, tokenRequest.text);
  const saDir = join(scratch, 'var/run/secrets/kubernetes.io/serviceaccount');
  mkdirSync(saDir, { recursive: true });
  writeFileSync(join(saDir, 'token'), (tokenRequest.body as { status: { token: string } }).status.token);
  writeFileSync(join(saDir, 'ca.crt'), cluster.caPem);
  writeFileSync(join(saDir, 'namespace'), 'default');
  const url = new URL(cluster.server);
  process.env.KUBERNETES_SERVICE_HOST = url.hostname;
  process.env.KUBERNETES_SERVICE_PORT = url.port;
  try {
    const inCluster = Connection.fromCredentials({ type: 'inCluster', pathPrefix: scratch });
    assert.equal(inCluster.defaultNamespace, 'default');
    assert.equal(await whoAmI(inCluster), 'system:serviceaccount:default:default');
  } finally {
    delete process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_PORT;
  }
  t.diagnostic('kubeconfig, token file, token, client certificate, username/password (auth proxy), in-cluster: all connected');
});

test('two clusters at once, each with its own objects', async () => {
  const second = await startCluster();
  try {
    const one = KubeClient.connect({ type: 'token', server: cluster.server, token: cluster.token, caPem: cluster.caPem }, { name: 'one' });
    const two = KubeClient.connect({ type: 'kubeconfig', path: second.kubeconfigPath }, { name: 'two' });
    const cm = (value: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'which', namespace: 'default' }, data: { cluster: value } });
    await Promise.all([new Applier(one).create([cm('one')]), new Applier(two).create([cm('two')])]);
    const [a, b] = await Promise.all([one.get('v1', 'ConfigMap', 'which', 'default'), two.get('v1', 'ConfigMap', 'which', 'default')]);
    assert.deepEqual(a?.data, { cluster: 'one' });
    assert.deepEqual(b?.data, { cluster: 'two' });
  } finally {
    await second.stop();
  }
});

test('discovery: cold and warm, .Capabilities, refresh after a CRD', async (t) => {
  const client = KubeClient.connect({ type: 'kubeconfig', path: cluster.kubeconfigPath });
  const cold = performance.now();
  const data = await client.discovery.get();
  const coldMs = performance.now() - cold;
  const warm = performance.now();
  await client.discovery.get();
  await client.resource('apps/v1', 'Deployment');
  const warmMs = performance.now() - warm;
  t.diagnostic(`discovery (${data.mode}): cold ${coldMs.toFixed(1)} ms, warm ${warmMs.toFixed(3)} ms, ${data.groupVersions.length} group versions`);

  // Servers without aggregated discovery are asked group version by group version: same answer.
  const legacy = new Discovery(client.connection, false);
  const legacyStarted = performance.now();
  const legacyData = await legacy.get();
  t.diagnostic(`discovery (legacy, one request per group version): cold ${(performance.now() - legacyStarted).toFixed(1)} ms`);
  assert.equal(legacyData.mode, 'legacy');
  assert.deepEqual(apiVersionsOf(legacyData), apiVersionsOf(data));

  const deployments = await client.resource('apps/v1', 'Deployment');
  assert.deepEqual([deployments.resource, deployments.namespaced], ['deployments', true]);
  const namespaces = await client.resource('v1', 'Namespace');
  assert.deepEqual([namespaces.resource, namespaces.namespaced], ['namespaces', false]);

  const caps = await client.discovery.capabilities();
  assert.equal(caps.kubeVersion.version, 'v1.33.13');
  assert.equal(caps.kubeVersion.major, '1');
  assert.equal(caps.kubeVersion.minor, '33');
  for (const v of ['v1', 'apps/v1', 'apps/v1/Deployment', 'v1/ConfigMap', 'apps/v1/Scale', 'batch/v1/Job']) assert.ok(caps.apiVersions.includes(v), v);
  assert.ok(!caps.apiVersions.includes('widgets.example.com/v1'));

  const crd = widgetCrd('gadgets');
  await new Applier(client).create([crd]);
  const resource = await client.discovery.waitForResource('widgets.example.com/v1', 'Gadget', Date.now() + 30_000);
  assert.equal(resource.resource, 'gadgets');
  assert.ok((await client.discovery.capabilities()).apiVersions.includes('widgets.example.com/v1/Gadget'));
});

test('lookup answers synchronously from the cluster, with int64 numbers', async () => {
  const client = KubeClient.connect({ type: 'kubeconfig', path: cluster.kubeconfigPath });
  await new Applier(client).create([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'looked-up', namespace: 'default' }, data: { a: 'b' } }]);
  const lookup = await ClusterLookup.forConnection(client.connection);
  const cm = lookup.lookup('v1', 'ConfigMap', 'default', 'looked-up');
  assert.deepEqual(cm.get('data'), new Map([['a', 'b']]));
  assert.equal(lookup.lookup('v1', 'ConfigMap', 'default', 'absent').size, 0);
  const list = lookup.lookup('v1', 'Namespace', '', '');
  assert.equal(list.get('kind'), 'NamespaceList');
  const ns = lookup.lookup('v1', 'Namespace', '', 'default');
  assert.equal((ns.get('metadata') as Map<string, unknown>).get('name'), 'default');
  const svc = lookup.lookup('v1', 'Service', 'default', 'kubernetes');
  const port = ((svc.get('spec') as Map<string, unknown>).get('ports') as Map<string, unknown>[])[0].get('port');
  assert.deepEqual(port, new GoInt(443n, 'int64'));
  assert.throws(() => lookup.lookup('nope.example.com/v1', 'Thing', 'default', 'x'), /unable to get apiresource from unstructured: nope.example.com\/v1, Kind=Thing/);
});

test('bad input gives clear errors naming the cluster and object, within its timeout', async () => {
  const refused = KubeClient.connect({ type: 'token', server: 'https://127.0.0.1:1', token: 't', insecureSkipTLSVerify: true }, { name: 'nowhere' });
  await rejectsWithin(refused.discovery.get(), 5_000, /^cluster "nowhere": cannot reach https:\/\/127.0.0.1:1: .*ECONNREFUSED/);
  // A server that accepts connections and never answers (not even the TLS handshake): the request's own limit ends it.
  const silent = net.createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  try {
    const port = (silent.address() as net.AddressInfo).port;
    const hung = KubeClient.connect({ type: 'token', server: `https://127.0.0.1:${port}`, token: 't', insecureSkipTLSVerify: true }, { name: 'void', timeoutMs: 1_500 });
    await rejectsWithin(hung.get('v1', 'ConfigMap', 'x', 'default'), 4_000, /^cluster "void": GET \/api(s)? timed out after 1.5s/);
  } finally {
    silent.close();
  }

  const wrongToken = KubeClient.connect({ type: 'token', server: cluster.server, token: 'wrong', caPem: cluster.caPem }, { name: 'wrong-token' });
  await rejectsWithin(wrongToken.discovery.get(), 10_000, /^cluster "wrong-token": Unauthorized: the server rejected the credentials/);
  await rejectsWithin(wrongToken.connection.ping(), 10_000, /^cluster "wrong-token": Unauthorized/);

  // A client certificate signed by the cluster's own CA, but expired.
  const pkiDir = join(dirname(cluster.kubeconfigPath), 'pki');
  const caKey = parsePrivateKeyPem(readFileSync(join(pkiDir, 'ca.key'), 'utf8'));
  const issuer = { ...parseIssuerCertificate(cluster.caPem), key: caKey };
  const key = generateRsaKey(2048);
  const expiredPem = pemEncode('CERTIFICATE', createCertificate({ commonName: 'expired-admin', ips: [], dnsNames: [], daysValid: -1, isCA: false, key, issuer }));
  assert.throws(
    () => Connection.fromCredentials({ type: 'clientCertificate', server: cluster.server, certPem: expiredPem, keyPem: privateKeyPem(key), caPem: cluster.caPem }, { name: 'expired' }),
    (err: unknown) => err instanceof KubeError && /^cluster "expired": the client certificate \(CN=expired-admin\) expired on /.test(err.message),
  );
  // A server certificate the given CA did not sign.
  const wrongCa = KubeClient.connect({ type: 'token', server: cluster.server, token: cluster.token, caPem: proxy.caPem }, { name: 'wrong-ca' });
  await rejectsWithin(wrongCa.discovery.get(), 10_000, /^cluster "wrong-ca": TLS handshake with https:\/\/127.0.0.1:\d+ failed/);

  const client = KubeClient.connect({ type: 'kubeconfig', path: cluster.kubeconfigPath }, { name: 'local' });
  const applier = new Applier(client);
  const unknown = { apiVersion: 'example.com/v1', kind: 'Frobnicator', metadata: { name: 'f1', namespace: 'default' } };
  await rejectsWithin(applier.create([unknown]), 10_000, /^cluster "local": Frobnicator "f1" in namespace "default": resource mapping not found: no matches for kind "Frobnicator" in version "example.com\/v1"/);
  const invalid = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'broken', namespace: 'default' }, spec: { template: { spec: { containers: [] } } } };
  await rejectsWithin(applier.create([invalid]), 10_000, /^cluster "local": Deployment "broken" in namespace "default": Deployment.apps "broken" is invalid: .*spec.selector: Required value/);
  const unknownField = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'typo', namespace: 'default' }, dta: { a: 'b' } };
  await rejectsWithin(applier.create([unknownField]), 10_000, /^cluster "local": ConfigMap "typo" in namespace "default": failed to create typed patch object .*\.dta: field not declared in schema/);
  await rejectsWithin(applier.create([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }]), 1_000, /^cluster "local": ConfigMap: invalid manifest: metadata.name not set/);
});

function widgetCrd(plural: string) {
  const kind = plural[0].toUpperCase() + plural.slice(1, -1);
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.widgets.example.com` },
    spec: {
      group: 'widgets.example.com',
      scope: 'Namespaced',
      names: { plural, singular: plural.slice(0, -1), kind, listKind: `${kind}List` },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
}

test('lookup and .Capabilities render as helm 4 renders them against the same cluster', async () => {
  const probe = `apiVersion: v1
kind: ConfigMap
metadata:
  name: probe
data:
  port: {{ (index (lookup "v1" "Service" "default" "kubernetes").spec.ports 0).port | quote }}
  portType: {{ typeOf (index (lookup "v1" "Service" "default" "kubernetes").spec.ports 0).port | quote }}
  missing: {{ lookup "v1" "ConfigMap" "default" "absent" | toJson | quote }}
  settings: {{ (lookup "v1" "ConfigMap" "default" "looked-up").data | toJson | quote }}
  namespaces: {{ gt (len (lookup "v1" "Namespace" "" "").items) 3 | quote }}
  kubeVersion: {{ .Capabilities.KubeVersion.Version | quote }}
  kube: {{ .Capabilities.KubeVersion }}
  gitVersion: {{ .Capabilities.KubeVersion.GitVersion }}
  minor: {{ .Capabilities.KubeVersion.Minor | quote }}
  apps: {{ .Capabilities.APIVersions.Has "apps/v1/Deployment" | quote }}
  scale: {{ .Capabilities.APIVersions.Has "apps/v1/Scale" | quote }}
  gadgets: {{ .Capabilities.APIVersions.Has "widgets.example.com/v1/Gadget" | quote }}
  absent: {{ .Capabilities.APIVersions.Has "nope.example.com/v1" | quote }}
  all: {{ .Capabilities.APIVersions | sortAlpha | join "," | quote }}
`;
  const chartDir = tempChart({ 'templates/probe.yaml': probe }, 'probe');
  try {
    const expected = await run(helmBinary('4.1.4'), ['template', 'probe', chartDir, '--dry-run=server', '--kubeconfig', cluster.kubeconfigPath]);
    assert.equal(expected.code, 0, expected.stderr);

    const client = KubeClient.connect({ type: 'kubeconfig', path: cluster.kubeconfigPath });
    client.discovery.invalidate();
    const chart = await loadChart(chartDir);
    const capabilities = await client.discovery.capabilities();
    const release = { name: 'probe', namespace: 'default', revision: 1, isInstall: true, isUpgrade: false };
    const values = coalesceValues(chart, new Map());
    const files = render(chart, toRenderValues(chart, values, release, capabilities), { lookup: await ClusterLookup.forConnection(client.connection) });
    const ours = `---\n# Source: probe/templates/probe.yaml\n${files.get('probe/templates/probe.yaml')?.trimEnd()}\n`;
    assert.equal(ours, expected.stdout);
  } finally {
    removeTemp(chartDir);
  }
});
