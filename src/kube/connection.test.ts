import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCertificate, generateRsaKey, pemEncode, privateKeyPem } from '../funcs/certs.js';
import { Connection } from './connection.js';
import { KubeError } from './errors.js';

const kubeconfig = (user: string) => `
apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: https://127.0.0.1:6443, insecure-skip-tls-verify: true}
contexts:
- name: dev
  context: {cluster: c, user: u, namespace: team-a}
current-context: dev
users:
- name: u
  user:
${user}
`;

test('a kubeconfig context gives the server, namespace and bearer token', async () => {
  const c = Connection.fromCredentials({ type: 'kubeconfig', kubeconfig: kubeconfig('    token: abc') });
  assert.equal(c.name, 'dev');
  assert.equal(c.server, 'https://127.0.0.1:6443');
  assert.equal(c.defaultNamespace, 'team-a');
  const t = await c.transport();
  assert.equal(t.headers?.Authorization, 'Bearer abc');
  assert.equal(t.insecureSkipTLSVerify, true);
});

test('username and password become basic authorization', async () => {
  const c = Connection.fromCredentials({ type: 'basic', server: 'https://k:443', username: 'alice', password: 's3cret' }, { name: 'prod' });
  assert.equal((await c.transport()).headers?.Authorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
});

test('exec and auth-provider plugins are refused unless allowed', () => {
  const exec = kubeconfig('    exec: {apiVersion: client.authentication.k8s.io/v1, command: /usr/bin/evil}');
  assert.throws(() => Connection.fromCredentials({ type: 'kubeconfig', kubeconfig: exec }), (err: unknown) => {
    assert.ok(err instanceof KubeError);
    assert.match(err.message, /^cluster "dev": user "u" authenticates with an exec plugin \(command "\/usr\/bin\/evil"\)/);
    return true;
  });
  assert.doesNotThrow(() => Connection.fromCredentials({ type: 'kubeconfig', kubeconfig: exec, allowPlugins: true }));
  const provider = kubeconfig('    auth-provider: {name: oidc, config: {}}');
  assert.throws(() => Connection.fromCredentials({ type: 'kubeconfig', kubeconfig: provider }), /auth-provider plugin "oidc"/);
});

test('an unknown context and a missing server are reported with the cluster name', () => {
  assert.throws(
    () => Connection.fromCredentials({ type: 'kubeconfig', kubeconfig: kubeconfig('    token: x'), context: 'nope' }, { name: 'east' }),
    /^KubeError: cluster "east": invalid credentials: context "nope" not found in the kubeconfig \(contexts: dev\)$/,
  );
  assert.throws(() => Connection.fromCredentials({ type: 'token', server: 'ftp://x', token: 't' }, { name: 'west' }), /cluster "west": invalid server URL "ftp:\/\/x"/);
  assert.throws(() => Connection.fromCredentials({ type: 'inCluster', pathPrefix: '/nonexistent' }), /not running in a cluster/);
});

test('an expired client certificate is refused before any request', async () => {
  const key = generateRsaKey(2048);
  const certPem = pemEncode('CERTIFICATE', createCertificate({ commonName: 'old-admin', ips: [], dnsNames: [], daysValid: -1, isCA: false, key }));
  const keyPem = privateKeyPem(key);
  assert.throws(
    () => Connection.fromCredentials({ type: 'clientCertificate', server: 'https://k', certPem, keyPem }, { name: 'old' }),
    /^KubeError: cluster "old": the client certificate \(CN=old-admin\) expired on \d{4}-/,
  );
});
