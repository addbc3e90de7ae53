import { test } from 'node:test';
import assert from 'node:assert/strict';
import { methodOf } from '../gotemplate/value.js';
import { clientOnlyCapabilities, parseKubeVersion } from './capabilities.js';

test('--kube-version parsing as k8s ParseGeneric (observed with helm 4.1.4)', () => {
  const v = parseKubeVersion('1.30.0-rc.1+abc');
  assert.deepEqual([v.version, v.major, v.minor, v.normalizedVersion], ['v1.30.0-rc.1+abc', '1', '30', 'v1.30.0']);
  assert.equal(parseKubeVersion('1.30').version, 'v1.30');
  assert.equal(parseKubeVersion('1.30').normalizedVersion, 'v1.30');
  assert.throws(() => parseKubeVersion('abc'), { message: 'could not parse "abc" as version' });
  assert.throws(() => parseKubeVersion('1'), { message: 'illegal version string "1"' });
});

test('default capabilities: v1.35.0 and 57 API versions, extras appended, Has', () => {
  const caps = clientOnlyCapabilities({ extraAPIVersions: ['x/v1', 'y/v1/K'] });
  assert.equal(caps.kubeVersion.version, 'v1.35.0');
  assert.equal(caps.apiVersions.length, 59);
  const has = methodOf(caps.apiVersions, 'Has')!;
  assert.equal(has.call('apps/v1'), true);
  assert.equal(has.call('y/v1/K'), true);
  assert.equal(has.call('apps/v1/Deployment'), false);
});
