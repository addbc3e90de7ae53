// Raw object access on one cluster: get, list, create, replace, patch, delete and watch, with kinds
// mapped to REST paths by discovery. Objects stay plain JSON (never typed models), so no field a
// chart sets is dropped on its way to the server.
import { Connection, type Credentials, type ConnectionOptions } from './connection.js';
import { Discovery, collectionPath, objectPath, type ResourceInfo } from './discovery.js';
import { KubeError, isNotFound, type ObjectRef } from './errors.js';

/** A Kubernetes object as JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** Where an object lives: its resource, name and (for namespaced resources) namespace. */
export interface Located {
  info: ResourceInfo;
  name: string;
  namespace?: string;
  ref: ObjectRef;
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

export const HELM_FIELD_MANAGER = 'helm';

export function refOf(obj: { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } }): ObjectRef {
  return {
    kind: typeof obj.kind === 'string' && obj.kind ? obj.kind : 'object',
    name: typeof obj.metadata?.name === 'string' ? obj.metadata.name : undefined,
    namespace: typeof obj.metadata?.namespace === 'string' ? obj.metadata.namespace : undefined,
  };
}

function writeQuery(options: WriteOptions): Record<string, string | undefined> {
  return {
    fieldManager: options.fieldManager ?? HELM_FIELD_MANAGER,
    dryRun: options.dryRun ? 'All' : undefined,
    fieldValidation: options.fieldValidation,
  };
}

export class KubeClient {
  readonly discovery: Discovery;

  constructor(readonly connection: Connection) {
    this.discovery = new Discovery(connection);
  }

  static connect(credentials: Credentials, options?: ConnectionOptions): KubeClient {
    return new KubeClient(Connection.fromCredentials(credentials, options));
  }

  get cluster(): string {
    return this.connection.name;
  }

  /** Checks an object's identity fields and finds its resource; `namespace` is the default for namespaced kinds. */
  async locate(obj: unknown, namespace?: string): Promise<Located> {
    const o = checkObject(this.cluster, obj);
    const ref = refOf(o);
    const info = await this.discovery.resourceFor(o.apiVersion, o.kind, ref);
    return this.place(info, o, namespace);
  }

  place(info: ResourceInfo, o: KubeObject, namespace?: string): Located {
    const ns = info.namespaced ? o.metadata.namespace || namespace || this.connection.defaultNamespace : undefined;
    return { info, name: o.metadata.name, namespace: ns, ref: { kind: o.kind, name: o.metadata.name, namespace: ns } };
  }

