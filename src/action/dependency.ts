// `dependency update|build|list` (helm's downloader.Manager and action.Dependency): resolve Chart.yaml
// dependencies against repositories (and OCI registries), download them into charts/, write Chart.lock.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Chart, Dependency, Lock } from '../chart/chart.js';
import { dependencyToGo, lockToGo } from '../chart/encode.js';
import { loadChart, loadDir } from '../chart/load.js';
import { isValidSemver } from '../chart/metadata.js';
import { archiveName, packageChart } from '../chart/package.js';
import { GoError, type GoValue } from '../gotemplate/value.js';
import { RepoFile, newEntry, type RepoEntry } from '../repo/config.js';
import { redactUrl } from '../net/http.js';
import { DEFAULT_MAX_INDEX_BYTES, fetchBytes } from '../repo/http.js';
import { parseIndex, type IndexFile } from '../repo/index-file.js';
import { isOciRef } from '../repo/oci.js';
import { fetchOptionsFor, loadCachedIndex, resolveReferenceUrl } from '../repo/repository.js';
import { fetchChart, type ChartResolver } from '../repo/resolve.js';
import { parseConstraint, parseStrictVersion, parseVersion } from '../semver/index.js';
import { encodeJson, jsonQuote } from '../yaml/json.js';
import { marshalYaml } from '../yaml/emit.js';
import { updateRepositories, type RepoContext } from './repo.js';

export interface DependencyOptions {
  skipRefresh?: boolean;
  /** Capstan's clock for Chart.lock's `generated` (the real clock by default). */
  now?: () => Date;
}

/** helm's HashReq: sha256 of the JSON of [Chart.yaml's dependencies, the locked ones]. */
export function hashRequirements(req: Dependency[], locked: Dependency[]): string {
  const list = (deps: Dependency[]): string => '[' + deps.map(dependencyJson).join(',') + ']';
  return 'sha256:' + createHash('sha256').update(`[${list(req)},${list(locked)}]`).digest('hex');
}

/** A dependency as encoding/json writes the struct: fields in declaration order. */
function dependencyJson(d: Dependency): string {
  const parts: string[] = [];
  for (const [k, v] of dependencyToGo(d)) parts.push(`${jsonQuote(k)}:${typeof v === 'string' ? jsonQuote(v) : encodeJson(v as GoValue)}`);
  return '{' + parts.join(',') + '}';
}

function normalizeUrl(u: string): string {
  return u.replace(/\/+$/, '');
}

export class DependencyManager {
  constructor(
    private readonly ctx: RepoContext,
    private readonly resolver: ChartResolver,
    private readonly options: DependencyOptions = {},
  ) {}

  private out(line: string): void {
    this.ctx.out(line);
  }

  /** Resolves the dependencies anew, downloads them and writes Chart.lock (helm's Manager.Update). */
  async update(chartPath: string): Promise<void> {
    const chart = await loadDir(chartPath);
    const req = chart.metadata.dependencies ?? [];
    if (req.length === 0) return;
    const { file: repos } = await RepoFile.load(this.ctx.paths.repositoryConfig);
    const used = this.resolveRepoNames(req, repos);
    if (!this.options.skipRefresh) await this.refresh(used);
    const lock = await this.resolve(req, used, repos, chartPath);
    await this.downloadAll(lock.dependencies, chartPath, repos);
    if (chart.lock && chart.lock.digest === lock.digest) return;
    const name = chart.metadata.apiVersion === 'v1' ? 'requirements.lock' : 'Chart.lock';
    await writeFile(join(chartPath, name), marshalYaml(lockToGo(lock)));
  }

