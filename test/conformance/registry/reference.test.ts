import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReference } from '../../../src/registry/reference.js';
import { helm } from '../../support/helm.js';

// helm checks references before it contacts anything, so its errors are the oracle for these.
test('reference errors match helm pull', async () => {
  const refs = ['oci://127.0.0.1:1/charts/Demo', 'oci://127.0.0.1:1/charts/x:1/demo:0.1.0', 'oci://127.0.0.1:1/charts/demo:-bad', 'oci://127.0.0.1:1/Upper/x:1.0.0'];
  for (const ref of refs) {
    const r = await helm(['pull', ref, '--plain-http']);
    const helmError = r.stderr.trim().split('\n').pop()!.replace(/^Error: /, '');
    assert.throws(() => parseReference(ref), (err: Error) => err.message === helmError, `${ref}: helm says ${helmError}`);
  }
});
