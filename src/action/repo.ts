// `repo add|list|update|remove` (helm's repo commands): the repositories file and the index cache.
import { GoError } from '../gotemplate/value.js';
import { RepoFile, newEntry, sameEntry, type RepoEntry } from '../repo/config.js';
import type { Warn } from '../repo/index-file.js';
import type { RepoPaths } from '../repo/paths.js';
import { downloadIndex, removeCachedIndex } from '../repo/repository.js';
import { wrapError } from '../repo/resolve.js';
import { redactUrl } from '../net/http.js';

export interface RepoContext {
  paths: RepoPaths;
  /** Progress lines, as helm prints them on stdout. */
  out: (line: string) => void;
  warn?: Warn;
  /** Whether the compact index cache may be written (not into helm's own cache). */
  writeCompact?: boolean;
  timeoutMs?: number;
}

export type RepoAddOptions = Partial<Omit<RepoEntry, 'name' | 'url'>> & { forceUpdate?: boolean };

export class RepoAdd {
  constructor(private readonly ctx: RepoContext) {}

  async run(name: string, url: string, options: RepoAddOptions = {}): Promise<void> {
    if (name.includes('/')) throw new GoError(`repository name (${name}) contains '/', please specify a different name without '/'`);
    const { forceUpdate, ...fields } = options;
    const entry = newEntry({ ...stripUndefined(fields), name, url });
    const { file } = await RepoFile.load(this.ctx.paths.repositoryConfig);
    const existing = file.get(name);
    if (existing && !forceUpdate) {
      if (!sameEntry(existing, entry)) throw new GoError(`repository name (${name}) already exists, please specify a different name`);
      this.ctx.out(`${JSON.stringify(name)} already exists with the same configuration, skipping`);
      return;
    }
    try {
      await downloadIndex(entry, this.ctx.paths.repositoryCache, { warn: this.ctx.warn, writeCompact: this.ctx.writeCompact, timeoutMs: this.ctx.timeoutMs });
    } catch (err) {
      throw wrapError(`looks like ${JSON.stringify(redactUrl(url))} is not a valid chart repository or cannot be reached`, err);
    }
    file.update(entry);
    await file.write(this.ctx.paths.repositoryConfig);
    this.ctx.out(`${JSON.stringify(name)} has been added to your repositories`);
  }
}

export class RepoList {
  constructor(private readonly ctx: Pick<RepoContext, 'paths'>) {}

  /** The repositories (name and URL only: never credentials). */
  async run(): Promise<{ name: string; url: string }[]> {
    const { file } = await RepoFile.load(this.ctx.paths.repositoryConfig);
    if (file.repositories.length === 0) throw new GoError('no repositories to show');
    return file.repositories.map((r) => ({ name: r.name, url: r.url }));
  }
}

export class RepoUpdate {
  constructor(private readonly ctx: RepoContext) {}

  /** Updates the named repositories (all when none are named) concurrently. */
  async run(names: string[] = []): Promise<void> {
    const { file } = await RepoFile.load(this.ctx.paths.repositoryConfig);
    if (file.repositories.length === 0) throw new GoError('no repositories found. You must add one before updating');
    let repos = file.repositories;
    if (names.length > 0) {
      for (const n of names) {
        if (!file.has(n)) throw new GoError(`no repositories found matching '${n}'.  Nothing will be updated`);
      }
      repos = repos.filter((r) => names.includes(r.name));
    }
    await updateRepositories(repos, this.ctx);
  }
}

/** helm's updateCharts: every repository at once; lines in completion order; failures listed at the end. */
export async function updateRepositories(repos: RepoEntry[], ctx: RepoContext): Promise<void> {
  ctx.out('Hang tight while we grab the latest from your chart repositories...');
  const failed: string[] = [];
  await Promise.all(
    repos.map(async (r) => {
      try {
        await downloadIndex(r, ctx.paths.repositoryCache, { warn: ctx.warn, writeCompact: ctx.writeCompact, timeoutMs: ctx.timeoutMs });
        ctx.out(`...Successfully got an update from the ${JSON.stringify(r.name)} chart repository`);
      } catch (err) {
        ctx.out(`...Unable to get an update from the ${JSON.stringify(r.name)} chart repository (${r.url}):\n\t${(err as Error).message}`);
        failed.push(r.url);
      }
    }),
  );
  if (failed.length > 0) throw new GoError(`failed to update the following repositories: [${failed.join(' ')}]`);
  ctx.out('Update Complete. ⎈Happy Helming!⎈');
}

export class RepoRemove {
  constructor(private readonly ctx: RepoContext) {}

  async run(names: string[]): Promise<void> {
    const { file } = await RepoFile.load(this.ctx.paths.repositoryConfig);
    for (const n of names) {
      if (!file.remove(n)) throw new GoError(`no repo named ${JSON.stringify(n)} found`);
      await file.write(this.ctx.paths.repositoryConfig);
      await removeCachedIndex(this.ctx.paths.repositoryCache, n);
      this.ctx.out(`${JSON.stringify(n)} has been removed from your repositories`);
    }
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
