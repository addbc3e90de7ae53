// Dependency processing as helm 4.1.4's chartutil.ProcessDependencies: subcharts matched to the
// Chart.yaml dependencies (aliases copy the chart under a new name), disabled by tags and
// conditions, then import-values copied from children into parents' default values.
//
// Like helm, this mutates the chart: its dependency list, its metadata dependencies (aliases become
// names, disabled entries are removed, import-values normalized to {child, parent}) and the values
// of every chart that declares dependencies (they become the merged tree, imports included).
import { formatValue } from '../gotemplate/fmt.js';
import { GoError, type GoValue } from '../gotemplate/value.js';
import { parseConstraint, parseVersion } from '../semver/index.js';
import { coalesceValues, deepCopyMap, mergeTables, mergeValues } from '../values/coalesce.js';
import { Chart, type Dependency, type Metadata } from './chart.js';

export type Warn = (message: string) => void;

const noWarnings: Warn = () => {};

/** Whether `version` satisfies `constraint`; an unparsable version or constraint never does. */
export function isCompatibleRange(constraint: string, version: string): boolean {
  let v;
  try {
    v = parseVersion(version);
  } catch {
    return false;
  }
  try {
    return parseConstraint(constraint).check(v);
  } catch {
    return false;
  }
}

/**
 * ProcessDependencies: enables and disables subcharts from the user's values, then imports values.
 * Call it after loading and before coalescing the values to render.
 */
export function processDependencies(chart: Chart, userValues: Map<string, GoValue>, warn: Warn = noWarnings): void {
  processDependencyEnabled(chart, userValues, '', warn);
  processDependencyImportValues(chart, warn);
}

/** A logfmt-style warning line like helm's slog output, without the level prefix. */
function logLine(msg: string, attrs: [string, string][]): string {
  const quoteIfNeeded = (s: string): string => (/^[^\s"=]+$/.test(s) ? s : JSON.stringify(s));
  return [JSON.stringify(msg), ...attrs.map(([k, v]) => `${k}=${quoteIfNeeded(v)}`)].join(' ');
}

/** A table (map) at a dotted path of values; undefined when any step is missing or not a map. */
export function valuesTable(values: Map<string, GoValue>, path: string): Map<string, GoValue> | undefined {
  let current: Map<string, GoValue> = values;
  for (const key of path.split('.')) {
    const next = current.get(key);
    if (!(next instanceof Map)) return undefined;
    current = next;
  }
  return current;
}

/** Values.PathValue: the non-table value at a dotted path, or undefined. */
export function valuesPathValue(values: Map<string, GoValue>, path: string): GoValue | undefined {
  const keys = path.split('.');
  const key = keys.pop()!;
  const table = keys.length === 0 ? values : valuesTable(values, keys.join('.'));
  if (!table || !table.has(key)) return undefined;
  const v = table.get(key)!;
  return v instanceof Map ? undefined : v;
}

function processDependencyConditions(reqs: Dependency[], cvals: Map<string, GoValue>, cpath: string, warn: Warn): void {
  for (const r of reqs) {
    for (const c of (r.condition ?? '').trim().split(',')) {
      if (c.length === 0) continue;
      const v = valuesPathValue(cvals, cpath + c);
      if (v === undefined) continue;
      if (typeof v === 'boolean') {
        r.enabled = v;
        break;
      }
      warn(logLine('returned non-bool value', [['path', c], ['chart', r.name]]));
    }
  }
}

function processDependencyTags(reqs: Dependency[], cvals: Map<string, GoValue>, warn: Warn): void {
  const tags = valuesTable(cvals, 'tags');
  if (!tags) return;
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const k of r.tags ?? []) {
      if (!tags.has(k)) continue;
      const b = tags.get(k);
      if (typeof b === 'boolean') {
        if (b) hasTrue = true;
        else hasFalse = true;
      } else {
        warn(logLine('returned non-bool value', [['tag', k], ['chart', r.name]]));
      }
    }
    if (!hasTrue && hasFalse) r.enabled = false;
    else if (hasTrue || (!hasTrue && !hasFalse)) r.enabled = true;
  }
}

function copyMetadata(md: Metadata): Metadata {
  const out: Metadata = { ...md };
  if (md.dependencies) out.dependencies = md.dependencies.map((d) => ({ ...d }));
  return out;
}

/** A shallow copy of a chart (Go's `out := *c`): files, templates and values are shared. */
function shallowCopy(c: Chart): Chart {
  return Object.assign(Object.create(Object.getPrototypeOf(c) as object) as Chart, c);
}

/**
 * A copy of the chart tree that dependency processing may modify without touching `chart`: every
 * chart node, its metadata and its dependency entries are copied; files, templates and values are
 * shared (processing replaces a chart's values, never modifies them).
 */
export function copyChartTree(chart: Chart): Chart {
  const out = shallowCopy(chart);
  out.metadata = copyMetadata(chart.metadata);
  out.setDependencies(chart.dependencies.map(copyChartTree));
  return out;
}

/** The subchart a dependency names, copied (under its alias) so that one chart can serve several aliases. */
function getAliasDependency(charts: Chart[], dep: Dependency): Chart | undefined {
  for (const c of charts) {
    if (c.name() !== dep.name) continue;
    if (!isCompatibleRange(dep.version ?? '', c.metadata.version)) continue;
    const out = shallowCopy(c);
    out.metadata = copyMetadata(c.metadata);
    out.setDependencies([]);
    for (const d of c.dependencies) out.addDependency(shallowCopy(d));
    if (dep.alias) out.metadata.name = dep.alias;
    return out;
  }
  return undefined;
}