  /** Downloads what Chart.lock names, or updates when there is no lock (helm's Manager.Build). */
  async build(chartPath: string): Promise<void> {
    const chart = await loadDir(chartPath);
    if (!chart.lock) return this.update(chartPath);
    const req = chart.metadata.dependencies ?? [];
    const { file: repos } = await RepoFile.load(this.ctx.paths.repositoryConfig);
    const used = this.resolveRepoNames(req, repos);
    if (hashRequirements(req, chart.lock.dependencies) !== chart.lock.digest) {
      throw new GoError('the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml). Please update the dependencies');
    }
    if (!this.options.skipRefresh) await this.refresh(used);
    await this.downloadAll(chart.lock.dependencies, chartPath, repos);
  }

  /**
   * The configured repositories the dependencies use; `@name`/`alias:name` repositories are replaced
   * by their URL in `req` (as helm does before hashing).
   */
  private resolveRepoNames(req: Dependency[], repos: RepoFile): RepoEntry[] {
    const used = new Map<string, RepoEntry>();
    for (const d of req) {
      const r = d.repository ?? '';
      if (r === '' || r.startsWith('file://') || isOciRef(r)) continue;
      if (r.startsWith('@') || r.startsWith('alias:')) {
        const name = r.startsWith('@') ? r.slice(1) : r.slice('alias:'.length);
        const entry = repos.get(name);
        if (!entry) throw new GoError(`no repository definition for ${r}. Please add the missing repos via 'helm repo add'`);
        d.repository = entry.url;
        used.set(entry.name, entry);
        continue;
      }
      const entry = repos.repositories.find((e) => normalizeUrl(e.url) === normalizeUrl(r));
      if (entry) used.set(entry.name, entry);
    }
    return [...used.values()];
  }

  private async refresh(repos: RepoEntry[]): Promise<void> {
    if (repos.length === 0) return;
    await updateRepositories(repos, this.ctx).catch(() => undefined);
  }

  private async indexFor(repoUrl: string, repos: RepoFile): Promise<{ index: IndexFile; entry: RepoEntry }> {
    const entry = repos.repositories.find((e) => normalizeUrl(e.url) === normalizeUrl(repoUrl));
    if (entry) return { index: await loadCachedIndex(this.ctx.paths.repositoryCache, entry.name, { writeCompact: this.ctx.writeCompact }), entry };
    const temp = newEntry({ name: '', url: repoUrl });
    const bytes = await fetchBytes(resolveReferenceUrl(repoUrl, 'index.yaml'), fetchOptionsFor(temp, { maxBytes: DEFAULT_MAX_INDEX_BYTES }));
    return { index: parseIndex(bytes, repoUrl), entry: temp };
  }

  /** Picks each dependency's version (helm's resolver.Resolve) and returns the lock. */
  private async resolve(req: Dependency[], _used: RepoEntry[], repos: RepoFile, chartPath: string): Promise<Lock> {
    const locked: Dependency[] = [];
    const missing: string[] = [];
    for (const d of req) {
      let constraint;
      try {
        constraint = parseConstraint(d.version ?? '');
      } catch (err) {
        throw new GoError(`dependency ${JSON.stringify(d.name)} has an invalid version/constraint format: ${(err as Error).message}`);
      }
      const repo = d.repository ?? '';
      if (repo === '') {
        locked.push({ name: d.name, repository: '', version: d.version ?? '' });
        continue;
      }
      if (repo.startsWith('file://')) {
        const local = await loadDir(localPath(repo, chartPath));
        if (!constraint.check(parseVersion(local.metadata.version))) {
          missing.push(`${JSON.stringify(d.name)} (repository ${JSON.stringify(repo)}, version ${JSON.stringify(d.version ?? '')})`);
          continue;
        }
        locked.push({ name: d.name, repository: repo, version: local.metadata.version });
        continue;
      }
      let versions: string[];
      if (isOciRef(repo)) {
        const oci = this.resolver.ociSource();
        if (!oci) throw new GoError(`cannot resolve ${repo}: no OCI registry client is configured`);
        versions = await oci.tags(`${repo.replace(/\/+$/, '')}/${d.name}`, {});
        versions = versions.filter((v) => tryStrict(v)).sort((a, b) => parseVersion(b).compare(parseVersion(a)));
      } else {
        const { index } = await this.indexFor(repo, repos);
        versions = (index.entries.get(d.name) ?? []).map((cv) => cv.version);
      }
      const found = versions.find((v) => isValidSemver(v) && constraint.check(parseVersion(v)));
      if (found === undefined) {
        missing.push(`${JSON.stringify(d.name)} (repository ${JSON.stringify(repo)}, version ${JSON.stringify(d.version ?? '')})`);
        continue;
      }
      locked.push({ name: d.name, repository: repo, version: found });
    }
    if (missing.length > 0) {
      throw new GoError(`can't get a valid version for ${missing.length} subchart(s): ${missing.join(', ')}. Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml`);
    }
    return { generated: rfc3339Nano((this.options.now ?? (() => new Date()))()), digest: hashRequirements(req, locked), dependencies: locked };
  }

