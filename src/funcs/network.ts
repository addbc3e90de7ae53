// getHostByName. helm answers "" unless DNS lookups are enabled (`--enable-dns`); with them, it
// returns one of the name's addresses at random. Template functions are synchronous, so an enabled
// lookup runs node:dns in a worker thread while this thread waits on a shared buffer.
import { lookup } from 'node:dns/promises';
import { GoError, goFunc, type GoFunction } from '../gotemplate/value.js';
import { callSync } from './sync-call.js';

const LOOKUP_TIMEOUT_MS = 30_000;

/** The addresses of a host name (run in the worker by lookupHostSync); failures give none. */
export async function resolveAddresses(name: string): Promise<string[]> {
  try {
    return (await lookup(name, { all: true })).map((a) => a.address);
  } catch {
    return [];
  }
}

/** Resolves a host name synchronously (Go's net.LookupHost; failures give no addresses). */
export function lookupHostSync(name: string): string[] {
  try {
    return callSync<string[]>(import.meta.url, 'resolveAddresses', [name], LOOKUP_TIMEOUT_MS);
  } catch {
    return [];
  }
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
