import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helm } from '../../test/support/helm.js';
import { formatReference, parseReference } from './reference.js';

test('parses registry, repository, tag and digest as helm does', () => {
  const digest = 'sha256:' + 'a'.repeat(64);
  assert.deepEqual(parseReference('oci://localhost:5000/charts/nginx:1.2.3'), { registry: 'localhost:5000', repository: 'charts/nginx', tag: '1.2.3', digest: '' });
  assert.deepEqual(parseReference('registry.example.com/a/b/c'), { registry: 'registry.example.com', repository: 'a/b/c', tag: '', digest: '' });
  assert.deepEqual(parseReference(`oci://r.io/x@${digest}`), { registry: 'r.io', repository: 'x', tag: '', digest });
  assert.deepEqual(parseReference(`oci://r.io/x:1.0.0@${digest}`), { registry: 'r.io', repository: 'x', tag: '1.0.0', digest });
  // `+` is not allowed in OCI tags: helm pushes and pulls 1.0.0+build as 1.0.0_build.
  assert.equal(parseReference('oci://r.io/x:1.0.0+build.1').tag, '1.0.0_build.1');
  assert.equal(formatReference(parseReference(`oci://r.io/x:1.0.0@${digest}`)), `r.io/x:1.0.0@${digest}`);
});

test('refuses malformed references', () => {
  assert.throws(() => parseReference('oci://localhost:5000'), /missing registry or repository/);
  assert.throws(() => parseReference('oci://r.io/x@sha256:abc'), /invalid digest/);
  assert.throws(() => parseReference('oci://bad host/x'), /invalid registry/);
});

// helm checks references before it contacts anything, so its errors are the oracle for these.
test('reference errors match helm pull', async () => {
  const refs = ['oci://127.0.0.1:1/charts/Demo', 'oci://127.0.0.1:1/charts/x:1/demo:0.1.0', 'oci://127.0.0.1:1/charts/demo:-bad', 'oci://127.0.0.1:1/Upper/x:1.0.0'];
  for (const ref of refs) {
    const r = await helm(['pull', ref, '--plain-http']);
    const helmError = r.stderr.trim().split('\n').pop()!.replace(/^Error: /, '');
    assert.throws(() => parseReference(ref), (err: Error) => err.message === helmError, `${ref}: helm says ${helmError}`);
  }
});
