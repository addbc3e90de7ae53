// Discovery: which resources the server serves, for mapping kinds to REST paths and for the
// renderer's .Capabilities. Aggregated discovery (apidiscovery.k8s.io/v2, Kubernetes ≥ 1.30) answers
// with two requests; older servers are asked group version by group version. The answer is cached
// until invalidated (after CRDs are applied) or until a kind is missing from it.
import { Capabilities, KubeVersion } from '../engine/capabilities.js';
import type { Connection } from './connection.js';
import { KubeError, statusError, type ObjectRef } from './errors.js';

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name, e.g. "deployments". */
  resource: string;
  namespaced: boolean;
  verbs: string[];
}

export interface ServerVersion {
  gitVersion: string;
  major: string;
  minor: string;
}

export interface DiscoveryData {
  /** group/version strings ("v1" for the core group), in the server's order. */
  groupVersions: string[];
  /** Top-level resources by group/version. */
  resources: Map<string, ResourceInfo[]>;
  /** Kinds served as subresources (e.g. autoscaling/v1 Scale under apps/v1 deployments/scale), by group/version. */
  subresourceKinds: Map<string, string[]>;
  /** How long building this took (ms). */
  elapsedMs: number;
  /** "aggregated" or "legacy". */
  mode: 'aggregated' | 'legacy';
}

const AGGREGATED_ACCEPT =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

/** Minimum time between two refreshes caused by unknown kinds (a typo must not hammer the server). */
const MISS_REFRESH_INTERVAL_MS = 1_000;

export interface AggregatedList {
  items?: {
    metadata?: { name?: string };
    versions?: {
      version: string;
      freshness?: string;
      resources?: {
        resource: string;
        responseKind?: { group?: string; version?: string; kind?: string };
        scope?: string;
        verbs?: string[];
        subresources?: { subresource: string; responseKind?: { group?: string; version?: string; kind?: string }; verbs?: string[] }[];
      }[];
    }[];
  }[];
}

