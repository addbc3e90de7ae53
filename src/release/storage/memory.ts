// Helm's in-memory driver: records by namespace, labelled like the cluster drivers (no timestamps).
import type { Release } from '../release.js';
import { type Driver, HELM_STORAGE_TYPE, errInvalidKey, errReleaseExists, errReleaseNotFound, labelsMatch } from './driver.js';

interface MemoryRecord {
  key: string;
  release: Release;
  labels: Record<string, string>;
}

function recordOf(key: string, r: Release): MemoryRecord {
  return {
    key,
    release: r,
    labels: { ...r.labels, name: r.name, owner: 'helm', status: r.info?.status ?? '', version: String(r.version) },
  };
}

/** Checks a key as helm's memory driver does: `<name>.v<int>` after the storage prefix. */
function checkKey(key: string): void {
  const parts = key.replace(`${HELM_STORAGE_TYPE}.`, '').split('.v');
  if (parts.length !== 2 || !/^[+-]?\d+$/.test(parts[1])) throw errInvalidKey();
}

export class MemoryDriver implements Driver {
  readonly name = 'Memory';
  /** namespace → key → record */
  private readonly records = new Map<string, Map<string, MemoryRecord>>();

  /** `namespace` '' reads every namespace (writes then go to "default", as helm's). */
  constructor(public namespace = '') {}

  private writeNamespace(r: Release): string {
    return r.namespace || this.namespace || 'default';
  }

  private visible(): MemoryRecord[] {
    const spaces = this.namespace ? [this.records.get(this.namespace)].filter((m) => m !== undefined) : [...this.records.values()];
    return spaces.flatMap((m) => [...m.values()]);
  }

  async get(key: string): Promise<Release> {
    checkKey(key);
    const rec = this.visible().find((r) => r.key === key);
    if (!rec) throw errReleaseNotFound();
    return rec.release;
  }

  async list(filter: (r: Release) => boolean): Promise<Release[]> {
    return this.visible()
      .map((r) => r.release)
      .filter(filter);
  }

  async query(labels: Record<string, string>): Promise<Release[]> {
    const found = this.visible()
      .filter((r) => labelsMatch(r.labels, labels))
      .map((r) => r.release);
    if (found.length === 0) throw errReleaseNotFound();
    return found;
  }

  async create(key: string, r: Release): Promise<void> {
    const ns = this.writeNamespace(r);
    let space = this.records.get(ns);
    if (!space) this.records.set(ns, (space = new Map()));
    if (space.has(key)) throw errReleaseExists();
    space.set(key, recordOf(key, r));
  }

  async update(key: string, r: Release): Promise<void> {
    const space = this.records.get(this.writeNamespace(r));
    if (!space?.has(key)) throw errReleaseNotFound();
    space.set(key, recordOf(key, r));
  }

  async delete(key: string): Promise<Release> {
    checkKey(key);
    for (const [ns, space] of this.records) {
      if (this.namespace && ns !== this.namespace) continue;
      const rec = space.get(key);
      if (rec) {
        space.delete(key);
        return rec.release;
      }
    }
    throw errReleaseNotFound();
  }
}
