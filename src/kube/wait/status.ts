// The status of a live object as kstatus computes it (sigs.k8s.io/cli-utils pkg/kstatus/status),
// which helm 4's default waiter uses: generic rules first (deletion, observed generation, the
// Reconciling and Stalled conditions), then the rules of the built-in kind, else Current.

export type ResourceStatus = 'InProgress' | 'Failed' | 'Current' | 'Terminating' | 'NotFound' | 'Unknown';

export interface StatusResult {
  status: ResourceStatus;
  message: string;
}

type Obj = Record<string, unknown>;

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

function field(obj: Obj, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Obj)[part];
  }
  return v;
}

/** An integer field, or the default when it is missing or not an integer (kstatus GetIntField). */
function int(obj: Obj, path: string, dflt: number): number {
  const v = field(obj, path);
  return typeof v === 'number' && Number.isInteger(v) ? v : dflt;
}

function str(obj: Obj, path: string, dflt: string): string {
  const v = field(obj, path);
  return typeof v === 'string' ? v : dflt;
}

function conditions(obj: Obj): Condition[] {
  const c = field(obj, 'status.conditions');
  return Array.isArray(c) ? (c.filter((x) => typeof x === 'object' && x !== null) as Condition[]) : [];
}

const inProgress = (message: string): StatusResult => ({ status: 'InProgress', message });
const current = (message: string): StatusResult => ({ status: 'Current', message });
const failed = (message: string): StatusResult => ({ status: 'Failed', message });

function groupOf(apiVersion: unknown): string {
  const s = typeof apiVersion === 'string' ? apiVersion : '';
  const slash = s.indexOf('/');
  return slash < 0 ? '' : s.slice(0, slash);
}

/** kstatus Compute. */
export function computeStatus(obj: Obj, now = Date.now()): StatusResult {
  const generic = genericStatus(obj);
  if (generic) return generic;
  const group = groupOf(obj.apiVersion);
  const rule = KIND_RULES[group === '' ? String(obj.kind) : `${group}/${String(obj.kind)}`];
  if (rule) return rule(obj, now);
  return current('Resource is current');
}

/** helm's WaitWithJobs reading of a Job: Current only once it completed. */
export function computeJobCompletion(obj: Obj): StatusResult {
  const generic = genericStatus(obj);
  if (generic) return generic;
  const parallelism = int(obj, 'spec.parallelism', 1);
  const completions = int(obj, 'spec.completions', parallelism);
  for (const c of conditions(obj)) {
    if (c.type === 'Complete' && c.status === 'True') return current(`Job Completed. succeeded: ${int(obj, 'status.succeeded', 0)}/${completions}`);
    if (c.type === 'Failed' && c.status === 'True') return failed(`Job Failed. failed: ${int(obj, 'status.failed', 0)}/${completions}`);
  }
  return inProgress('Job in progress');
}

function genericStatus(obj: Obj): StatusResult | undefined {
  if (str(obj, 'metadata.deletionTimestamp', '') !== '') return { status: 'Terminating', message: 'Resource scheduled for deletion' };
  const generation = field(obj, 'metadata.generation');
  const observed = field(obj, 'status.observedGeneration');
  if (typeof generation === 'number' && typeof observed === 'number' && observed !== generation) {
    return inProgress(`${String(obj.kind)} generation is ${generation}, but latest observed generation is ${observed}`);
  }
  for (const c of conditions(obj)) {
    if (c.type === 'Reconciling' && c.status === 'True') return inProgress(c.message ?? '');
    if (c.type === 'Stalled' && c.status === 'True') return failed(c.message ?? '');
  }
  return undefined;
}

type Rule = (obj: Obj, now: number) => StatusResult;

const alwaysReady: Rule = () => current('Resource is always ready');