interface APIResourceList {
  groupVersion: string;
  resources: { name: string; kind: string; namespaced: boolean; verbs?: string[]; group?: string; version?: string }[];
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function gvString(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export class Discovery {
  private data?: Promise<DiscoveryData>;
  private version?: Promise<ServerVersion>;
  private lastRefresh = 0;

  constructor(
    readonly connection: Connection,
    /** false: ask group version by group version even when the server offers aggregated discovery. */
    private readonly aggregated = true,
  ) {}

  /** The server's resources, from the cache when there is one. */
  get(): Promise<DiscoveryData> {
    if (!this.data) {
      this.lastRefresh = Date.now();
      const loading = this.load();
      this.data = loading;
      // A failed discovery is not cached: the next call asks again.
      loading.catch(() => {
        if (this.data === loading) this.data = undefined;
      });
    }
    return this.data;
  }

  /** Forgets the cached resources (call after installing or removing CRDs or API services). */
  invalidate(): void {
    this.data = undefined;
  }

  serverVersion(): Promise<ServerVersion> {
    if (!this.version) {
      const loading = this.connection.requestJson<ServerVersion>({ method: 'GET', path: '/version' });
      this.version = loading;
      loading.catch(() => {
        if (this.version === loading) this.version = undefined;
      });
    }
    return this.version;
  }

  /** The resource that serves `kind` at `apiVersion`; refreshes once if the cache does not know it. */
  async resourceFor(apiVersion: string, kind: string, object?: ObjectRef): Promise<ResourceInfo> {
    const found = findResource(await this.get(), apiVersion, kind);
    if (found) return found;
    if (Date.now() - this.lastRefresh >= MISS_REFRESH_INTERVAL_MS) {
      this.invalidate();
      const again = findResource(await this.get(), apiVersion, kind);
      if (again) return again;
    }
    throw noKindMatch(this.connection.name, apiVersion, kind, object);
  }

  /** Like resourceFor, but keeps asking until `deadline` (a CRD applied a moment ago becomes served). */
  async waitForResource(apiVersion: string, kind: string, deadline: number, object?: ObjectRef): Promise<ResourceInfo> {
    for (;;) {
      this.invalidate();
      const found = findResource(await this.get(), apiVersion, kind);
      if (found) return found;
      if (Date.now() >= deadline) throw noKindMatch(this.connection.name, apiVersion, kind, object);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** .Capabilities as helm computes it from a cluster: /version and every group/version and group/version/Kind. */
  async capabilities(): Promise<Capabilities> {
    const [version, data] = await Promise.all([this.serverVersion(), this.get()]);
    return new Capabilities(kubeVersionOf(version), apiVersionsOf(data));
  }

  private async load(): Promise<DiscoveryData> {
    const started = performance.now();
    const accept = this.aggregated ? AGGREGATED_ACCEPT : 'application/json';
    const [core, groups] = await Promise.all([
      this.connection.request({ method: 'GET', path: '/api', accept }),
      this.connection.request({ method: 'GET', path: '/apis', accept }),
    ]);
    for (const res of [core, groups]) {
      if (res.status !== 200) {
        let body: unknown;
        try {
          body = JSON.parse(res.text);
        } catch {
          body = undefined;
        }
        throw statusError(this.connection.name, res.status, body, res.text);
      }
    }
    const aggregated = core.contentType.includes('APIGroupDiscoveryList') && groups.contentType.includes('APIGroupDiscoveryList');
    const data = aggregated
      ? fromAggregated([JSON.parse(core.text) as AggregatedList, JSON.parse(groups.text) as AggregatedList])
      : await this.loadLegacy(JSON.parse(core.text) as { versions: string[] }, JSON.parse(groups.text) as { groups: { versions: { groupVersion: string }[] }[] });
    data.elapsedMs = performance.now() - started;
    return data;
  }

  private async loadLegacy(core: { versions: string[] }, groups: { groups: { versions: { groupVersion: string }[] }[] }): Promise<DiscoveryData> {
    const groupVersions = [...core.versions, ...groups.groups.flatMap((g) => g.versions.map((v) => v.groupVersion))];
    const lists = await Promise.all(
      groupVersions.map((gv) =>
        this.connection
          .requestJson<APIResourceList>({ method: 'GET', path: gv.includes('/') ? `/apis/${gv}` : `/api/${gv}` })
          // An unavailable aggregated API (its service down) must not hide the others, as in client-go.
          .catch(() => ({ groupVersion: gv, resources: [] }) as APIResourceList),
      ),
    );
    const data: DiscoveryData = { groupVersions, resources: new Map(), subresourceKinds: new Map(), elapsedMs: 0, mode: 'legacy' };
    for (const list of lists) {
      const { group, version } = splitApiVersion(list.groupVersion);
      const top: ResourceInfo[] = [];
      const sub: string[] = [];
      for (const r of list.resources) {
        if (r.name.includes('/')) sub.push(r.kind);
        else top.push({ group, version, kind: r.kind, resource: r.name, namespaced: r.namespaced, verbs: r.verbs ?? [] });
      }
      data.resources.set(list.groupVersion, top);
      data.subresourceKinds.set(list.groupVersion, sub);
    }
    return data;
  }
}

/** DiscoveryData from the aggregated discovery documents of /api and /apis. */
export function fromAggregated(lists: AggregatedList[]): DiscoveryData {
  const data: DiscoveryData = { groupVersions: [], resources: new Map(), subresourceKinds: new Map(), elapsedMs: 0, mode: 'aggregated' };
  for (const list of lists) {
    for (const group of list.items ?? []) {
      const groupName = group.metadata?.name ?? '';
      for (const v of group.versions ?? []) {
        const gv = gvString(groupName, v.version);
        data.groupVersions.push(gv);
        const top: ResourceInfo[] = [];
        const sub: string[] = [];
        for (const r of v.resources ?? []) {
          top.push({
            group: groupName,
            version: v.version,
            kind: r.responseKind?.kind ?? '',
            resource: r.resource,
            namespaced: r.scope === 'Namespaced',
            verbs: r.verbs ?? [],
          });
          for (const s of r.subresources ?? []) if (s.responseKind?.kind) sub.push(s.responseKind.kind);
        }
        data.resources.set(gv, top);
        data.subresourceKinds.set(gv, sub);
      }
    }
  }
  return data;
}

export function findResource(data: DiscoveryData, apiVersion: string, kind: string): ResourceInfo | undefined {
  return data.resources.get(apiVersion)?.find((r) => r.kind === kind);
}

function noKindMatch(cluster: string, apiVersion: string, kind: string, object?: ObjectRef): KubeError {
  const { group, version } = splitApiVersion(apiVersion);
  const groupKind = group === '' ? kind : `${kind}.${group}`;
  return new KubeError(
    cluster,
    `resource mapping not found: no matches for kind "${kind}" in version "${apiVersion}" (${groupKind} ${version}); ensure CRDs are installed first`,
    'NoKindMatch',
    undefined,
    object ?? { kind },
  );
}

/**
 * .Capabilities.KubeVersion from /version as helm 4 builds it: Version, Major and Minor as the
 * server reports them and no normalized version, so that it prints (String) as Version.
 */
export function kubeVersionOf(version: ServerVersion): KubeVersion {
  return new KubeVersion(version.gitVersion, '', version.major, version.minor);
}

/**
 * helm's GetVersionSet: every served group/version, and group/version/Kind for every resource and
 * subresource kind, each once. Sorted, so that the list does not depend on the server's order.
 */
export function apiVersionsOf(data: DiscoveryData): string[] {
  const set = new Set<string>(data.groupVersions);
  for (const [gv, resources] of data.resources) for (const r of resources) set.add(`${gv}/${r.kind}`);
  for (const [gv, kinds] of data.subresourceKinds) for (const k of kinds) set.add(`${gv}/${k}`);
  return [...set].sort();
}

/** The REST path of a resource's collection (namespace ignored for cluster-scoped resources). */
export function collectionPath(info: ResourceInfo, namespace?: string): string {
  const prefix = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
  return info.namespaced && namespace ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${info.resource}` : `${prefix}/${info.resource}`;
}

export function objectPath(info: ResourceInfo, name: string, namespace?: string): string {
  return `${collectionPath(info, namespace)}/${encodeURIComponent(name)}`;
}
