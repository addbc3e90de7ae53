// The kube layer: everything Capstan does on a cluster goes through here.
export { Connection, checkCertificate, type ConnectionOptions, type Credentials, type TlsSettings } from './connection.js';
export { KubeClient, HELM_FIELD_MANAGER, checkObject, type KubeObject, type Located, type PropagationPolicy, type WatchEvent } from './client.js';
export { Discovery, apiVersionsOf, kubeVersionOf, type DiscoveryData, type ResourceInfo, type ServerVersion } from './discovery.js';
export { Applier, ApplyError, RESOURCE_POLICY_ANNOTATION, usesStrategicMerge, type ApplyMethod, type ApplyOptions, type ApplyResult } from './apply.js';
export { Waiter, type WaitEvent, type WaitOptions } from './wait/waiter.js';
export { computeStatus, computeJobCompletion, type ResourceStatus, type StatusResult } from './wait/status.js';
export { ClusterLookup } from './lookup/lookup.js';
export { KubeError, isNotFound, isConflict, describeObject, type ObjectRef } from './errors.js';
