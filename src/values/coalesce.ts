// Values coalescing as helm 4.1.4 does it (pkg/chart/common/util/coalesce.go): the user's values over
// each chart's defaults, recursively into subcharts, with the parent's `global` pushed down.
//
// Go maps are references, and Helm relies on that in places (globals are copied one level deep only),
// so this port keeps the same aliasing with Map objects rather than copying more than Helm does.
import type { Chart } from '../chart/chart.js';
import { formatFloat } from '../gotemplate/ftoa.js';
import { quote } from '../gotemplate/quote.js';
import { GoError, GoInt, sortedKeys, typeName, type GoValue } from '../gotemplate/value.js';

/** Receives Helm's log lines (`warning: skipped value for ...`), which helm prints to stderr. */
export type Warn = (message: string) => void;

const GLOBAL_KEY = 'global';

const ignoreWarnings: Warn = () => {};

/**
 * CoalesceValues: the chart's defaults under the user's values, subcharts included. A user `null`
 * removes the default key. Neither the chart nor `userValues` is modified.
 */
export function coalesceValues(chart: Chart, userValues: Map<string, GoValue>, warn: Warn = ignoreWarnings): Map<string, GoValue> {
  return coalesce(warn, chart, deepCopyMap(userValues), '', false);
}

/** MergeValues: as coalesceValues, but nulls are kept (dependency processing coalesces again later). */
export function mergeValues(chart: Chart, userValues: Map<string, GoValue>, warn: Warn = ignoreWarnings): Map<string, GoValue> {
  return coalesce(warn, chart, deepCopyMap(userValues), '', true);
}

/** CoalesceTables: merges `src` into `dst` (which wins and is modified); a null in `dst` removes the key. */
export function coalesceTables(dst: Map<string, GoValue>, src: Map<string, GoValue>, warn: Warn = ignoreWarnings): Map<string, GoValue> {
  return coalesceTablesFullKey(warn, dst, src, '', false);
}

/** MergeTables: as coalesceTables, keeping nulls. */
export function mergeTables(dst: Map<string, GoValue>, src: Map<string, GoValue>, warn: Warn = ignoreWarnings): Map<string, GoValue> {
  return coalesceTablesFullKey(warn, dst, src, '', true);
}

/** A deep copy of maps and lists (copystructure.Copy for values); scalars are immutable and shared. */
export function deepCopy(v: GoValue): GoValue {
  if (v instanceof Map) return deepCopyMap(v);
  if (Array.isArray(v)) return v.map(deepCopy);
  return v;
}

export function deepCopyMap(m: Map<string, GoValue>): Map<string, GoValue> {
  const out = new Map<string, GoValue>();
  for (const [k, v] of m) out.set(k, deepCopy(v));
  return out;
}

function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

function coalesce(warn: Warn, chart: Chart, dest: Map<string, GoValue>, prefix: string, merge: boolean): Map<string, GoValue> {
  coalesceChartValues(warn, chart, dest, prefix, merge);
  return coalesceDependencies(warn, chart, dest, prefix, merge);
}

function coalesceDependencies(warn: Warn, chart: Chart, dest: Map<string, GoValue>, prefix: string, merge: boolean): Map<string, GoValue> {
  for (const sub of chart.dependencies) {
    const name = sub.name();
    if (!dest.has(name)) dest.set(name, new Map());
    const subValues = dest.get(name)!;
    if (!(subValues instanceof Map)) throw new GoError(`type mismatch on ${name}: ${formatBoolVerb(subValues)}`);
    const subPrefix = concatPrefix(prefix, chart.name());
    coalesceGlobals(warn, subValues, dest, subPrefix);
    dest.set(name, coalesce(warn, sub, subValues, subPrefix, merge));
  }
  return dest;
}

/** Go's `%t` of a value that is usually not a bool. */
function formatBoolVerb(v: GoValue): string {
  if (typeof v === 'boolean') return String(v);
  if (v === null) return '%!t(<nil>)';
  return `%!t(${typeName(v)}=${formatV(v)})`;
}

