// The test cluster itself: a real kube-apiserver 1.33 whose Deployments become Available through kwok,
// reachable with a token, a client certificate and an authenticating proxy's headers, and a second
// cluster that shares nothing with the first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { AUTH_PROXY_HEADERS, kubeRequest, startCluster, type KubeResponse, type TestCluster } from '../support/cluster.js';

const KUBERNETES_VERSION = 'v1.33.13';
let first: TestCluster;

before(async () => {
  first = await startCluster({ nodes: 2 });
});
after(() => first?.stop());

function expectStatus(res: KubeResponse, status: number, what: string): void {
  assert.equal(res.status, status, `${what}: ${res.text.slice(0, 500)}`);
}

async function whoAmI(connection: Parameters<typeof kubeRequest>[0]): Promise<{ username: string; groups: string[] }> {
  const review = { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' };
  const res = await kubeRequest(connection, 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', review);
  expectStatus(res, 201, 'selfsubjectreview');
  return (res.body as { status: { userInfo: { username: string; groups: string[] } } }).status.userInfo;
}

test('the API server reports the stamped Kubernetes version', async () => {
  const res = await first.request('GET', '/version');
  expectStatus(res, 200, '/version');
  const version = res.body as { gitVersion: string; major: string; minor: string };
  assert.equal(version.gitVersion, KUBERNETES_VERSION);
  assert.equal(version.major, '1');
  assert.equal(version.minor, '33');
});

test('the kubeconfig, the client certificate and the auth-proxy headers each authenticate', async () => {
  const kubeconfig = parseYaml(readFileSync(first.kubeconfigPath, 'utf8')) as {
    clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
    users: { name: string; user: { token?: string } }[];
  };
  assert.equal(kubeconfig.clusters[0].cluster.server, first.server);
  assert.equal(Buffer.from(kubeconfig.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), first.caPem);
  assert.equal(kubeconfig.users.find((u) => u.name === 'admin')?.user.token, first.token);

  assert.equal((await whoAmI(first.connection)).username, 'admin');
  const byCertificate = await whoAmI({ server: first.server, caPem: first.caPem, clientCert: { certPem: first.clientCertPem, keyPem: first.clientKeyPem } });
  assert.equal(byCertificate.username, 'capstan-cert-admin');
  assert.ok(byCertificate.groups.includes('system:masters'));
  const proxied = await whoAmI({
    server: first.server,
    caPem: first.caPem,
    clientCert: { certPem: first.authProxyCertPem, keyPem: first.authProxyKeyPem },
    headers: { [AUTH_PROXY_HEADERS.user]: 'alice', [AUTH_PROXY_HEADERS.group]: 'system:masters' },
  });
  assert.equal(proxied.username, 'alice');

  const anonymous = await kubeRequest({ server: first.server, caPem: first.caPem }, 'GET', '/api/v1/namespaces');
  assert.equal(anonymous.status, 403);
  const badToken = await kubeRequest({ server: first.server, caPem: first.caPem, token: 'wrong' }, 'GET', '/api/v1/namespaces');
  assert.equal(badToken.status, 401);
});

test('a Deployment becomes Available with its pods Running on kwok nodes', async (t) => {
  expectStatus(await first.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'capstan-it' } }), 201, 'create namespace');
  const labels = { app: 'web' };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'capstan-it' },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'registry.k8s.io/pause:3.10' }] } },
    },
  };
  const created = Date.now();
  expectStatus(await first.request('POST', '/apis/apps/v1/namespaces/capstan-it/deployments', deployment), 201, 'create deployment');

  type DeploymentStatus = { readyReplicas?: number; availableReplicas?: number; conditions?: { type: string; status: string }[] };
  let status: DeploymentStatus = {};
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await first.request('GET', '/apis/apps/v1/namespaces/capstan-it/deployments/web');
    expectStatus(res, 200, 'get deployment');
    status = (res.body as { status?: DeploymentStatus }).status ?? {};
    const available = status.conditions?.some((c) => c.type === 'Available' && c.status === 'True');
    if (available && status.readyReplicas === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  t.diagnostic(`Deployment Available after ${((Date.now() - created) / 1000).toFixed(1)}s`);
  assert.equal(status.readyReplicas, 2, `deployment status: ${JSON.stringify(status)}`);
  assert.equal(status.availableReplicas, 2);

  const pods = await first.request('GET', '/api/v1/namespaces/capstan-it/pods?labelSelector=app%3Dweb');
  const items = (pods.body as { items: { spec: { nodeName?: string }; status: { phase: string } }[] }).items;
  assert.equal(items.length, 2);
  for (const pod of items) {
    assert.equal(pod.status.phase, 'Running');
    assert.match(pod.spec.nodeName ?? '', /^kwok-node-\d+$/);
  }
});

test('a second cluster is independent of the first', async (t) => {
  const started = Date.now();
  const second = await startCluster();
  t.diagnostic(`second cluster started in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  try {
    assert.notEqual(second.server, first.server);
    assert.notEqual(second.token, first.token);
    assert.equal(((await second.request('GET', '/version')).body as { gitVersion: string }).gitVersion, KUBERNETES_VERSION);
    expectStatus(await first.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'only-in-first' } }), 201, 'create namespace');
    expectStatus(await second.request('GET', '/api/v1/namespaces/only-in-first'), 404, 'namespace of the first cluster seen from the second');
    const nodes = (await second.request('GET', '/api/v1/nodes')).body as { items: unknown[] };
    assert.equal(nodes.items.length, 1);
    // Each cluster trusts only its own CA and token.
    const crossed = await kubeRequest({ server: second.server, caPem: second.caPem, token: first.token }, 'GET', '/api/v1/namespaces');
    assert.equal(crossed.status, 401);
  } finally {
    await second.stop();
  }
});
