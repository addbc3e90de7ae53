// A registry client from the options helm's commands take (--plain-http, --insecure-skip-tls-verify,
// --ca-file, --cert-file, --key-file, --registry-config), plus Capstan's opt-in use of docker's config.
import { RegistryClient } from './client.js';
import { ConfigFileCredentials, CredentialStore, defaultDockerConfigPath, defaultRegistryConfigPath } from './credentials.js';
import { loadTlsOptions, type TlsFiles } from '../net/http.js';

export interface RegistryOptions extends TlsFiles {
  plainHttp?: boolean;
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

export async function createRegistryClient(options: RegistryOptions = {}): Promise<RegistryClient> {
  return new RegistryClient({
    credentials: credentialStore(options),
    plainHttp: options.plainHttp,
    tls: await loadTlsOptions(options),
    userAgent: options.userAgent,
  });
}
