// `search repo` (helm's search repo command): every configured repository's cached index, searched.
import { GoError } from '../gotemplate/value.js';
import { RepoFile } from '../repo/config.js';
import type { Warn } from '../repo/index-file.js';
import type { RepoPaths } from '../repo/paths.js';
import { loadCachedIndex } from '../repo/repository.js';
import { SearchIndex, applyConstraint, sortResults, type SearchResult } from '../repo/search.js';

export interface SearchRepoOptions {
  regexp?: boolean;
  /** Every version of each chart (helm's --versions). */
  versions?: boolean;
  devel?: boolean;
  version?: string;
}

/** One row of the result, with helm's JSON/YAML field names. */
export interface SearchRow {
  name: string;
  version: string;
  app_version: string;
  description: string;
}

export class SearchRepo {
  constructor(private readonly ctx: { paths: RepoPaths; warn?: Warn; writeCompact?: boolean }) {}

  async run(keywords: string[], options: SearchRepoOptions = {}): Promise<SearchRow[]> {
    const version = options.version || (options.devel ? '>0.0.0-0' : '>0.0.0');
    const index = await this.buildIndex(options.versions === true || version !== '');
    let results: SearchResult[] = keywords.length === 0 ? index.all() : index.search(keywords.join(' '), options.regexp === true);
    results = applyConstraint(sortResults(results), version, options.versions === true);
    return results.map((r) => ({ name: r.name, version: r.chart.version, app_version: r.chart.appVersion ?? '', description: r.chart.description ?? '' }));
  }

  private async buildIndex(all: boolean): Promise<SearchIndex> {
    const { file, exists } = await RepoFile.load(this.ctx.paths.repositoryConfig);
    if (!exists || file.repositories.length === 0) throw new GoError('no repositories configured');
    const index = new SearchIndex();
    for (const r of file.repositories) {
      try {
        index.addRepo(r.name, await loadCachedIndex(this.ctx.paths.repositoryCache, r.name, { warn: this.ctx.warn, writeCompact: this.ctx.writeCompact }), all);
      } catch (err) {
        this.ctx.warn?.(`level=WARN msg="repo is corrupt or missing" repo=${r.name} error="${(err as Error).message}"`);
      }
    }
    return index;
  }
}
