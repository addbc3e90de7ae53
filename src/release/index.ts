// Release records: the model and its JSON, the storage codec, drivers and helm's Storage.
export {
  RELEASE_STATUSES,
  formatRecordTime,
  isPending,
  parseRecordTime,
  releaseChartOf,
  releaseFromJson,
  releaseToJson,
  type Hook,
  type HookExecution,
  type Info,
  type Release,
  type ReleaseChart,
  type ReleaseFile,
  type ReleaseStatus,
} from './release.js';
export { decodeRelease, decodeReleaseJson, encodeRelease } from './codec.js';
export { DriverError, HELM_STORAGE_TYPE, RELEASE_SECRET_TYPE, isReleaseNotFound, makeKey, type Driver } from './storage/driver.js';
export { MemoryDriver } from './storage/memory.js';
export { SecretsDriver } from './storage/secrets.js';
export { ConfigMapsDriver } from './storage/configmaps.js';
export { Storage } from './storage/storage.js';
