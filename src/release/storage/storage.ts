// Helm's Storage (pkg/storage): release history over a driver, the last deployed revision, and
// max-history pruning that never removes the last deployed revision.
import type { Release } from '../release.js';
import { type Driver, errNoDeployedReleases, isReleaseNotFound, makeKey, DriverError } from './driver.js';

const byRevision = (a: Release, b: Release): number => a.version - b.version;

export class Storage {
  /**
   * Revisions kept per release, the newest included; 0 or less keeps all. Creating a revision
   * first prunes the history to leave room for it.
   */
  maxHistory = 0;

  constructor(readonly driver: Driver) {}

  get(name: string, version: number): Promise<Release> {
    return this.driver.get(makeKey(name, version));
  }

  async create(r: Release): Promise<void> {
    if (this.maxHistory > 0) {
      try {
        await this.removeLeastRecent(r.name, this.maxHistory - 1);
      } catch (err) {
        if (!isReleaseNotFound(err)) throw err;
      }
    }
    await this.driver.create(makeKey(r.name, r.version), r);
  }

  update(r: Release): Promise<void> {
    return this.driver.update(makeKey(r.name, r.version), r);
  }

  delete(name: string, version: number): Promise<Release> {
    return this.driver.delete(makeKey(name, version));
  }

  listReleases(): Promise<Release[]> {
    return this.driver.list(() => true);
  }

  listUninstalled(): Promise<Release[]> {
    return this.driver.list((r) => r.info?.status === 'uninstalled');
  }

  listDeployed(): Promise<Release[]> {
    return this.driver.list((r) => r.info?.status === 'deployed');
  }

  /** Every deployed revision of the release; "has no deployed releases" when there is none. */
  async deployedAll(name: string): Promise<Release[]> {
    try {
      return await this.driver.query({ name, owner: 'helm', status: 'deployed' });
    } catch (err) {
      if (err instanceof Error && err.message.includes('not found')) throw errNoDeployedReleases(name);
      throw err;
    }
  }

  /** The deployed revision (the newest one when several are marked deployed). */
  async deployed(name: string): Promise<Release> {
    const all = await this.deployedAll(name);
    if (all.length === 0) throw errNoDeployedReleases(name);
    return all.sort(byRevision)[all.length - 1];
  }

  history(name: string): Promise<Release[]> {
    return this.driver.query({ name, owner: 'helm' });
  }

  /** The newest revision. */
  async last(name: string): Promise<Release> {
    const h = await this.history(name);
    if (h.length === 0) throw new Error(`no revision for release ${JSON.stringify(name)}`);
    return h.sort(byRevision)[h.length - 1];
  }

  /**
   * Deletes the oldest revisions until at most `maximum` remain, skipping the last deployed one
   * (so that more than `maximum` can remain). Every deletion is tried; the first error is reported.
   */
  async removeLeastRecent(name: string, maximum: number): Promise<void> {
    if (maximum < 0) return;
    const history = await this.history(name);
    if (history.length <= maximum) return;
    history.sort(byRevision);
    let lastDeployed: Release | undefined;
    try {
      lastDeployed = await this.deployed(name);
    } catch (err) {
      if (!(err instanceof DriverError && err.code === 'no-deployed')) throw err;
    }
    const toDelete: Release[] = [];
    for (const r of history) {
      if (history.length - toDelete.length === maximum) break;
      if (lastDeployed === undefined || r.version !== lastDeployed.version) toDelete.push(r);
    }
    const errors: unknown[] = [];
    for (const r of toDelete) {
      try {
        await this.delete(name, r.version);
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) {
      const first = errors[0];
      throw new Error(`encountered ${errors.length} deletion errors. First is: ${first instanceof Error ? first.message : String(first)}`, { cause: first });
    }
  }
}
