import assert from 'node:assert/strict';
import { test } from 'node:test';
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