  async resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    return this.discovery.resourceFor(apiVersion, kind, { kind });
  }

  /** The live object, or undefined when it does not exist. */
  async get(apiVersion: string, kind: string, name: string, namespace?: string): Promise<KubeObject | undefined> {
    const info = await this.resource(apiVersion, kind);
    return this.getAt(info, name, info.namespaced ? namespace || this.connection.defaultNamespace : undefined);
  }

  async getAt(info: ResourceInfo, name: string, namespace?: string): Promise<KubeObject | undefined> {
    try {
      return await this.connection.requestJson<KubeObject>({ method: 'GET', path: objectPath(info, name, namespace), object: { kind: info.kind, name, namespace } });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** A list (kind `<Kind>List`); without a namespace, all namespaces. */
  async list(apiVersion: string, kind: string, namespace?: string, options: ListOptions = {}): Promise<{ items: KubeObject[]; metadata: { resourceVersion?: string } }> {
    const info = await this.resource(apiVersion, kind);
    return this.connection.requestJson({
      method: 'GET',
      path: collectionPath(info, namespace),
      query: { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector },
      object: { kind: `${kind}List`, namespace },
    });
  }

  async create(obj: KubeObject, namespace?: string, options: WriteOptions = {}): Promise<KubeObject> {
    const at = await this.locate(obj, namespace);
    return this.createAt(at, obj, options);
  }

  async createAt(at: Located, obj: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const body = at.namespace ? { ...obj, metadata: { ...obj.metadata, namespace: at.namespace } } : obj;
    return this.connection.requestJson<KubeObject>({
      method: 'POST',
      path: collectionPath(at.info, at.namespace),
      query: writeQuery(options),
      body: JSON.stringify(body),
      object: at.ref,
    });
  }

  /** PUT over the live object (its resourceVersion taken so that the write is not refused as stale). */
  async replaceAt(at: Located, obj: KubeObject, options: WriteOptions = {}): Promise<KubeObject> {
    const live = await this.getAt(at.info, at.name, at.namespace);
    if (!live) throw new KubeError(this.cluster, 'cannot replace: the object does not exist', 'NotFound', 404, at.ref);
    const metadata = { ...obj.metadata, resourceVersion: (live.metadata as { resourceVersion?: string }).resourceVersion };
    if (at.namespace) metadata.namespace = at.namespace;
    return this.connection.requestJson<KubeObject>({
      method: 'PUT',
      path: objectPath(at.info, at.name, at.namespace),
      query: writeQuery(options),
      body: JSON.stringify({ ...obj, metadata }),
      object: at.ref,
    });
  }

  async patchAt(at: Located, contentType: string, patch: string, query: Record<string, string | undefined> = {}): Promise<KubeObject> {
    return this.connection.requestJson<KubeObject>({
      method: 'PATCH',
      path: objectPath(at.info, at.name, at.namespace),
      contentType,
      query,
      body: patch,
      object: at.ref,
    });
  }

  /** Deletes; resolves false when the object was already gone. */
  async deleteAt(at: Located, propagationPolicy: PropagationPolicy = 'Background', options: WriteOptions = {}): Promise<boolean> {
    try {
      await this.connection.requestJson({
        method: 'DELETE',
        path: objectPath(at.info, at.name, at.namespace),
        query: { dryRun: options.dryRun ? 'All' : undefined },
        body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy }),
        object: at.ref,
      });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async delete(obj: KubeObject, namespace?: string, propagationPolicy: PropagationPolicy = 'Background'): Promise<boolean> {
    return this.deleteAt(await this.locate(obj, namespace), propagationPolicy);
  }

  /**
   * Watches a collection (or, with fieldSelector metadata.name=X, one object) and calls onEvent per
   * event until the signal aborts, timeoutMs passes or the server ends the watch.
   */
  async watch(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    options: ListOptions & { resourceVersion?: string; timeoutMs?: number; signal?: AbortSignal },
    onEvent: (event: WatchEvent) => void,
  ): Promise<void> {
    const info = await this.resource(apiVersion, kind);
    await this.connection.stream(
      {
        method: 'GET',
        path: collectionPath(info, info.namespaced ? namespace : undefined),
        query: {
          watch: 'true',
          allowWatchBookmarks: 'true',
          resourceVersion: options.resourceVersion,
          labelSelector: options.labelSelector,
          fieldSelector: options.fieldSelector,
          timeoutSeconds: options.timeoutMs ? Math.max(1, Math.ceil(options.timeoutMs / 1000)) : undefined,
        },
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        object: { kind, namespace },
      },
      (line) => onEvent(JSON.parse(line) as WatchEvent),
    );
  }
}

/** An object must name its apiVersion, kind and metadata.name before anything is sent. */
export function checkObject(cluster: string, obj: unknown): KubeObject {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new KubeError(cluster, 'a manifest must be an object', 'Invalid');
  const o = obj as Partial<KubeObject>;
  const ref = refOf(o);
  if (typeof o.apiVersion !== 'string' || o.apiVersion === '') throw new KubeError(cluster, 'invalid manifest: apiVersion not set', 'Invalid', undefined, ref);
  if (typeof o.kind !== 'string' || o.kind === '') throw new KubeError(cluster, 'invalid manifest: kind not set', 'Invalid', undefined, ref);
  if (typeof o.metadata !== 'object' || o.metadata === null || typeof o.metadata.name !== 'string' || o.metadata.name === '') {
    throw new KubeError(cluster, 'invalid manifest: metadata.name not set', 'Invalid', undefined, ref);
  }
  return o as KubeObject;
}
