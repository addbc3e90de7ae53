// `capstan registry login/logout`: credentials checked against the registry, then kept in Capstan's
// credential file (never printed).
import { createRegistryClient, credentialStore, type RegistryOptions } from '../registry/index.js';

/** The registry host from `host`, `host:port`, `oci://host/...` or `https://host/...`. */
export function registryHost(raw: string): string {
  const noScheme = raw.trim().replace(/^[a-z]+:\/\//i, '');
  const slash = noScheme.indexOf('/');
  return slash < 0 ? noScheme : noScheme.slice(0, slash);
}

export interface LoginRequest {
  host: string;
  username: string;
  password: string;
  registry?: RegistryOptions;
}

export async function registryLogin(req: LoginRequest): Promise<void> {
  const host = registryHost(req.host);
  if (host === '') throw new Error('a registry host is required');
  if (req.username === '') throw new Error('username is required');
  if (req.password === '') throw new Error('password is required');
  const client = await createRegistryClient({ ...req.registry, useDockerConfig: false });
  await client.checkLogin(host, { username: req.username, password: req.password });
  await credentialStore(req.registry).save(host, { username: req.username, password: req.password });
}

/** Forgets a registry's credentials; throws when there were none (as helm does). */
export async function registryLogout(rawHost: string, registry: RegistryOptions = {}): Promise<void> {
  const host = registryHost(rawHost);
  if (!(await credentialStore(registry).remove(host))) throw new Error(`not logged in to ${host}`);
}