/** Go's `%v` of a values tree, for warning texts (values hold only these kinds). */
function formatV(v: GoValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'number') return formatFloat(v, 'g', -1, 64);
  if (v instanceof GoInt) return v.toString();
  if (Array.isArray(v)) return `[${v.map(formatV).join(' ')}]`;
  if (v instanceof Map) return `map[${sortedKeys(v).map((k) => `${k}:${formatV(v.get(k)!)}`).join(' ')}]`;
  return String(v);
}

/** Merges the parent's `global` into the subchart's: the parent wins, maps merge one level deep. */
function coalesceGlobals(warn: Warn, dest: Map<string, GoValue>, src: Map<string, GoValue>, prefix: string): void {
  let destGlobals: Map<string, GoValue>;
  const dg = dest.get(GLOBAL_KEY);
  if (!dest.has(GLOBAL_KEY)) destGlobals = new Map();
  else if (dg instanceof Map) destGlobals = dg;
  else {
    warn(`warning: skipping globals because destination ${GLOBAL_KEY} is not a table.`);
    return;
  }
  let srcGlobals: Map<string, GoValue>;
  const sg = src.get(GLOBAL_KEY);
  if (!src.has(GLOBAL_KEY)) srcGlobals = new Map();
  else if (sg instanceof Map) srcGlobals = sg;
  else {
    warn(`warning: skipping globals because source ${GLOBAL_KEY} is not a table.`);
    return;
  }
  for (const [key, val] of srcGlobals) {
    if (val instanceof Map) {
      const copy = new Map(val);
      const existing = destGlobals.get(key);
      if (!destGlobals.has(key)) {
        destGlobals.set(key, copy);
      } else if (!(existing instanceof Map)) {
        warn(`Conflict: cannot merge map onto non-map for ${quote(key)}. Skipping.`);
      } else {
        coalesceTablesFullKey(warn, copy, existing, concatPrefix(prefix, key), true);
        destGlobals.set(key, copy);
      }
    } else if (destGlobals.get(key) instanceof Map) {
      warn(`key ${key} is table. Skipping`);
    } else {
      destGlobals.set(key, val);
    }
  }
  dest.set(GLOBAL_KEY, destGlobals);
}

function isSubchart(chart: Chart, key: string): boolean {
  return chart.dependencies.some((d) => d.name() === key);
}

/** The chart's own defaults under `v` (modified in place). */
function coalesceChartValues(warn: Warn, chart: Chart, v: Map<string, GoValue>, prefix: string, merge: boolean): void {
  const subPrefix = concatPrefix(prefix, chart.name());
  for (const [key, val] of deepCopyMap(chart.values)) {
    if (v.has(key)) {
      const value = v.get(key)!;
      if (value === null && !merge) {
        v.delete(key);
      } else if (value instanceof Map) {
        if (!(val instanceof Map)) {
          if (val !== null) warn(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        } else {
          const mergeChild = merge || isSubchart(chart, key);
          coalesceTablesFullKey(warn, value, val, concatPrefix(subPrefix, key), mergeChild);
        }
      }
    } else {
      v.set(key, val);
    }
  }
}

function coalesceTablesFullKey(warn: Warn, dst: Map<string, GoValue>, src: Map<string, GoValue>, prefix: string, merge: boolean): Map<string, GoValue> {
  // Keys the defaults really define, as opposed to nulls copied over from dst just below.
  const srcNonNil = new Set<string>();
  for (const [key, val] of src) if (val !== null) srcNonNil.add(key);
  for (const [key, val] of dst) if (val === null) src.set(key, null);
  for (const [key, val] of src) {
    const fullKey = concatPrefix(prefix, key);
    const has = dst.has(key);
    const dv = dst.get(key);
    if (has && !merge && dv === null && srcNonNil.has(key)) {
      dst.delete(key);
    } else if (!has) {
      dst.set(key, val);
    } else if (val instanceof Map) {
      if (dv instanceof Map) coalesceTablesFullKey(warn, dv, val, fullKey, merge);
      else warn(`warning: cannot overwrite table with non table for ${fullKey} (${formatV(val)})`);
    } else if (dv instanceof Map && val !== null) {
      warn(`warning: destination for ${fullKey} is a table. Ignoring non-table value (${formatV(val)})`);
    }
  }
  return dst;
}
