// Helm's storage driver contract (pkg/storage/driver): records keyed `sh.helm.release.v1.<name>.v<N>`,
// helm's errors, and the labels every record carries.
import type { Release } from '../release.js';

/** Helm's error values; `message` is helm's text. */
export class DriverError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'exists' | 'invalid-key' | 'no-deployed',
  ) {
    super(message);
  }
}

export const errReleaseNotFound = (): DriverError => new DriverError('release: not found', 'not-found');
export const errReleaseExists = (): DriverError => new DriverError('release: already exists', 'exists');
export const errInvalidKey = (): DriverError => new DriverError('release: invalid key', 'invalid-key');
export const errNoDeployedReleases = (name: string): DriverError => new DriverError(`${JSON.stringify(name)} has no deployed releases`, 'no-deployed');

export function isReleaseNotFound(err: unknown): boolean {
  return err instanceof DriverError && err.code === 'not-found';
}

export const HELM_STORAGE_TYPE = 'sh.helm.release.v1';
/** The Secret type helm gives release records. */
export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

/** The storage key (and object name) of a release revision. */
export function makeKey(name: string, version: number): string {
  return `${HELM_STORAGE_TYPE}.${name}.v${version}`;
}

/** Labels helm itself sets on records; any other label of a record is a custom release label. */
export const SYSTEM_LABELS = ['name', 'owner', 'status', 'version', 'createdAt', 'modifiedAt'];

export function customLabels(labels: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (!SYSTEM_LABELS.includes(k)) out[k] = v;
  return out;
}

/**
 * A record's labels: the release's custom labels, then `createdAt` (on create) or `modifiedAt`
 * (on update) as Unix seconds, then name, owner=helm, status and version.
 */
export function recordLabels(r: Release, stamp: 'createdAt' | 'modifiedAt', nowSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    ...r.labels,
    [stamp]: String(nowSeconds),
    name: r.name,
    owner: 'helm',
    status: r.info?.status ?? '',
    version: String(r.version),
  };
}

/** True when every label of `query` is in `labels` with the same value. */
export function labelsMatch(labels: Record<string, string>, query: Record<string, string>): boolean {
  return Object.entries(query).every(([k, v]) => labels[k] === v);
}

export interface Driver {
  /** Helm's driver name: "Secret", "ConfigMap", "Memory". */
  readonly name: string;
  get(key: string): Promise<Release>;
  list(filter: (r: Release) => boolean): Promise<Release[]>;
  /** Releases whose record labels match all of `labels`; ErrReleaseNotFound when none. */
  query(labels: Record<string, string>): Promise<Release[]>;
  create(key: string, r: Release): Promise<void>;
  update(key: string, r: Release): Promise<void>;
  delete(key: string): Promise<Release>;
}
