// `helm search repo` (pkg/cmd/search): literal or RE2 search over "name, repo/name, description,
// keywords" lines; a match's score is the field it starts in; results sorted by score, name, version.
import { RE2JS } from 're2js';
import { GoError } from '../gotemplate/value.js';
import { parseConstraint, parseVersion, type Version } from '../semver/index.js';
import type { ChartVersion, IndexFile } from './index-file.js';

const SEP = '\v';
/** helm's searchMaxScore: matches starting after this many fields are not matches. */
export const SEARCH_MAX_SCORE = 25;

export interface SearchResult {
  /** `repo/chart`. */
  name: string;
  score: number;
  chart: ChartVersion;
}

interface Line {
  /** `repo/chart`. */
  name: string;
  text: string;
  chart: ChartVersion;
}

export class SearchIndex {
  private readonly lines: Line[] = [];

  /** Adds a repository's charts: every version when `all`, else only each chart's newest. */
  addRepo(repoName: string, index: IndexFile, all: boolean): void {
    for (const [name, versions] of index.entries) {
      if (versions.length === 0) continue;
      const fullName = `${repoName}/${name}`;
      for (const cv of all ? versions : versions.slice(0, 1)) {
        this.lines.push({ name: fullName, text: lineOf(repoName, cv), chart: cv });
      }
    }
  }

  all(): SearchResult[] {
    return this.lines.map((l) => ({ name: l.name, score: 0, chart: l.chart }));
  }

  search(term: string, regexp: boolean, threshold = SEARCH_MAX_SCORE): SearchResult[] {
    return regexp ? this.searchRegexp(term, threshold) : this.searchLiteral(term, threshold);
  }

  private searchLiteral(term: string, threshold: number): SearchResult[] {
    const lower = term.toLowerCase();
    const out: SearchResult[] = [];
    for (const l of this.lines) {
      const text = l.text.toLowerCase();
      const at = text.indexOf(lower);
      if (at < 0) continue;
      const score = scoreOf(at, text);
      // helm reports the lower-cased name of a literal match.
      if (score < threshold) out.push({ name: l.name.toLowerCase(), score, chart: l.chart });
    }
    return out;
  }

  private searchRegexp(pattern: string, threshold: number): SearchResult[] {
    let re: RE2JS;
    try {
      re = RE2JS.compile(pattern);
    } catch (err) {
      throw new GoError((err as Error).message);
    }
    const out: SearchResult[] = [];
    for (const l of this.lines) {
      const m = re.matcher(l.text);
      if (!m.find()) continue;
      const score = scoreOf(m.start(), l.text);
      if (score < threshold) out.push({ name: l.name, score, chart: l.chart });
    }
    return out;
  }
}

function lineOf(repoName: string, cv: ChartVersion): string {
  return cv.name + SEP + repoName + '/' + cv.name + SEP + (cv.description ?? '') + SEP + (cv.keywords ?? []).join(' ');
}

/** The number of separators before `index`: which field the match starts in. */
function scoreOf(index: number, line: string): number {
  let score = 0;
  for (let i = line.indexOf(SEP); i >= 0; i = line.indexOf(SEP, i + 1)) {
    if (index <= i) return score;
    score++;
  }
  return score;
}

function tryVersion(v: string): Version | undefined {
  try {
    return parseVersion(v);
  } catch {
    return undefined;
  }
}

/** helm's SortScore: score, then name, then newest version first. */
export function sortResults(results: SearchResult[]): SearchResult[] {
  const versions = new Map<SearchResult, Version | undefined>(results.map((r) => [r, tryVersion(r.chart.version)]));
  return results.sort((a, b) => {
    if (a.score !== b.score) return a.score - b.score;
    if (a.name === b.name) {
      const va = versions.get(a);
      const vb = versions.get(b);
      if (!va || !vb) return 0;
      return vb.compare(va);
    }
    return a.name < b.name ? -1 : 1;
  });
}

/**
 * helm's applyConstraint: keeps results whose version satisfies `constraint`; without `allVersions`
 * only the first (newest) match of each name.
 */
export function applyConstraint(results: SearchResult[], constraint: string, allVersions: boolean): SearchResult[] {
  if (constraint === '') return results;
  let c;
  try {
    c = parseConstraint(constraint);
  } catch (err) {
    throw new GoError(`an invalid version/constraint format: ${(err as Error).message}`);
  }
  const found = new Set<string>();
  const out: SearchResult[] = [];
  for (const r of results) {
    if (!allVersions && found.has(r.name)) continue;
    const v = tryVersion(r.chart.version);
    if (v && c.check(v)) {
      out.push(r);
      found.add(r.name);
    }
  }
  return out;
}