function deployment(obj: Obj): StatusResult {
  let progressing = int(obj, 'spec.progressDeadlineSeconds', 2147483647) === 2147483647;
  let available = false;
  for (const c of conditions(obj)) {
    if (c.type === 'Progressing') {
      if (c.reason === 'ProgressDeadlineExceeded') return failed('Progress deadline exceeded');
      if (c.status === 'True' && c.reason === 'NewReplicaSetAvailable') progressing = true;
    } else if (c.type === 'Available' && c.status === 'True') {
      available = true;
    }
  }
  const spec = int(obj, 'spec.replicas', 1);
  const replicas = int(obj, 'status.replicas', 0);
  const updated = int(obj, 'status.updatedReplicas', 0);
  const ready = int(obj, 'status.readyReplicas', 0);
  const availableReplicas = int(obj, 'status.availableReplicas', 0);
  if (spec > replicas) return inProgress(`Replicas: ${replicas}/${spec}`);
  if (spec > updated) return inProgress(`Updated: ${updated}/${spec}`);
  if (replicas > spec) return inProgress(`Pending termination: ${replicas - spec}`);
  if (updated > availableReplicas) return inProgress(`Available: ${availableReplicas}/${updated}`);
  if (spec > ready) return inProgress(`Ready: ${ready}/${spec}`);
  if (!progressing) return inProgress('ReplicaSet not Available');
  if (!available) return inProgress('Deployment not Available');
  return current(`Deployment is available. Replicas: ${replicas}`);
}

