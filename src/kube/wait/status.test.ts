import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeJobCompletion, computeStatus } from './status.js';

const deployment = (spec: Record<string, unknown>, status: Record<string, unknown>, generation = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', generation },
  spec,
  status,
});

test('Deployment: in progress until every replica is available, then Current', () => {
  assert.deepEqual(computeStatus(deployment({ replicas: 2 }, { observedGeneration: 1 })), { status: 'InProgress', message: 'Replicas: 0/2' });
  assert.deepEqual(computeStatus(deployment({ replicas: 2 }, { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1 })), {
    status: 'InProgress',
    message: 'Available: 1/2',
  });
  const done = { observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 };
  assert.equal(computeStatus(deployment({ replicas: 2, progressDeadlineSeconds: 600 }, done)).message, 'ReplicaSet not Available');
  const conditions = [
    { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    { type: 'Available', status: 'True' },
  ];
  assert.deepEqual(computeStatus(deployment({ replicas: 2, progressDeadlineSeconds: 600 }, { ...done, conditions })), {
    status: 'Current',
    message: 'Deployment is available. Replicas: 2',
  });
  assert.equal(computeStatus(deployment({}, { ...done, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] })).status, 'Failed');
});

test('generic rules: deletion, unobserved generation, Reconciling and Stalled', () => {
  assert.equal(computeStatus({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { deletionTimestamp: '2024-01-01T00:00:00Z' } }).status, 'Terminating');
  assert.deepEqual(computeStatus(deployment({}, { observedGeneration: 1 }, 2)), { status: 'InProgress', message: 'Deployment generation is 2, but latest observed generation is 1' });
  const custom = (conditions: unknown[]) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: {}, status: { conditions } });
  assert.deepEqual(computeStatus(custom([{ type: 'Reconciling', status: 'True', message: 'busy' }])), { status: 'InProgress', message: 'busy' });
  assert.deepEqual(computeStatus(custom([{ type: 'Stalled', status: 'True', message: 'broken' }])), { status: 'Failed', message: 'broken' });
  assert.deepEqual(computeStatus(custom([])), { status: 'Current', message: 'Resource is current' });
});

test('Pods, Jobs, PVCs, Services, CRDs, StatefulSets and DaemonSets', () => {
  const pod = (status: Record<string, unknown>, created = new Date().toISOString()) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { creationTimestamp: created }, status });
  assert.equal(computeStatus(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] })).status, 'Current');
  assert.equal(computeStatus(pod({ phase: 'Running', containerStatuses: [{ name: 'c', state: { waiting: { reason: 'CrashLoopBackOff' } } }] })).message, 'Containers in CrashLoop state: c');
  const unschedulable = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] };
  assert.equal(computeStatus(pod(unschedulable)).status, 'InProgress');
  assert.equal(computeStatus(pod(unschedulable, '2020-01-01T00:00:00Z')).status, 'Failed');

  const job = (status: Record<string, unknown>) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: {}, spec: {}, status });
  assert.equal(computeStatus(job({})).message, 'Job not started');
  assert.equal(computeStatus(job({ startTime: 'x', active: 1 })).status, 'Current');
  assert.equal(computeJobCompletion(job({ startTime: 'x', active: 1 })).status, 'InProgress');
  assert.equal(computeJobCompletion(job({ conditions: [{ type: 'Complete', status: 'True' }], succeeded: 1 })).message, 'Job Completed. succeeded: 1/1');
  assert.equal(computeStatus(job({ conditions: [{ type: 'Failed', status: 'True' }], failed: 3 })).message, 'Job Failed. failed: 3/1');

  assert.equal(computeStatus({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: {}, status: { phase: 'Pending' } }).message, 'PVC is not Bound. phase: Pending');
  assert.equal(computeStatus({ apiVersion: 'v1', kind: 'Service', metadata: {}, spec: { type: 'LoadBalancer' } }).status, 'InProgress');
  assert.equal(computeStatus({ apiVersion: 'v1', kind: 'Service', metadata: {}, spec: { type: 'LoadBalancer', clusterIP: '10.0.0.1' } }).status, 'Current');

  const crd = (conditions: unknown[]) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {}, status: { conditions } });
  assert.equal(computeStatus(crd([])).message, 'Install in progress');
  assert.equal(computeStatus(crd([{ type: 'Established', status: 'True' }])).status, 'Current');
  assert.equal(computeStatus(crd([{ type: 'NamesAccepted', status: 'False', message: 'taken' }])).status, 'Failed');

  const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: {}, spec: { replicas: 1 }, status: { replicas: 1, readyReplicas: 1, currentReplicas: 1, currentRevision: 'a', updateRevision: 'b' } };
  assert.equal(computeStatus(sts).message, 'Waiting for updated revision to match current');
  const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { generation: 1 }, status: { observedGeneration: 1, desiredNumberScheduled: 2, currentNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2, numberReady: 1 } };
  assert.equal(computeStatus(ds).message, 'Ready: 1/2');
  assert.equal(computeStatus({ ...ds, metadata: {} }).message, 'DaemonSet metadata.generation not found');
});
