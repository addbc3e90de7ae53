// Applying manifests as helm does (pkg/kube Client.Create/Update/Delete): server-side apply with
// field manager "helm" (helm 4's default), or client-side apply for releases helm 3 made (three-way
// strategic merge for built-in kinds, JSON merge patch for custom kinds), or replace when forced.
// Objects absent from the cluster are created; objects of the previous release that the new one
// no longer has are deleted, unless annotated helm.sh/resource-policy: keep.
import { KubeClient, HELM_FIELD_MANAGER, checkObject, refOf, type KubeObject, type Located, type PropagationPolicy } from './client.js';
import { splitApiVersion } from './discovery.js';
import { KubeError } from './errors.js';
import { jsonMergePatch } from './merge/json-merge.js';
import { OpenAPISchemas } from './merge/patch-meta.js';
import { threeWayStrategicPatch } from './merge/strategic.js';

export type ApplyMethod = 'ssa' | 'csa';

export interface ApplyOptions {
  /** "ssa" (server-side apply, default) or "csa" (client-side, helm 3's). */
  method?: ApplyMethod;
  /** Server-side apply only: take over fields that other managers own. */
  forceConflicts?: boolean;
  /** Client-side apply only: replace (PUT) existing objects instead of patching them. */
  forceReplace?: boolean;
  dryRun?: boolean;
  /** How the server treats unknown or duplicate fields (default Strict, as helm). */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  /** Namespace of namespaced objects that do not name one. */
  namespace?: string;
  fieldManager?: string;
  /** How long a custom resource waits for the CRD applied before it in the same batch (ms, default 60 s). */
  crdTimeoutMs?: number;
}

export interface ApplyResult {
  created: KubeObject[];
  updated: KubeObject[];
  deleted: KubeObject[];
}

/** One or more objects failed; `result` says what was done before and besides. */
export class ApplyError extends Error {
  constructor(
    readonly errors: Error[],
    readonly result: ApplyResult,
  ) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'ApplyError';
  }
}

export const RESOURCE_POLICY_ANNOTATION = 'helm.sh/resource-policy';
const KEEP_POLICY = 'keep';
const DEFAULT_CRD_TIMEOUT_MS = 60_000;

// Kinds helm 3 patches with JSON merge: those client-go's scheme does not know (custom resources,
// aggregated APIs) and v1beta1 CRDs; every other built-in group takes strategic merge.
const STRATEGIC_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

export function usesStrategicMerge(apiVersion: string, kind: string): boolean {
  const { group, version } = splitApiVersion(apiVersion);
  if (group === 'apiextensions.k8s.io' && version === 'v1beta1' && kind === 'CustomResourceDefinition') return false;
  return STRATEGIC_GROUPS.has(group);
}

function identity(at: Located): string {
  return `${at.info.group}/${at.info.kind}/${at.namespace ?? ''}/${at.name}`;
}

export class Applier {
  private readonly schemas: OpenAPISchemas;

  constructor(readonly client: KubeClient) {
    this.schemas = new OpenAPISchemas(client.connection);
  }

  /** Creates (or, with server-side apply, applies) every object, as helm's install does. */
  async create(targets: readonly unknown[], options: ApplyOptions = {}): Promise<ApplyResult> {
    return this.update([], targets, options);
  }

  /**
   * helm's Update: creates the targets that do not exist, updates the others, then (when all went
   * well) deletes the originals that the targets no longer contain.
   */
  async update(originals: readonly unknown[], targets: readonly unknown[], options: ApplyOptions = {}): Promise<ApplyResult> {
    const method = options.method ?? 'ssa';
    if (method === 'csa' && options.forceConflicts) throw new KubeError(this.client.cluster, 'invalid operation: forceConflicts needs server-side apply', 'BadRequest');
    if (method === 'ssa' && options.forceReplace) throw new KubeError(this.client.cluster, 'invalid operation: cannot use server-side apply and force replace together', 'BadRequest');
    const result: ApplyResult = { created: [], updated: [], deleted: [] };
    const errors: Error[] = [];
    const checked = targets.map((t) => checkObject(this.client.cluster, t));
    const deadline = Date.now() + (options.crdTimeoutMs ?? DEFAULT_CRD_TIMEOUT_MS);
    const batchCrdKinds = new Set<string>();
    const targetIds = new Set<string>();
    const originalsById = await this.locateOriginals(originals, options.namespace);

    // Objects of one kind go together, kinds one after another (CRDs before their resources).
    for (const run of runsByKind(checked)) {
      await Promise.all(
        run.map(async (target) => {
          try {
            const at = await this.locateTarget(target, options.namespace, batchCrdKinds, deadline);
            targetIds.add(identity(at));
            const body = withNamespace(target, at);
            const live = await this.client.getAt(at.info, at.name, at.namespace);
            if (!live) {
              result.created.push(await this.createOne(at, body, options));
            } else {
              result.updated.push(await this.updateOne(at, body, live, originalsById.get(identity(at)), options));
            }
            if (at.info.group === 'apiextensions.k8s.io' && at.info.kind === 'CustomResourceDefinition') {
              noteCrd(batchCrdKinds, body);
              this.client.discovery.invalidate();
            }
          } catch (err) {
            errors.push(err as Error);
          }
        }),
      );
    }
    if (errors.length > 0) throw new ApplyError(errors, result);

    for (const [id, { at, object }] of originalsById) {
      if (targetIds.has(id)) continue;
      try {
        const live = await this.client.getAt(at.info, at.name, at.namespace);
        if (!live) continue;
        const annotations = (live.metadata as { annotations?: Record<string, string> }).annotations;
        if (annotations?.[RESOURCE_POLICY_ANNOTATION] === KEEP_POLICY) continue;
        if (await this.client.deleteAt(at, 'Background', { dryRun: options.dryRun })) result.deleted.push(object);
      } catch (err) {
        errors.push(err as Error);
      }
    }
    if (errors.length > 0) throw new ApplyError(errors, result);
    return result;
  }

