// A registry client from the options helm's commands take (--plain-http, --insecure-skip-tls-verify,
// --ca-file, --cert-file, --key-file, --registry-config), plus Capstan's opt-in use of docker's config.
import { readFile } from 'node:fs/promises';
import { RegistryClient } from './client.js';
import { ConfigFileCredentials, CredentialStore, defaultDockerConfigPath, defaultRegistryConfigPath } from './credentials.js';
import type { TlsOptions } from './transport.js';

export interface RegistryOptions {
  plainHttp?: boolean;
  insecureSkipTlsVerify?: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Capstan's credential file (default: defaultRegistryConfigPath()). */
  registryConfig?: string;
  /** Also read credentials from docker's config.json (read only, after Capstan's own). */
  useDockerConfig?: boolean;
  userAgent?: string;
}

export function credentialStore(options: RegistryOptions = {}): CredentialStore {
  const fallbacks = options.useDockerConfig ? [new ConfigFileCredentials(defaultDockerConfigPath())] : [];
  return new CredentialStore(options.registryConfig || defaultRegistryConfigPath(), { fallbacks });
}

async function tlsOptions(options: RegistryOptions): Promise<TlsOptions> {
  const tls: TlsOptions = { insecureSkipVerify: options.insecureSkipTlsVerify };
  if (options.caFile) tls.ca = await readFile(options.caFile, 'utf8');
  if (options.certFile) tls.cert = await readFile(options.certFile, 'utf8');
  if (options.keyFile) tls.key = await readFile(options.keyFile, 'utf8');
  return tls;
}

export async function createRegistryClient(options: RegistryOptions = {}): Promise<RegistryClient> {
  return new RegistryClient({
    credentials: credentialStore(options),
    plainHttp: options.plainHttp,
    tls: await tlsOptions(options),
    userAgent: options.userAgent,
  });
}