function replicaSet(obj: Obj): StatusResult {
  if (conditions(obj).some((c) => c.type === 'ReplicaFailure' && c.status === 'True')) return inProgress('Replica Failure condition. Check Pods');
  const spec = int(obj, 'spec.replicas', 1);
  const replicas = int(obj, 'status.replicas', 0);
  const ready = int(obj, 'status.readyReplicas', 0);
  const available = int(obj, 'status.availableReplicas', 0);
  const labelled = int(obj, 'status.fullyLabeledReplicas', 0);
  if (spec > labelled) return inProgress(`Labelled: ${labelled}/${spec}`);
  if (spec > available) return inProgress(`Available: ${available}/${spec}`);
  if (spec > ready) return inProgress(`Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress(`Pending termination: ${replicas - spec}`);
  return current(`ReplicaSet is available. Replicas: ${replicas}`);
}

function statefulSet(obj: Obj): StatusResult {
  if (str(obj, 'spec.updateStrategy.type', '') === 'OnDelete') return current('StatefulSet is using the ondelete update strategy');
  const spec = int(obj, 'spec.replicas', 1);
  const ready = int(obj, 'status.readyReplicas', 0);
  const currentReplicas = int(obj, 'status.currentReplicas', 0);
  const updated = int(obj, 'status.updatedReplicas', 0);
  const replicas = int(obj, 'status.replicas', 0);
  const partition = int(obj, 'spec.updateStrategy.rollingUpdate.partition', -1);
  if (spec > replicas) return inProgress(`Replicas: ${replicas}/${spec}`);
  if (spec > ready) return inProgress(`Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress(`Pending termination: ${replicas - spec}`);
  if (partition !== -1) {
    if (updated < spec - partition) return inProgress(`updated: ${updated}/${spec - partition}`);
    return current(`Partition rollout complete. updated: ${updated}`);
  }
  if (spec > currentReplicas) return inProgress(`current: ${currentReplicas}/${spec}`);
  if (str(obj, 'status.currentRevision', '') !== str(obj, 'status.updateRevision', '')) return inProgress('Waiting for updated revision to match current');
  return current(`All replicas scheduled as expected. Replicas: ${replicas}`);
}

function daemonSet(obj: Obj): StatusResult {
  if (typeof field(obj, 'metadata.generation') !== 'number') return inProgress(`${String(obj.kind)} metadata.generation not found`);
  if (typeof field(obj, 'status.observedGeneration') !== 'number') return inProgress(`${String(obj.kind)} status.observedGeneration not found`);
  const desired = int(obj, 'status.desiredNumberScheduled', -1);
  const currentScheduled = int(obj, 'status.currentNumberScheduled', 0);
  const updated = int(obj, 'status.updatedNumberScheduled', 0);
  const available = int(obj, 'status.numberAvailable', 0);
  const ready = int(obj, 'status.numberReady', 0);
  if (desired === -1) return inProgress('Missing .status.desiredNumberScheduled');
  if (desired > currentScheduled) return inProgress(`Current: ${currentScheduled}/${desired}`);
  if (desired > updated) return inProgress(`Updated: ${updated}/${desired}`);
  if (desired > available) return inProgress(`Available: ${available}/${desired}`);
  if (desired > ready) return inProgress(`Ready: ${ready}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
}

function pvc(obj: Obj): StatusResult {
  const phase = str(obj, 'status.phase', 'unknown');
  return phase === 'Bound' ? current('PVC is Bound') : inProgress(`PVC is not Bound. phase: ${phase}`);
}

const SCHEDULE_WINDOW_MS = 15_000;

function pod(obj: Obj, now: number): StatusResult {
  const phase = str(obj, 'status.phase', '');
  const conds = conditions(obj);
  switch (phase) {
    case 'Succeeded':
      return current('Pod has completed successfully');
    case 'Failed':
      return current('Pod has completed, but not successfully');
    case 'Running': {
      if (conds.some((c) => c.type === 'Ready' && c.status === 'True')) return current('Pod is Ready');
      const statuses = field(obj, 'status.containerStatuses');
      const crashing = (Array.isArray(statuses) ? (statuses as Obj[]) : [])
        .filter((s) => str(s, 'state.waiting.reason', '') === 'CrashLoopBackOff')
        .map((s) => String(s.name));
      if (crashing.length > 0) return failed(`Containers in CrashLoop state: ${crashing.join(',')}`);
      return inProgress('Pod is running but is not Ready');
    }
    case 'Pending': {
      const unschedulable = conds.find((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
      if (unschedulable) {
        const created = Date.parse(str(obj, 'metadata.creationTimestamp', ''));
        if (Number.isNaN(created) || now - SCHEDULE_WINDOW_MS < created) return inProgress('Pod has not been scheduled');
        return failed('Pod could not be scheduled');
      }
      return inProgress('Pod is in the Pending phase');
    }
    case '':
      return inProgress('Pod phase not available');
    default:
      return { status: 'Unknown', message: `unknown phase ${phase}` };
  }
}

function job(obj: Obj): StatusResult {
  const parallelism = int(obj, 'spec.parallelism', 1);
  const completions = int(obj, 'spec.completions', parallelism);
  const succeeded = int(obj, 'status.succeeded', 0);
  const active = int(obj, 'status.active', 0);
  const failedCount = int(obj, 'status.failed', 0);
  for (const c of conditions(obj)) {
    if (c.status !== 'True') continue;
    if (c.type === 'Complete') return current(`Job Completed. succeeded: ${succeeded}/${completions}`);
    if (c.type === 'Failed') return failed(`Job Failed. failed: ${failedCount}/${completions}`);
    if (c.type === 'Suspended') return current('Job is suspended');
  }
  if (str(obj, 'status.startTime', '') === '') return inProgress('Job not started');
  return current(`Job in progress. success:${succeeded}, active: ${active}, failed: ${failedCount}`);
}

function service(obj: Obj): StatusResult {
  if (str(obj, 'spec.type', 'ClusterIP') === 'LoadBalancer' && str(obj, 'spec.clusterIP', '') === '') {
    return inProgress('ClusterIP not set. Service type: LoadBalancer');
  }
  return current('Service is ready');
}

function crd(obj: Obj): StatusResult {
  for (const c of conditions(obj)) {
    if (c.type === 'NamesAccepted' && c.status === 'False') return failed(c.message ?? '');
    if (c.type === 'Established') {
      if (c.status === 'False' && c.reason !== 'Installing') return failed(c.message ?? '');
      if (c.status === 'True') return current('CRD is established');
    }
  }
  return inProgress('Install in progress');
}

const KIND_RULES: Record<string, Rule> = {
  Service: service,
  Pod: pod,
  Secret: alwaysReady,
  PersistentVolumeClaim: pvc,
  'apps/StatefulSet': statefulSet,
  'apps/DaemonSet': daemonSet,
  'extensions/DaemonSet': daemonSet,
  'apps/Deployment': deployment,
  'extensions/Deployment': deployment,
  'apps/ReplicaSet': replicaSet,
  'extensions/ReplicaSet': replicaSet,
  'policy/PodDisruptionBudget': () => current('AllowedDisruptions has been computed.'),
  'batch/CronJob': alwaysReady,
  ConfigMap: alwaysReady,
  'batch/Job': job,
  'apiextensions.k8s.io/CustomResourceDefinition': crd,
};