  /** Deletes every object (absent ones count as deleted), as helm's uninstall does. */
  async delete(objects: readonly unknown[], propagationPolicy: PropagationPolicy = 'Background', namespace?: string): Promise<KubeObject[]> {
    const outcomes = await Promise.all(
      objects.map(async (o) => {
        try {
          const obj = checkObject(this.client.cluster, o);
          await this.client.deleteAt(await this.client.locate(obj, namespace), propagationPolicy);
          return obj;
        } catch (err) {
          return err as Error;
        }
      }),
    );
    const deleted = outcomes.filter((x): x is KubeObject => !(x instanceof Error));
    const errors = outcomes.filter((x): x is Error => x instanceof Error);
    if (errors.length > 0) throw new ApplyError(errors, { created: [], updated: [], deleted });
    return deleted;
  }

  private async locateOriginals(originals: readonly unknown[], namespace?: string): Promise<Map<string, { at: Located; object: KubeObject }>> {
    const byId = new Map<string, { at: Located; object: KubeObject }>();
    for (const o of originals) {
      const obj = checkObject(this.client.cluster, o);
      let at: Located;
      try {
        at = await this.client.locate(obj, namespace);
      } catch (err) {
        // A kind the server no longer serves (its CRD removed) has nothing left to update or prune.
        if (err instanceof KubeError && err.reason === 'NoKindMatch') continue;
        throw err;
      }
      byId.set(identity(at), { at, object: withNamespace(obj, at) });
    }
    return byId;
  }

  private async locateTarget(target: KubeObject, namespace: string | undefined, batchCrdKinds: Set<string>, deadline: number): Promise<Located> {
    try {
      return await this.client.locate(target, namespace);
    } catch (err) {
      const { group } = splitApiVersion(target.apiVersion);
      if (!(err instanceof KubeError) || err.reason !== 'NoKindMatch' || !batchCrdKinds.has(`${group}/${target.kind}`)) throw err;
      const info = await this.client.discovery.waitForResource(target.apiVersion, target.kind, deadline, refOf(target));
      return this.client.place(info, target, namespace);
    }
  }

  private async createOne(at: Located, body: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    if ((options.method ?? 'ssa') === 'ssa') return this.serverSideApply(at, body, options);
    return this.client.createAt(at, body, { fieldManager: options.fieldManager, dryRun: options.dryRun });
  }

  private async updateOne(at: Located, body: KubeObject, live: KubeObject, original: { object: KubeObject } | undefined, options: ApplyOptions): Promise<KubeObject> {
    if ((options.method ?? 'ssa') === 'ssa') return this.serverSideApply(at, body, options);
    if (options.forceReplace) {
      return this.client.replaceAt(at, body, { fieldManager: options.fieldManager, dryRun: options.dryRun, fieldValidation: options.fieldValidation ?? 'Strict' });
    }
    if (!original) throw new KubeError(this.client.cluster, `original object ${at.info.kind} with the name "${at.name}" not found`, 'NotFound', undefined, at.ref);
    let patch: Record<string, unknown>;
    let contentType: string;
    if (usesStrategicMerge(body.apiVersion, body.kind)) {
      const schema = await this.schemas.patchSchema(at.info.group, at.info.version, at.info.kind);
      patch = threeWayStrategicPatch(original.object, body, live, schema);
      contentType = 'application/strategic-merge-patch+json';
    } else {
      patch = jsonMergePatch(original.object, body);
      contentType = 'application/merge-patch+json';
    }
    if (Object.keys(patch).length === 0) return live;
    return this.client.patchAt(at, contentType, JSON.stringify(patch), {
      fieldManager: options.fieldManager ?? HELM_FIELD_MANAGER,
      dryRun: options.dryRun ? 'All' : undefined,
    });
  }

  private async serverSideApply(at: Located, body: KubeObject, options: ApplyOptions): Promise<KubeObject> {
    try {
      return await this.client.patchAt(at, 'application/apply-patch+yaml', JSON.stringify(body), {
        fieldManager: options.fieldManager ?? HELM_FIELD_MANAGER,
        force: String(Boolean(options.forceConflicts)),
        fieldValidation: options.fieldValidation ?? 'Strict',
        dryRun: options.dryRun ? 'All' : undefined,
      });
    } catch (err) {
      if (err instanceof KubeError && err.reason === 'Conflict' && err.status === 409 && !options.forceConflicts) {
        throw new KubeError(err.cluster, `${err.detail} (apply with forceConflicts to take these fields over)`, 'Conflict', 409, at.ref, err.details);
      }
      throw err;
    }
  }
}

function withNamespace(obj: KubeObject, at: Located): KubeObject {
  if (!at.namespace || obj.metadata.namespace === at.namespace) return obj;
  return { ...obj, metadata: { ...obj.metadata, namespace: at.namespace } };
}

function noteCrd(kinds: Set<string>, crd: KubeObject): void {
  const spec = crd.spec as { group?: string; names?: { kind?: string } } | undefined;
  if (spec?.group && spec.names?.kind) kinds.add(`${spec.group}/${spec.names.kind}`);
}

function runsByKind(objects: KubeObject[]): KubeObject[][] {
  const runs: KubeObject[][] = [];
  for (const o of objects) {
    const last = runs[runs.length - 1];
    if (last && last[0].kind === o.kind) last.push(o);
    else runs.push([o]);
  }
  return runs;
}
