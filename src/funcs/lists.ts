// sprig's list functions (list.go). Like sprig, they accept any slice type (read through reflection
// in Go) and return []interface {}; anything else is an error naming its reflect.Kind, and nil panics
// on the nil reflect.Type. The plain names panic where the must* names return the same error; both
// reach the template as "error calling NAME: ...", so both share one implementation here.
import { compareGoStrings, GoError, goFunc, GoInt, kindName, sliceOf, TypedNil, typeName, type GoFunction, type GoValue } from '../gotemplate/value.js';
import { NIL_DEREFERENCE, strslice, strval, toInt64 } from './cast.js';
import { isEmpty } from './defaults.js';
import { deepEqual } from './reflection.js';

const ANY = 'interface {}';
const LIST = '[]interface {}';

/** The elements of a slice value, or undefined when the value is not a slice; nil panics as in Go. */
function elements(v: GoValue): GoValue[] | undefined {
  if (v === null) throw new GoError(NIL_DEREFERENCE);
  if (Array.isArray(v)) return v;
  if (v instanceof Uint8Array) return Array.from(v, (b) => new GoInt(BigInt(b), 'uint8'));
  if (v instanceof TypedNil && v.type.startsWith('[]')) return [];
  return undefined;
}

function listOf(v: GoValue, error: string): GoValue[] {
  const items = elements(v);
  if (items === undefined) throw new GoError(`${error} ${kindName(v)}`);
  return items;
}

const nilList = (): GoValue => new TypedNil(LIST);

function chunk(size: number, v: GoValue): GoValue {
  const items = listOf(v, 'Cannot chunk type');
  const len = items.length;
  const count = Math.floor((len - 1) / size) + 1;
  if (!Number.isFinite(count) || count < 0) throw new GoError('runtime error: makeslice: len out of range');
  const chunks: GoValue[] = [];
  for (let i = 0; i < count; i++) {
    let clen = size;
    if (i === count - 1) {
      clen = Math.floor(len % size);
      if (clen === 0) clen = size;
    }
    if (clen < 0 || !Number.isFinite(clen)) throw new GoError('runtime error: makeslice: len out of range');
    chunks.push(items.slice(i * size, i * size + clen));
  }
  return sliceOf(chunks, '[][]interface {}');
}

function slice(v: GoValue, indices: GoValue[]): GoValue {
  const items = elements(v);
  if (items === undefined) throw new GoError(`list should be type of slice or array but ${kindName(v)}`);
  if (items.length === 0) return null;
  const start = indices.length > 0 ? Number(toInt64(indices[0])) : 0;
  const end = indices.length > 1 ? Number(toInt64(indices[1])) : items.length;
  if (start < 0 || end < start || end > items.length) throw new GoError('reflect.Value.Slice: slice index out of bounds');
  if (v instanceof Uint8Array) return v.subarray(start, end);
  return sliceOf(items.slice(start, end), typeName(v));
}

function concat(lists: GoValue[]): GoValue {
  const out: GoValue[] = [];
  for (const l of lists) {
    const items = elements(l);
    if (items === undefined) throw new GoError(`Cannot concat type ${kindName(l)} as list`);
    out.push(...items);
  }
  return out.length === 0 ? nilList() : out;
}

function uniq(items: GoValue[]): GoValue[] {
  const out: GoValue[] = [];
  for (const item of items) if (!out.some((x) => deepEqual(item, x))) out.push(item);
  return out;
}

function has(needle: GoValue, haystack: GoValue): boolean {
  if (haystack === null) return false;
  return listOf(haystack, 'Cannot find has on type').some((x) => deepEqual(needle, x));
}

function sortAlpha(v: GoValue): GoValue {
  const sorted = kindName(v) === 'slice' ? strslice(v).slice().sort(compareGoStrings) : [strval(v)];
  return sliceOf(sorted, '[]string');
}

/** Registers NAME and mustNAME with the same implementation and signature. */
function withMust(name: string, params: readonly string[], impl: (...args: GoValue[]) => GoValue, options: { variadic?: string; result?: string } = {}): GoFunction[] {
  const must = 'must' + name[0].toUpperCase() + name.slice(1);
  return [goFunc(name, params, impl, options), goFunc(must, params, impl, { ...options, returnsError: true })];
}

export const listFuncs: GoFunction[] = [
  goFunc('list', [], (...items) => items, { variadic: ANY, result: LIST }),
  goFunc('tuple', [], (...items) => items, { variadic: ANY, result: LIST }),
  ...withMust('push', [ANY, ANY], (l, v) => [...listOf(l, 'Cannot push on type'), v], { result: LIST }),
  ...withMust('append', [ANY, ANY], (l, v) => [...listOf(l, 'Cannot push on type'), v], { result: LIST }),
  ...withMust('prepend', [ANY, ANY], (l, v) => [v, ...listOf(l, 'Cannot prepend on type')], { result: LIST }),
  ...withMust('chunk', ['int', ANY], (n, l) => chunk(Number((n as GoInt).value), l), { result: '[][]interface {}' }),
  ...withMust('last', [ANY], (l) => listOf(l, 'Cannot find last on type').at(-1) ?? null),
  ...withMust('first', [ANY], (l) => listOf(l, 'Cannot find first on type')[0] ?? null),
  ...withMust('rest', [ANY], (l) => {
    const items = listOf(l, 'Cannot find rest on type');
    return items.length === 0 ? nilList() : items.slice(1);
  }, { result: LIST }),
  ...withMust('initial', [ANY], (l) => {
    const items = listOf(l, 'Cannot find initial on type');
    return items.length === 0 ? nilList() : items.slice(0, -1);
  }, { result: LIST }),
  goFunc('sortAlpha', [ANY], (l) => sortAlpha(l), { result: '[]string' }),
  ...withMust('reverse', [ANY], (l) => listOf(l, 'Cannot find reverse on type').slice().reverse(), { result: LIST }),
  ...withMust('compact', [ANY], (l) => listOf(l, 'Cannot compact on type').filter((x) => !isEmpty(x)), { result: LIST }),
  ...withMust('uniq', [ANY], (l) => uniq(listOf(l, 'Cannot find uniq on type')), { result: LIST }),
  ...withMust('without', [ANY], (l, ...omit) => listOf(l, 'Cannot find without on type').filter((x) => !omit.some((o) => deepEqual(x, o))), { variadic: ANY, result: LIST }),
  ...withMust('has', [ANY, ANY], (needle, haystack) => has(needle, haystack), { result: 'bool' }),
  ...withMust('slice', [ANY], (l, ...indices) => slice(l, indices), { variadic: ANY }),
  goFunc('concat', [], (...lists) => concat(lists), { variadic: ANY }),
];
