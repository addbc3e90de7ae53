// The worker side of the synchronous `lookup`: resolves the kind with the group/version's resource
// list and fetches the object or list, as helm's lookup function does. Runs in a worker thread
// (see sync-call.ts), so it imports only the transport.
import { KubeError } from '../errors.js';
import { requestJson, rawRequest, type TransportOptions } from '../transport.js';

interface APIResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

const RESOURCE_LIST_TTL_MS = 30_000;
const resourceLists = new Map<string, { at: number; list: Promise<APIResourceList> }>();

function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

function resourceList(transport: TransportOptions, apiVersion: string): Promise<APIResourceList> {
  const key = `${transport.server}\n${apiVersion}`;
  const cached = resourceLists.get(key);
  if (cached && Date.now() - cached.at < RESOURCE_LIST_TTL_MS) return cached.list;
  const list = requestJson<APIResourceList>(transport, { method: 'GET', path: groupVersionPath(apiVersion) });
  resourceLists.set(key, { at: Date.now(), list });
  list.catch(() => resourceLists.delete(key));
  return list;
}

/** Go's schema.GroupVersionKind String(). */
function gvkString(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return `${group}/${version}, Kind=${kind}`;
}

/** client-go's text of a refused request is the server's Status message; a transport failure names the cluster. */
function clientGoText(err: unknown): string {
  return err instanceof KubeError && err.status !== undefined ? err.detail : (err as Error).message;
}

/**
 * The object (or list, with an empty name) as JSON text; null when it does not exist. Errors carry
 * helm's text (wrapped by the template executor as "error calling lookup: ...").
 */
export async function lookupRemote(transport: TransportOptions, apiVersion: string, kind: string, namespace: string, name: string): Promise<string | null> {
  let resource: APIResourceList['resources'][number] | undefined;
  try {
    resource = (await resourceList(transport, apiVersion)).resources.find((r) => r.kind === kind && !r.name.includes('/'));
  } catch (err) {
    throw new Error(`unable to get apiresource from unstructured: ${gvkString(apiVersion, kind)}: ${clientGoText(err)}`, { cause: err });
  }
  if (!resource) throw new Error('the server could not find the requested resource');
  const base = groupVersionPath(apiVersion);
  const scope = resource.namespaced && namespace !== '' ? `${base}/namespaces/${encodeURIComponent(namespace)}` : base;
  const path = name !== '' ? `${scope}/${resource.name}/${encodeURIComponent(name)}` : `${scope}/${resource.name}`;
  const res = await rawRequest(transport, { method: 'GET', path });
  if (res.status === 404) return null;
  if (res.status < 200 || res.status > 299) {
    let message = res.text.trim();
    try {
      const status = JSON.parse(res.text) as { message?: string };
      if (status.message) message = status.message;
    } catch {
      // not a Status: the raw text is the best there is
    }
    throw new Error(message);
  }
  return res.text;
}
