// Calls an async function synchronously. Template functions (getHostByName, lookup) are synchronous
// while Node's network APIs are not, so the call runs in a worker thread whose answer this thread
// waits for on a shared buffer, then takes from a message port without returning to the event loop.
import type { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
import { parentPort } from 'node:worker_threads';
parentPort.on('message', async ({ loader, moduleUrl, exportName, args, state, port }) => {
  let answer;
  try {
    if (loader) (await import(loader)).register();
    const mod = await import(moduleUrl);
    answer = { value: await mod[exportName](...args) };
  } catch (err) {
    answer = { error: err instanceof Error ? err.message : String(err) };
  }
  try { port.postMessage(answer); } catch (err) { port.postMessage({ error: String(err) }); }
  port.close();
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
});`;

let worker: Worker | undefined;

// Under tsx (sources run as .ts), a worker does not inherit the TypeScript loader: it registers it itself.
function loaderFor(moduleUrl: string): string | undefined {
  return moduleUrl.endsWith('.ts') ? import.meta.resolve('tsx/esm/api') : undefined;
}

/** Thrown when the worker gives no answer in time. */
export class SyncCallTimeout extends Error {}

/**
 * Runs `exportName(...args)` of the module at `moduleUrl` in a worker and returns its result (a value
 * structured clone can carry). The function's error is rethrown here with its message.
 */
export function callSync<T>(moduleUrl: string, exportName: string, args: readonly unknown[], timeoutMs: number): T {
  // Loaded on first use: most renders make no such call, and loading it slows every start.
  const { MessageChannel, Worker, receiveMessageOnPort } = process.getBuiltinModule('node:worker_threads');
  worker ??= new Worker(new URL('data:text/javascript,' + encodeURIComponent(WORKER_SOURCE)));
  worker.unref();
  const { port1, port2 } = new MessageChannel();
  const state = new Int32Array(new SharedArrayBuffer(4));
  try {
    worker.postMessage({ loader: loaderFor(moduleUrl), moduleUrl, exportName, args, state, port: port2 }, [port2]);
    if (Atomics.wait(state, 0, 0, timeoutMs) === 'timed-out') throw new SyncCallTimeout(`no answer within ${timeoutMs / 1000}s`);
    const received = receiveMessageOnPort(port1)?.message as { value?: T; error?: string } | undefined;
    if (received === undefined) throw new Error('the worker gave no answer');
    if (received.error !== undefined) throw new Error(received.error);
    return received.value as T;
  } finally {
    port1.close();
  }
}