  /** Downloads every locked dependency into a temporary directory, then swaps them into charts/. */
  private async downloadAll(deps: Dependency[], chartPath: string, repos: RepoFile): Promise<void> {
    const destPath = join(chartPath, 'charts');
    const tmpPath = await mkdtemp(join(tmpdir(), 'capstan-deps-'));
    try {
      this.out(`Saving ${deps.length} charts`);
      const seen = new Set<string>();
      for (const dep of deps) {
        const repo = dep.repository ?? '';
        if (repo === '') {
          this.out(`Dependency ${dep.name} did not declare a repository. Assuming it exists in the charts directory`);
          continue;
        }
        if (repo.startsWith('file://')) {
          const local = await loadDir(localPath(repo, chartPath));
          await writeFile(join(tmpPath, archiveName(local)), packageChart(local));
          continue;
        }
        const key = `${repo}|${dep.name}|${dep.version}`;
        if (seen.has(key)) {
          this.out(`Already downloaded ${dep.name} from repo ${repo}`);
          continue;
        }
        this.out(`Downloading ${dep.name} from repo ${repo}`);
        let bytes: Uint8Array;
        let fileName: string;
        try {
          if (isOciRef(repo)) {
            const got = await this.resolver.download({ ref: `${repo.replace(/\/+$/, '')}/${dep.name}`, version: dep.version });
            ({ bytes, fileName } = got);
          } else {
            const { index, entry } = await this.indexFor(repo, repos);
            const cv = (index.entries.get(dep.name) ?? []).find((v) => v.version === dep.version);
            if (!cv || cv.urls.length === 0) throw new GoError(`chart ${JSON.stringify(dep.name)} version ${JSON.stringify(dep.version)} not found in ${redactUrl(repo)} repository`);
            const url = resolveReferenceUrl(entry.url, cv.urls[0]);
            bytes = await fetchChart(url, fetchOptionsFor(entry), cv.digest);
            fileName = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? `${dep.name}-${dep.version}.tgz`);
          }
        } catch (err) {
          this.out(`Save error occurred:  ${(err as Error).message}`);
          throw err;
        }
        await writeFile(join(tmpPath, fileName), bytes);
        seen.add(key);
      }
      await this.safeMoveDeps(deps, tmpPath, destPath);
    } finally {
      await rm(tmpPath, { recursive: true, force: true });
    }
  }

  private async safeMoveDeps(deps: Dependency[], source: string, dest: string): Promise<void> {
    const local = new Set(deps.filter((d) => !d.repository).map((d) => d.name));
    const sourceFiles = await readdir(source, { withFileTypes: true });
    const destFiles = await readdir(dest, { withFileTypes: true }).catch(() => []);
    const moved = new Set<string>();
    await import('node:fs/promises').then((fs) => fs.mkdir(dest, { recursive: true }));
    for (const f of sourceFiles) {
      if (f.isDirectory()) continue;
      moved.add(f.name);
      await rename(join(source, f.name), join(dest, f.name)).catch(async () => {
        const fs = await import('node:fs/promises');
        await fs.copyFile(join(source, f.name), join(dest, f.name));
      });
    }
    this.out('Deleting outdated charts');
    for (const f of destFiles) {
      if (f.isDirectory() || moved.has(f.name)) continue;
      const path = join(dest, f.name);
      let chart: Chart;
      try {
        chart = await loadChart(path);
      } catch (err) {
        this.out(`Could not verify ${path} for deletion: ${(err as Error).message} (Skipping)`);
        continue;
      }
      if (local.has(chart.name())) continue;
      await rm(path, { force: true });
    }
  }
}

