// Waiting until objects are ready (kstatus Current) or gone, as helm 4's status waiter does, with a
// deadline and a stream of progress events saying which object waits for what. The objects are
// polled: one GET per object and round, cheap next to what a release holds, and no watch to
// re-establish when the API server drops it.
import type { KubeClient, KubeObject, Located } from '../client.js';
import { checkObject } from '../client.js';
import { objectPath } from '../discovery.js';
import { KubeError, describeObject, type ObjectRef } from '../errors.js';
import { computeJobCompletion, computeStatus, type ResourceStatus, type StatusResult } from './status.js';

export interface WaitEvent {
  cluster: string;
  object: ObjectRef;
  status: ResourceStatus;
  /** What the object waits for, e.g. "Available: 1/2". */
  message: string;
  /** Milliseconds since the wait began. */
  elapsedMs: number;
}

export interface WaitOptions {
  timeoutMs: number;
  onEvent?: (event: WaitEvent) => void;
  /** Time between two rounds (ms, default 1000). */
  pollIntervalMs?: number;
  /** Jobs count as ready only once complete (helm's --wait-for-jobs). */
  withJobs?: boolean;
  /** Namespace of namespaced objects that do not name one. */
  namespace?: string;
  signal?: AbortSignal;
}

const DEFAULT_POLL_MS = 1_000;

interface Tracked {
  at: Located;
  last?: StatusResult;
}

export class Waiter {
  constructor(readonly client: KubeClient) {}

  /**
   * Resolves when every object is Current. Failed objects stop being waited for; the wait then
   * rejects naming them. At the deadline it rejects naming every object not Current and why.
   */
  async waitReady(objects: readonly unknown[], options: WaitOptions): Promise<void> {
    const started = Date.now();
    const deadline = started + options.timeoutMs;
    const tracked = await this.track(objects, options.namespace, true);
    const judge = (obj: KubeObject) =>
      options.withJobs && obj.kind === 'Job' && obj.apiVersion.startsWith('batch/') ? computeJobCompletion(obj) : computeStatus(obj);
    for (;;) {
      await this.round(tracked, judge, started, deadline, options);
      const waiting = tracked.filter((t) => t.last?.status !== 'Current' && t.last?.status !== 'Failed');
      if (waiting.length === 0) {
        const failedOnes = tracked.filter((t) => t.last?.status === 'Failed');
        if (failedOnes.length > 0) throw this.notReady(failedOnes, `${failedOnes.length} resource(s) failed`);
        return;
      }
      if (Date.now() >= deadline) {
        throw this.notReady(
          tracked.filter((t) => t.last?.status !== 'Current'),
          `timed out after ${formatSeconds(options.timeoutMs)} waiting for ${waiting.length} resource(s) to be ready`,
        );
      }
      await sleep(Math.min(options.pollIntervalMs ?? DEFAULT_POLL_MS, deadline - Date.now()), options.signal);
    }
  }

  /** Resolves when no object exists any more; at the deadline rejects naming those still there. */
  async waitDeleted(objects: readonly unknown[], options: WaitOptions): Promise<void> {
    const started = Date.now();
    const deadline = started + options.timeoutMs;
    const tracked = await this.track(objects, options.namespace, false);
    for (;;) {
      await this.round(tracked, computeStatus, started, deadline, options);
      const remaining = tracked.filter((t) => t.last?.status !== 'NotFound');
      if (remaining.length === 0) return;
      if (Date.now() >= deadline) {
        throw this.notReady(remaining, `timed out after ${formatSeconds(options.timeoutMs)} waiting for ${remaining.length} resource(s) to be deleted`);
      }
      await sleep(Math.min(options.pollIntervalMs ?? DEFAULT_POLL_MS, deadline - Date.now()), options.signal);
    }
  }

  private async track(objects: readonly unknown[], namespace: string | undefined, skipPaused: boolean): Promise<Tracked[]> {
    const tracked: Tracked[] = [];
    for (const o of objects) {
      const obj = checkObject(this.client.cluster, o);
      // helm does not wait for paused Deployments: they never progress by themselves.
      if (skipPaused && obj.kind === 'Deployment' && (obj.spec as { paused?: boolean } | undefined)?.paused === true) continue;
      tracked.push({ at: await this.client.locate(obj, namespace) });
    }
    return tracked;
  }

  private async round(tracked: Tracked[], judge: (obj: KubeObject) => StatusResult, started: number, deadline: number, options: WaitOptions): Promise<void> {
    if (options.signal?.aborted) throw new KubeError(this.client.cluster, 'the wait was cancelled', 'Cancelled');
    await Promise.all(
      tracked.map(async (t) => {
        if (t.last?.status === 'Failed') return;
        const remaining = Math.max(1_000, deadline - Date.now());
        let next: StatusResult;
        try {
          const live = await this.client.connection.requestJson<KubeObject>({
            method: 'GET',
            path: objectPath(t.at.info, t.at.name, t.at.namespace),
            timeoutMs: Math.min(remaining, 30_000),
            object: t.at.ref,
            signal: options.signal,
          });
          next = judge(live);
        } catch (err) {
          if (!(err instanceof KubeError)) throw err;
          if (err.reason === 'NotFound') next = { status: 'NotFound', message: 'Resource not found' };
          else if (err.reason === 'Timeout' || err.reason === 'Unreachable') next = { status: 'Unknown', message: err.detail };
          else throw err;
        }
        if (!t.last || t.last.status !== next.status || t.last.message !== next.message) {
          options.onEvent?.({ cluster: this.client.cluster, object: t.at.ref, status: next.status, message: next.message, elapsedMs: Date.now() - started });
        }
        t.last = next;
      }),
    );
  }

  private notReady(list: Tracked[], summary: string): KubeError {
    const lines = list.map((t) => `${describeObject(t.at.ref)}: status ${t.last?.status ?? 'Unknown'}: ${t.last?.message ?? 'not observed'}`);
    return new KubeError(this.client.cluster, `${summary}:\n  ${lines.join('\n  ')}`, 'Timeout', undefined, list.length === 1 ? list[0].at.ref : undefined);
  }
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
