// OCI registries: references, authentication, credentials, and charts as OCI artifacts.
export { BlobCache, defaultBlobCacheDir } from './cache.js';
export {
  CHART_LAYER_MEDIA_TYPE,
  CONFIG_MEDIA_TYPE,
  chartVersions,
  PROV_LAYER_MEDIA_TYPE,
  pullChart,
  pushChart,
  resolveOciRef,
  type PulledChart,
  type PullOptions,
  type PushOptions,
  type PushResult,
} from './chart-artifact.js';
export { DigestMismatchError, RegistryClient, RegistryError, type RegistryClientOptions } from './client.js';
export { createRegistryClient, credentialStore, type RegistryOptions } from './connect.js';
export { CredentialStore, defaultRegistryConfigPath, type Credential } from './credentials.js';
export { formatReference, isOci, parseReference, ReferenceError, tagToVersion, versionToTag, type OciReference } from './reference.js';
export { registryChartSource } from './source.js';
