// releaseutil.SortManifests: rendered files split into documents, hooks separated from the
// other manifests by their `helm.sh/hook` annotation, both sorted by kind (install order, stable).
import { compareGoStrings, GoError } from '../gotemplate/value.js';
import { parseSimpleHead, type SimpleHead } from './head.js';
import { trimGoSpace } from './gospace.js';
import { splitManifests } from './split.js';

export const HOOK_ANNOTATION = 'helm.sh/hook';
export const HOOK_WEIGHT_ANNOTATION = 'helm.sh/hook-weight';
export const HOOK_DELETE_ANNOTATION = 'helm.sh/hook-delete-policy';
export const HOOK_OUTPUT_LOG_ANNOTATION = 'helm.sh/hook-output-log-policy';

export type HookEvent =
  | 'pre-install'
  | 'post-install'
  | 'pre-delete'
  | 'post-delete'
  | 'pre-upgrade'
  | 'post-upgrade'
  | 'pre-rollback'
  | 'post-rollback'
  | 'test';

/** Annotation values → events; `test-success` is helm 2's name for `test`. */
const HOOK_EVENTS: ReadonlyMap<string, HookEvent> = new Map<string, HookEvent>([
  ['pre-install', 'pre-install'],
  ['post-install', 'post-install'],
  ['pre-delete', 'pre-delete'],
  ['post-delete', 'post-delete'],
  ['pre-upgrade', 'pre-upgrade'],
  ['post-upgrade', 'post-upgrade'],
  ['pre-rollback', 'pre-rollback'],
  ['post-rollback', 'post-rollback'],
  ['test', 'test'],
  ['test-success', 'test'],
]);

/** The order in which kinds are installed; unknown kinds come after, alphabetically. */
export const INSTALL_ORDER: readonly string[] = [
  'PriorityClass',
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];

/** The order in which kinds are uninstalled (validation webhooks first, namespaces last). */
export const UNINSTALL_ORDER: readonly string[] = [
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'Ingress',
  'IngressClass',
  'Service',
  'CronJob',
  'Job',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'Deployment',
  'ReplicaSet',
  'ReplicationController',
  'Pod',
  'DaemonSet',
  'RoleBindingList',
  'RoleBinding',
  'RoleList',
  'Role',
  'ClusterRoleBindingList',
  'ClusterRoleBinding',
  'ClusterRoleList',
  'ClusterRole',
  'CustomResourceDefinition',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'StorageClass',
  'ConfigMap',
  'SecretList',
  'Secret',
  'ServiceAccount',
  'PodDisruptionBudget',
  'PodSecurityPolicy',
  'LimitRange',
  'ResourceQuota',
  'NetworkPolicy',
  'Namespace',
  'PriorityClass',
];

/** A document of a rendered template that is not a hook. */
export interface Manifest {
  /** The template path it came from (`chart/templates/x.yaml`). */
  name: string;
  content: string;
  head: SimpleHead;
}

/** A hook (release.Hook) as the manifest sorter builds it. */
export interface Hook {
  name: string;
  kind: string;
  path: string;
  manifest: string;
  events: HookEvent[];
  weight: number;
  deletePolicies: string[];
  outputLogPolicies: string[];
}

export interface SortedManifests {
  hooks: Hook[];
  manifests: Manifest[];
}

/** A document that is no valid manifest; `hooks` are those found before it, unsorted, as helm returns them. */
export class ManifestParseError extends GoError {
  constructor(
    message: string,
    readonly hooks: Hook[],
  ) {
    super(message);
    this.name = 'ManifestParseError';
  }
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** strconv.Atoi of the weight annotation; anything unparsable is 0. */
function hookWeight(text: string | undefined): number {
  if (text === undefined || !/^[+-]?[0-9]+$/.test(text)) return 0;
  const n = BigInt(text);
  return n > 0x7fffffffffffffffn || n < -0x8000000000000000n ? 0 : Number(n);
}

function policies(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text.split(',').map((p) => trimGoSpace(p).toLowerCase());
}

/**
 * Splits and classifies rendered files (partials and blank files skipped, paths in byte order).
 * `log` receives helm's INFO line for a hook with an unknown event, whose document is dropped.
 * Throws a ManifestParseError (`YAML parse error on PATH: ...`) for a document that is not a valid manifest head.
 */
export function sortManifests(files: ReadonlyMap<string, string>, ordering: readonly string[] = INSTALL_ORDER, log?: (message: string) => void): SortedManifests {
  const hooks: Hook[] = [];
  const manifests: Manifest[] = [];
  for (const path of [...files.keys()].sort(compareGoStrings)) {
    const content = files.get(path)!;
    if (baseName(path).startsWith('_') || trimGoSpace(content) === '') continue;
    for (const doc of splitManifests(content)) {
      let head: SimpleHead;
      try {
        head = parseSimpleHead(doc);
      } catch (e) {
        if (e instanceof GoError) throw new ManifestParseError(`YAML parse error on ${path}: ${e.message}`, hooks);
        throw e;
      }
      const annotations = head.metadata?.annotations;
      const hookTypes = annotations?.get(HOOK_ANNOTATION);
      if (annotations === undefined || annotations.size === 0 || hookTypes === undefined) {
        manifests.push({ name: path, content: doc, head });
        continue;
      }
      const events: HookEvent[] = [];
      let unknown = false;
      for (const type of hookTypes.split(',')) {
        const event = HOOK_EVENTS.get(trimGoSpace(type).toLowerCase());
        if (!event) {
          unknown = true;
          break;
        }
        events.push(event);
      }
      if (unknown) {
        log?.(`level=INFO msg="skipping unknown hooks" hookTypes=${slogValue(hookTypes)}`);
        continue;
      }
      hooks.push({
        name: head.metadata?.name ?? '',
        kind: head.kind,
        path,
        manifest: doc,
        events,
        weight: hookWeight(annotations.get(HOOK_WEIGHT_ANNOTATION)),
        deletePolicies: policies(annotations.get(HOOK_DELETE_ANNOTATION)),
        outputLogPolicies: policies(annotations.get(HOOK_OUTPUT_LOG_ANNOTATION)),
      });
    }
  }
  return { hooks: sortByKind(hooks, (h) => h.kind, ordering), manifests: sortByKind(manifests, (m) => m.head.kind, ordering) };
}

/** log/slog's text handler quotes a value with spaces, quotes, `=` or non-printable characters. */
function slogValue(v: string): string {
  return v === '' || /[\s"=\\]|[^\x21-\x7e]/.test(v) ? JSON.stringify(v) : v;
}

/** Stable sort by kind: known kinds in the given order, then unknown kinds alphabetically. */
export function sortByKind<T>(items: T[], kindOf: (item: T) => string, ordering: readonly string[]): T[] {
  const rank = new Map(ordering.map((k, i) => [k, i]));
  return items
    .map((item, index) => ({ item, index, kind: kindOf(item) }))
    .sort((a, b) => {
      const ra = rank.get(a.kind);
      const rb = rank.get(b.kind);
      if (ra === undefined && rb === undefined) {
        if (a.kind !== b.kind) return compareGoStrings(a.kind, b.kind);
      } else if (ra === undefined) {
        return 1;
      } else if (rb === undefined) {
        return -1;
      } else if (ra !== rb) {
        return ra - rb;
      }
      return a.index - b.index;
    })
    .map((x) => x.item);
}