function processDependencyEnabled(c: Chart, values: Map<string, GoValue>, path: string, warn: Warn): void {
  const reqs = c.metadata.dependencies;
  if (reqs === undefined) return;

  // Subcharts that no Chart.yaml entry matches (by name and version) are kept as they are.
  const chartDependencies = c.dependencies.filter((existing) => !reqs.some((req) => existing.name() === req.name && isCompatibleRange(req.version ?? '', existing.metadata.version)));
  for (const req of reqs) {
    const aliased = getAliasDependency(c.dependencies, req);
    if (aliased) chartDependencies.push(aliased);
    if (req.alias) req.name = req.alias;
  }
  c.setDependencies(chartDependencies);

  for (const req of reqs) req.enabled = true;
  const cvals = coalesceValues(c, values, warn);
  processDependencyTags(reqs, cvals, warn);
  processDependencyConditions(reqs, cvals, path, warn);

  const disabled = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
  const kept = c.dependencies.filter((d) => !disabled.has(d.metadata.name));
  const keptReqs = reqs.filter((r) => !disabled.has(r.name));
  for (const t of kept) processDependencyEnabled(t, cvals, `${path}${t.metadata.name}.`, warn);
  c.metadata.dependencies = keptReqs;
  c.setDependencies(kept);
}

/** pathToMap: `data` nested under the keys of a dotted path (`.` is the root). */
function pathToMap(path: string, data: Map<string, GoValue>): Map<string, GoValue> {
  if (path === '.') return data;
  let current = data;
  const keys = path.split('.');
  for (let i = keys.length - 1; i >= 0; i--) current = new Map([[keys[i], current]]);
  return current;
}

function processImportValues(c: Chart, warn: Warn): void {
  const reqs = c.metadata.dependencies;
  if (reqs === undefined) return;
  const cvals = mergeValues(c, new Map(), warn);
  let imported = new Map<string, GoValue>();
  for (const r of reqs) {
    const normalized: GoValue[] = [];
    for (const riv of r.importValues ?? []) {
      if (riv instanceof Map) {
        const child = formatValue(riv.get('child') ?? null);
        const parent = formatValue(riv.get('parent') ?? null);
        normalized.push(new Map<string, GoValue>([['child', child], ['parent', parent]]));
        const table = valuesTable(cvals, `${r.name}.${child}`);
        if (!table) {
          warn(logLine('ImportValues missing table from chart', [['chart', r.name], ['error', noTableError(cvals, `${r.name}.${child}`)]]));
          continue;
        }
        imported = mergeTables(imported, pathToMap(parent, table), warn);
      } else if (typeof riv === 'string') {
        const child = `exports.${riv}`;
        normalized.push(new Map<string, GoValue>([['child', child], ['parent', '.']]));
        const table = valuesTable(cvals, `${r.name}.${child}`);
        if (!table) {
          warn(logLine('ImportValues missing table', [['error', noTableError(cvals, `${r.name}.${child}`)]]));
          continue;
        }
        imported = mergeTables(imported, table, warn);
      }
    }
    if (r.importValues !== undefined) r.importValues = normalized;
  }
  // The parent's own values win over what it imports, so that it can override parts of an import.
  c.values = mergeTables(deepCopyMap(cvals), imported, warn);
}

/** The text of helm's ErrNoTable for the first step of `path` that is missing or not a table. */
function noTableError(values: Map<string, GoValue>, path: string): string {
  let current: Map<string, GoValue> = values;
  for (const key of path.split('.')) {
    const next = current.get(key);
    if (!(next instanceof Map)) return `${JSON.stringify(key)} is not a table`;
    current = next;
  }
  return '';
}

function processDependencyImportValues(c: Chart, warn: Warn): void {
  for (const d of c.dependencies) processDependencyImportValues(d, warn);
  processImportValues(c, warn);
}

/** Helm renders only application charts (`helm template`/install refuse a library chart). */
export function checkInstallable(chart: Chart): void {
  const type = chart.metadata.type || 'application';
  if (type !== 'application') throw new GoError(`${type} charts are not installable`);
}

/** The root chart's kubeVersion constraint against the cluster version (`v1.35.0`); subcharts' are not checked. */
export function checkKubeVersion(chart: Chart, kubeVersion: string): void {
  const constraint = chart.metadata.kubeVersion;
  if (constraint && !isCompatibleRange(constraint, kubeVersion)) {
    throw new GoError(`chart requires kubeVersion: ${constraint} which is incompatible with Kubernetes ${kubeVersion}`);
  }
}

/**
 * action.CheckDependencies with the wording of helm's install/template command: every Chart.yaml
 * dependency must have a chart of that name in charts/ (checked before processing).
 */
export function checkDependencies(chart: Chart): void {
  const reqs = chart.metadata.dependencies;
  if (!reqs) return;
  const missing = reqs.filter((r) => !chart.dependencies.some((d) => d.name() === r.name)).map((r) => r.name);
  if (missing.length > 0) {
    throw new GoError(
      'an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: ' +
        `found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`,
    );
  }
}
