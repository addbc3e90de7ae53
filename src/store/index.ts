// The local chart store, and its HTTP face as a Helm repository.
export { ChartStore, DEFAULT_MAX_UPLOAD_BYTES, StoreError, type StoredChart, type StoreOptions } from './store.js';
export { indexYaml } from './index-yaml.js';
export { storeHandler, type StoreHandler, type StoreHandlerOptions } from './http.js';
