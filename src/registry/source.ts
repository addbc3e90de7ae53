// The registry as the repository layer's OciChartSource (src/repo/oci.ts): how `pull`, `show`,
// dependency resolution and chart references `oci://...` reach charts in registries.
import type { OciChartSource, OciPullOptions } from '../repo/oci.js';
import { chartVersions, pullChart } from './chart-artifact.js';
import { RegistryClient } from './client.js';
import { credentialStore, createRegistryClient, type RegistryOptions } from './connect.js';
import type { Credential, CredentialSource } from './credentials.js';
import { parseReference } from './reference.js';

/** Credentials given on the command line win over the stored ones. */
class GivenCredentials implements CredentialSource {
  constructor(
    private readonly given: Credential,
    private readonly stored: CredentialSource,
  ) {}

  async get(host: string): Promise<Credential | undefined> {
    return this.given.username || this.given.password ? this.given : this.stored.get(host);
  }
}

async function clientFor(options: OciPullOptions, defaults: RegistryOptions): Promise<RegistryClient> {
  const merged: RegistryOptions = { ...defaults, ...options };
  if (!options.username && !options.password) return createRegistryClient(merged);
  const base = await createRegistryClient(merged);
  return new RegistryClient({
    ...base.options,
    credentials: new GivenCredentials({ username: options.username ?? '', password: options.password ?? '' }, credentialStore(merged)),
  });
}

/** An OciChartSource over Capstan's registry client; `defaults` apply to every call (credential file, docker config). */
export function registryChartSource(defaults: RegistryOptions = {}): OciChartSource {
  return {
    async pullChart(ref, version, options) {
      const pulled = await pullChart(ref, { ...defaults, client: await clientFor(options, defaults), version });
      return { bytes: pulled.archive, version: pulled.chart.metadata.version, digest: pulled.digest };
    },
    async tags(ref, options) {
      return chartVersions(await clientFor(options, defaults), parseReference(ref));
    },
  };
}
