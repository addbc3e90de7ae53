import { test } from 'node:test';
import assert from 'node:assert/strict';
import { threeWayStrategicPatch } from './strategic.js';
import { jsonMergePatch } from './json-merge.js';
import { patchSchemaOf, type OpenAPIDocument } from './patch-meta.js';

// A fragment of the apps/v1 OpenAPI v3 document, with the extensions the server publishes.
const doc: OpenAPIDocument = {
  components: {
    schemas: {
      'io.k8s.api.apps.v1.Deployment': {
        'x-kubernetes-group-version-kind': [{ group: 'apps', version: 'v1', kind: 'Deployment' }],
        properties: { spec: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }] } },
      },
      'io.k8s.api.apps.v1.DeploymentSpec': {
        properties: { template: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec' }] } },
      },
      'io.k8s.api.core.v1.PodTemplateSpec': { properties: { spec: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }] } } },
      'io.k8s.api.core.v1.PodSpec': {
        properties: {
          containers: {
            items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }] },
            'x-kubernetes-patch-merge-key': 'name',
            'x-kubernetes-patch-strategy': 'merge',
          },
          volumes: {
            items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Volume' }] },
            'x-kubernetes-patch-merge-key': 'name',
            'x-kubernetes-patch-strategy': 'merge,retainKeys',
          },
        },
      },
      'io.k8s.api.core.v1.Container': {
        properties: {
          env: { items: {}, 'x-kubernetes-patch-merge-key': 'name', 'x-kubernetes-patch-strategy': 'merge' },
          args: { items: { type: 'string' } },
        },
      },
      'io.k8s.api.core.v1.Volume': { properties: {} },
    },
  },
} as unknown as OpenAPIDocument;

const schema = patchSchemaOf(doc, 'apps', 'v1', 'Deployment')!;

function deployment(containers: unknown[], extra: Record<string, unknown> = {}) {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', ...extra }, spec: { template: { spec: { containers } } } };
}

test('fields only the live object has (other managers) are kept', () => {
  const original = deployment([{ name: 'web', image: 'nginx:1' }]);
  const modified = deployment([{ name: 'web', image: 'nginx:2' }]);
  const current = deployment([{ name: 'web', image: 'nginx:1', env: [{ name: 'INJECTED', value: 'x' }] }, { name: 'sidecar', image: 'envoy' }], {
    annotations: { 'other/manager': 'yes' },
  });
  const patch = threeWayStrategicPatch(original, modified, current, schema);
  assert.deepEqual(patch, {
    spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }], '$setElementOrder/containers': [{ name: 'web' }] } } },
  });
});

test('what the previous manifest set and the new one drops is deleted', () => {
  const original = deployment([{ name: 'web', image: 'nginx:1', args: ['-a'] }, { name: 'old', image: 'busybox' }], { labels: { a: '1', b: '2' } });
  const modified = deployment([{ name: 'web', image: 'nginx:1' }], { labels: { a: '1' } });
  const current = original;
  const patch = threeWayStrategicPatch(original, modified, current, schema);
  assert.deepEqual(patch, {
    metadata: { labels: { b: null } },
    spec: {
      template: {
        spec: {
          containers: [{ name: 'web', args: null }, { name: 'old', $patch: 'delete' }],
          '$setElementOrder/containers': [{ name: 'web' }],
        },
      },
    },
  });
});

test('identical manifests give an empty patch; a drifted field is reset', () => {
  const m = deployment([{ name: 'web', image: 'nginx:1' }]);
  assert.deepEqual(threeWayStrategicPatch(m, m, m, schema), {});
  const drifted = deployment([{ name: 'web', image: 'hacked' }]);
  assert.deepEqual(threeWayStrategicPatch(m, m, drifted, schema), {
    spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }], '$setElementOrder/containers': [{ name: 'web' }] } } },
  });
});

test('lists without a merge strategy are replaced whole', () => {
  const original = deployment([{ name: 'web', args: ['a'] }]);
  const modified = deployment([{ name: 'web', args: ['b'] }]);
  const patch = threeWayStrategicPatch(original, modified, original, schema);
  assert.deepEqual(patch.spec, { template: { spec: { containers: [{ name: 'web', args: ['b'] }], '$setElementOrder/containers': [{ name: 'web' }] } } });
});

test('retainKeys lists name the keys to keep', () => {
  const vol = (v: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { template: { spec: { volumes: [v] } } } });
  const original = vol({ name: 'data', emptyDir: {} });
  const modified = vol({ name: 'data', hostPath: { path: '/x' } });
  const patch = threeWayStrategicPatch(original, modified, original, schema) as { spec: { template: { spec: { volumes: unknown[] } } } };
  assert.deepEqual(patch.spec.template.spec.volumes, [{ name: 'data', hostPath: { path: '/x' }, emptyDir: null, $retainKeys: ['hostPath', 'name'] }]);
});

test('primitive merge lists use $deleteFromPrimitiveList', () => {
  const metaDoc = { components: { schemas: { X: { 'x-kubernetes-group-version-kind': [{ group: 'g', version: 'v1', kind: 'X' }], properties: { finalizers: { 'x-kubernetes-patch-strategy': 'merge' } } } } } } as unknown as OpenAPIDocument;
  const s = patchSchemaOf(metaDoc, 'g', 'v1', 'X')!;
  const patch = threeWayStrategicPatch({ finalizers: ['a', 'b'] }, { finalizers: ['a', 'c'] }, { finalizers: ['a', 'b', 'z'] }, s);
  assert.deepEqual(patch, { finalizers: ['c'], '$deleteFromPrimitiveList/finalizers': ['b'], '$setElementOrder/finalizers': ['a', 'c'] });
});

test('JSON merge patch: changes from the previous manifest to the new one', () => {
  assert.deepEqual(jsonMergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1] }, { a: 1, b: { c: 5 }, l: [1, 2], n: 'x' }), { b: { c: 5, d: null }, l: [1, 2], n: 'x' });
  assert.deepEqual(jsonMergePatch({ a: 1 }, { a: 1 }), {});
});
