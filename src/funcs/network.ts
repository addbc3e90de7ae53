// getHostByName. helm answers "" unless DNS lookups are enabled (`--enable-dns`); with them, it
// returns one of the name's addresses at random. Template functions are synchronous, so an enabled
// lookup runs node:dns in a worker thread while this thread waits on a shared buffer.
import { Worker } from 'node:worker_threads';
import { GoError, goFunc, type GoFunction } from '../gotemplate/value.js';

const LOOKUP_TIMEOUT_MS = 30_000;
const RESULT_BYTES = 64 * 1024;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const dns = require('node:dns');
parentPort.on('message', ({ name, buffer }) => {
  const state = new Int32Array(buffer, 0, 2);
  const bytes = new Uint8Array(buffer, 8);
  dns.lookup(name, { all: true }, (err, addresses) => {
    const text = JSON.stringify(err ? [] : addresses.map((a) => a.address));
    const encoded = new TextEncoder().encode(text).subarray(0, bytes.length);
    bytes.set(encoded);
    state[1] = encoded.length;
    Atomics.store(state, 0, 1);
    Atomics.notify(state, 0);
  });
});`;

let worker: Worker | undefined;

/** Resolves a host name synchronously (Go's net.LookupHost; failures give no addresses). */
export function lookupHostSync(name: string): string[] {
  worker ??= new Worker(WORKER_SOURCE, { eval: true });
  worker.unref();
  const buffer = new SharedArrayBuffer(8 + RESULT_BYTES);
  const state = new Int32Array(buffer, 0, 2);
  worker.postMessage({ name, buffer });
  if (Atomics.wait(state, 0, 0, LOOKUP_TIMEOUT_MS) === 'timed-out') return [];
  const text = new TextDecoder().decode(new Uint8Array(buffer, 8, state[1]));
  return JSON.parse(text) as string[];
}

/** The function helm installs by default (DNS lookups disabled). */
export const networkFuncs: GoFunction[] = [goFunc('getHostByName', ['string'], () => '', { result: 'string' })];

/** sprig's own getHostByName, for `--enable-dns`. */
export const dnsNetworkFuncs: GoFunction[] = [
  goFunc(
    'getHostByName',
    ['string'],
    (name) => {
      const addresses = lookupHostSync(name as string);
      // sprig indexes a random element without checking: no addresses is Go's rand.Intn panic.
      if (addresses.length === 0) throw new GoError('invalid argument to Intn');
      return addresses[Math.floor(Math.random() * addresses.length)];
    },
    { result: 'string' },
  ),
];
