// sprig's dict functions (dict.go), with dario.cat/mergo v1.0.1's map merging for merge and
// mergeOverwrite and mitchellh/copystructure's deep copy.
//
// Go iterates maps in random order, so `keys` and `values` come back shuffled in helm; here they
// follow sorted key order (per dict), which is one of helm's possible outputs and deterministic.
import { GoError, goFunc, kindName, mapOf, sliceOf, sortedKeys, typeName, type GoFunction, type GoValue } from '../gotemplate/value.js';
import { strval } from './cast.js';
import { isEmpty } from './defaults.js';

const ANY = 'interface {}';
const STR = 'string';
const DICT = 'map[string]interface {}';

type GoMap = Map<string, GoValue>;

/** A map argument: a Map, or undefined for a nil map (the executor passes nil maps as null or TypedNil). */
function asMap(v: GoValue): GoMap | undefined {
  return v instanceof Map ? v : undefined;
}

function get(d: GoValue, key: string): GoValue {
  const m = asMap(d);
  return m?.has(key) ? m.get(key)! : '';
}

function set(d: GoValue, key: string, value: GoValue): GoValue {
  const m = asMap(d);
  if (!m) throw new GoError('assignment to entry in nil map');
  m.set(key, value);
  return m;
}

function dict(args: GoValue[]): GoMap {
  const m: GoMap = new Map();
  for (let i = 0; i < args.length; i += 2) m.set(strval(args[i]), i + 1 < args.length ? args[i + 1] : '');
  return m;
}

function pick(d: GoValue, keys: GoValue[]): GoMap {
  const m = asMap(d);
  const out: GoMap = new Map();
  for (const k of keys as string[]) if (m?.has(k)) out.set(k, m.get(k)!);
  return out;
}

function omit(d: GoValue, keys: GoValue[]): GoMap {
  const drop = new Set(keys as string[]);
  const out: GoMap = new Map();
  for (const [k, v] of asMap(d) ?? []) if (!drop.has(k)) out.set(k, v);
  return out;
}

/**
 * mergo's deepMerge of two map[string]interface {} values. Without overwrite a key of `dst` is set
 * only when missing or zero-valued; with overwrite every non-nil source value wins, except that maps
 * meeting maps merge recursively and keep the destination's keys. Nested maps are shared, not copied.
 */
function mergeMaps(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const [key, srcEl] of src) {
    if (srcEl === null) {
      if (overwrite) dst.set(key, null);
      continue;
    }
    const dstHas = dst.has(key);
    const dstEl = dstHas ? dst.get(key)! : null;
    const srcKind = kindName(srcEl);
    if (srcKind === 'map' && srcEl instanceof Map && dstEl instanceof Map) mergeMaps(dstEl, srcEl, overwrite);
    if (dstHas && !isEmpty(dstEl)) {
      if (srcKind === 'slice') {
        if (overwrite) dst.set(key, srcEl);
        continue;
      }
      if (srcKind === 'map' && kindName(dstEl) === 'map') continue;
    }
    if (overwrite || !dstHas || isEmpty(dstEl)) dst.set(key, srcEl);
  }
}

function merge(dstArg: GoValue, srcs: GoValue[], overwrite: boolean): GoValue {
  const dst = asMap(dstArg) ?? new Map();
  for (const src of srcs) {
    const m = asMap(src);
    if (m) mergeMaps(dst, m, overwrite);
  }
  return dst;
}

/** copystructure.Copy: maps and slices are copied all the way down, keeping their Go types. */
function deepCopy(v: GoValue): GoValue {
  if (Array.isArray(v)) return sliceOf(v.map(deepCopy), typeName(v));
  if (v instanceof Map) {
    const out: GoMap = new Map();
    for (const [k, x] of v) out.set(k, deepCopy(x));
    return mapOf(out, typeName(v));
  }
  if (v instanceof Uint8Array) return v.slice();
  return v;
}

function conversionPanic(v: GoValue, want: string): GoError {
  return new GoError(`interface conversion: interface {} is ${v === null ? 'nil' : typeName(v)}, not ${want}`);
}

/** sprig's dig: the value at a key path of a map[string]interface {} (exactly that type), or the default. */
function dig(args: GoValue[]): GoValue {
  if (args.length < 3) throw new GoError('dig needs at least three arguments');
  const last = args[args.length - 1];
  if (typeName(last) !== DICT || last === null) throw conversionPanic(last, DICT);
  const def = args[args.length - 2];
  const keys = args.slice(0, -2).map((k) => {
    if (typeof k !== 'string') throw conversionPanic(k, STR);
    return k;
  });
  let current: GoValue = last;
  for (let i = 0; ; i++) {
    const m = asMap(current);
    if (!m?.has(keys[i])) return def;
    const step = m.get(keys[i])!;
    if (i === keys.length - 1) return step;
    if (typeName(step) !== DICT || step === null) throw conversionPanic(step, DICT);
    current = step;
  }
}

function mustDeepCopy(v: GoValue): GoValue {
  if (v === null) throw new GoError('reflect: call of reflect.Value.Type on zero Value');
  return deepCopy(v);
}

export const dictFuncs: GoFunction[] = [
  goFunc('dict', [], (...args) => dict(args), { variadic: ANY, result: DICT }),
  goFunc('get', [DICT, STR], (d, k) => get(d, k as string)),
  goFunc('set', [DICT, STR, ANY], (d, k, v) => set(d, k as string, v), { result: DICT }),
  goFunc('unset', [DICT, STR], (d, k) => {
    asMap(d)?.delete(k as string);
    return d;
  }, { result: DICT }),
  goFunc('hasKey', [DICT, STR], (d, k) => asMap(d)?.has(k as string) ?? false, { result: 'bool' }),
  goFunc('pluck', [STR], (k, ...ds) => ds.flatMap((d) => (asMap(d)?.has(k as string) ? [asMap(d)!.get(k as string)!] : [])), { variadic: DICT, result: '[]interface {}' }),
  goFunc('keys', [], (...ds) => sliceOf(ds.flatMap((d) => (asMap(d) ? sortedKeys(asMap(d)!) : [])), '[]string'), { variadic: DICT, result: '[]string' }),
  goFunc('values', [DICT], (d) => {
    const m = asMap(d);
    return m ? sortedKeys(m).map((k) => m.get(k)!) : [];
  }, { result: '[]interface {}' }),
  goFunc('pick', [DICT], (d, ...ks) => pick(d, ks), { variadic: STR, result: DICT }),
  goFunc('omit', [DICT], (d, ...ks) => omit(d, ks), { variadic: STR, result: DICT }),
  goFunc('merge', [DICT], (d, ...srcs) => merge(d, srcs, false), { variadic: DICT }),
  goFunc('mustMerge', [DICT], (d, ...srcs) => merge(d, srcs, false), { variadic: DICT, returnsError: true }),
  goFunc('mergeOverwrite', [DICT], (d, ...srcs) => merge(d, srcs, true), { variadic: DICT }),
  goFunc('mustMergeOverwrite', [DICT], (d, ...srcs) => merge(d, srcs, true), { variadic: DICT, returnsError: true }),
  // copystructure panics on nil before it can return an error, so deepCopy fails with the same text.
  goFunc('deepCopy', [ANY], mustDeepCopy),
  goFunc('mustDeepCopy', [ANY], mustDeepCopy, { returnsError: true }),
  goFunc('dig', [], (...args) => dig(args), { variadic: ANY, returnsError: true }),
];
