// The renderer's `lookup` backed by a cluster. Template functions are synchronous and helm's lookup
// blocks on the API server, so each call runs in a worker thread (src/funcs/sync-call.ts) while the
// render waits; the worker gets a plain copy of the connection's transport settings.
import type { LookupClient } from '../../engine/lookup.js';
import { callSync, SyncCallTimeout } from '../../funcs/sync-call.js';
import { GoInt, type GoValue } from '../../gotemplate/value.js';
import type { Connection } from '../connection.js';
import type { TransportOptions } from '../transport.js';

const REMOTE_MODULE = new URL(`./remote${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;
const DEFAULT_TIMEOUT_MS = 30_000;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INTEGER = /^-?\d+$/;

/**
 * Parses JSON as Kubernetes' unstructured decoding does: objects become maps, integers int64 (so
 * templates see Go's int64, as helm's lookup gives), other numbers float64.
 */
export function parseUnstructured(text: string): GoValue {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) => {
    if (typeof value === 'number' && context?.source !== undefined && INTEGER.test(context.source)) {
      const n = BigInt(context.source);
      if (n >= INT64_MIN && n <= INT64_MAX) return new GoInt(n, 'int64');
      return value;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return new Map(Object.entries(value as Record<string, GoValue>));
    return value;
  }) as GoValue;
}

export class ClusterLookup implements LookupClient {
  constructor(
    private readonly transport: TransportOptions,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  /** A lookup client with the connection's current credentials (resolved once, before rendering). */
  static async forConnection(connection: Connection, timeoutMs?: number): Promise<ClusterLookup> {
    return new ClusterLookup(await connection.transport(), timeoutMs);
  }

  lookup(apiVersion: string, kind: string, namespace: string, name: string): Map<string, GoValue> {
    let text: string | null;
    try {
      text = callSync<string | null>(REMOTE_MODULE, 'lookupRemote', [this.transport, apiVersion, kind, namespace, name], this.timeoutMs);
    } catch (err) {
      if (err instanceof SyncCallTimeout) throw new Error(`cluster "${this.transport.cluster}": lookup of ${kind} "${name}" timed out: ${err.message}`, { cause: err });
      throw err;
    }
    if (text === null) return new Map();
    const value = parseUnstructured(text);
    return value instanceof Map ? value : new Map();
  }
}
