import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiVersionsOf, collectionPath, findResource, fromAggregated, kubeVersionOf, objectPath, type AggregatedList } from './discovery.js';

// The shape kube-apiserver 1.33 answers /api and /apis with (apidiscovery.k8s.io/v2), trimmed.
const core: AggregatedList = {
  items: [
    {
      metadata: { name: '' },
      versions: [
        {
          version: 'v1',
          resources: [
            { resource: 'configmaps', responseKind: { group: '', version: 'v1', kind: 'ConfigMap' }, scope: 'Namespaced', verbs: ['get'] },
            { resource: 'namespaces', responseKind: { group: '', version: 'v1', kind: 'Namespace' }, scope: 'Cluster', verbs: ['get'], subresources: [{ subresource: 'status', responseKind: { kind: 'Namespace' } }] },
          ],
        },
      ],
    },
  ],
};
const groups: AggregatedList = {
  items: [
    {
      metadata: { name: 'apps' },
      versions: [
        {
          version: 'v1',
          resources: [
            {
              resource: 'deployments',
              responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
              scope: 'Namespaced',
              subresources: [{ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' } }],
            },
          ],
        },
      ],
    },
  ],
};

test('aggregated discovery maps kinds to resources and scopes', () => {
  const data = fromAggregated([core, groups]);
  assert.deepEqual(data.groupVersions, ['v1', 'apps/v1']);
  const deployments = findResource(data, 'apps/v1', 'Deployment')!;
  assert.equal(collectionPath(deployments, 'ns'), '/apis/apps/v1/namespaces/ns/deployments');
  assert.equal(objectPath(deployments, 'web', 'ns'), '/apis/apps/v1/namespaces/ns/deployments/web');
  const namespaces = findResource(data, 'v1', 'Namespace')!;
  assert.equal(namespaces.namespaced, false);
  assert.equal(objectPath(namespaces, 'x', 'ignored'), '/api/v1/namespaces/x');
  assert.equal(findResource(data, 'apps/v1', 'Scale'), undefined);
});

test('.Capabilities.APIVersions lists group versions and group/version/Kind, subresource kinds included', () => {
  assert.deepEqual(apiVersionsOf(fromAggregated([core, groups])), ['apps/v1', 'apps/v1/Deployment', 'apps/v1/Scale', 'v1', 'v1/ConfigMap', 'v1/Namespace']);
  const v = kubeVersionOf({ gitVersion: 'v1.33.13', major: '1', minor: '33' });
  assert.deepEqual([v.version, v.normalizedVersion, v.major, v.minor, v.goString()], ['v1.33.13', '', '1', '33', 'v1.33.13']);
  const gke = kubeVersionOf({ gitVersion: 'v1.30.5-gke.1014001', major: '1', minor: '30+' });
  assert.deepEqual([gke.version, gke.goString(), gke.minor], ['v1.30.5-gke.1014001', 'v1.30.5-gke.1014001', '30+']);
});