function localPath(repo: string, chartPath: string): string {
  return resolve(chartPath, repo.slice('file://'.length));
}

function tryStrict(v: string): boolean {
  try {
    parseStrictVersion(v.replace(/_/g, '+'));
    return true;
  } catch {
    return false;
  }
}

/** Go's time.RFC3339Nano of a JS date (millisecond precision, trailing zeros dropped). */
function rfc3339Nano(d: Date): string {
  return d.toISOString().replace(/\.?0+Z$/, 'Z').replace(/\.Z$/, 'Z');
}

export interface DependencyStatus {
  name: string;
  version: string;
  repository: string;
  status: string;
}

/** `dependency list`: each dependency's status, and warnings about archives Chart.yaml does not name. */
export async function listDependencies(chartPath: string): Promise<{ deps: DependencyStatus[]; warnings: string[] }> {
  const chart = await loadChart(chartPath);
  const reqs = chart.metadata.dependencies ?? [];
  const deps: DependencyStatus[] = [];
  for (const d of reqs) deps.push({ name: d.name, version: d.version ?? '', repository: d.repository ?? '', status: await dependencyStatus(chart, d, chartPath) });
  const warnings: string[] = [];
  const chartsDir = join(chartPath, 'charts');
  for (const name of (await readdir(chartsDir).catch(() => [] as string[])).sort()) {
    const f = join(chartsDir, name);
    const info = await stat(f);
    if (!info.isDirectory() && !name.endsWith('.tgz')) continue;
    let c: Chart;
    try {
      c = await loadChart(f);
    } catch {
      warnings.push(`WARNING: ${JSON.stringify(f)} is not a chart.`);
      continue;
    }
    if (!reqs.some((d) => d.name === c.name())) warnings.push(`WARNING: ${JSON.stringify(f)} is not in Chart.yaml.`);
  }
  return { deps, warnings };
}

function versionStatus(actual: string, wanted: string | undefined): string | undefined {
  if (actual === wanted) return undefined;
  let ok: boolean;
  try {
    ok = parseConstraint(wanted ?? '').check(parseVersion(actual));
  } catch {
    return 'invalid version';
  }
  return ok ? undefined : 'wrong version';
}

async function archiveStatus(archive: string, dep: Dependency): Promise<string> {
  let c: Chart;
  try {
    c = await loadChart(archive);
  } catch {
    return 'corrupt';
  }
  if (c.name() !== dep.name) return 'misnamed';
  return versionStatus(c.metadata.version, dep.version) ?? 'ok';
}

async function dependencyStatus(chart: Chart, dep: Dependency, chartPath: string): Promise<string> {
  const prefix = `${dep.name}-`;
  const archives = (await readdir(join(chartPath, 'charts')).catch(() => [] as string[])).filter((n) => n.startsWith(prefix) && n.endsWith('.tgz')).sort();
  if (archives.length === 1) return archiveStatus(join(chartPath, 'charts', archives[0]), dep);
  if (archives.length > 1) {
    const found = archives.filter((a) => {
      try {
        parseStrictVersion(a.slice(prefix.length, -'.tgz'.length));
        return true;
      } catch {
        return false;
      }
    });
    if (found.length === 1) return archiveStatus(join(chartPath, 'charts', found[0]), dep);
    if (found.length > 1) return 'too many matches';
  }
  const sub = chart.dependencies.find((d) => d.name() === dep.name);
  if (!sub) return 'missing';
  return versionStatus(sub.metadata.version, dep.version) ?? 'unpacked';
}
