// The predefined functions of Go's text/template (funcs.go). Functions whose Go parameters are
// reflect.Value receive the executor's raw values, where `undefined` is Go's invalid reflect.Value
// (a missing value) and `null` a nil interface.

import { sprint, sprintf, sprintln } from './fmt.js';
import { goStringByteLength } from './gostring.js';
import { isPrint } from './quote.js';
import {
  ANY,
  GoError,
  GoFloat32,
  GoInt,
  GoObject,
  TypedNil,
  compareGoStrings,
  elemType,
  goInt,
  isSignedKind,
  isTrue,
  sliceOf,
  typeName,
  type GoFunction,
  type GoType,
  type GoValue,
} from './value.js';

/** A value as the executor holds it: `undefined` is an invalid reflect.Value. */
export type Val = GoValue | undefined;

export const REFLECT_VALUE: GoType = 'reflect.Value';

/** The zero value of a Go type (reflect.Zero), as far as the value model can express it. */
export function zeroOf(type: GoType): Val {
  switch (type) {
    case ANY:
    case 'any':
      return null;
    case REFLECT_VALUE:
      return undefined;
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'float64':
      return 0;
    case 'float32':
      return new GoFloat32(0);
  }
  if (INT_KINDS.has(type)) return new GoInt(0n, type as GoInt['kind']);
  return new TypedNil(type);
}

export const INT_KINDS: ReadonlySet<string> = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr']);

/** Whether a Go type has nil among its values (reflect's canBeNil). */
export function canBeNil(type: GoType): boolean {
  if (type === ANY || type === 'any' || type === REFLECT_VALUE) return true;
  if (type.startsWith('[]') || type.startsWith('map[') || type.startsWith('*') || type.startsWith('func') || type.startsWith('chan ')) return true;
  // Package-qualified named types reaching templates are map types such as chartutil.Values.
  return type.includes('.') && type !== 'time.Time' && type !== 'time.Duration';
}

export function isGoFunction(v: Val): v is GoFunction {
  return typeof v === 'object' && v !== null && typeof (v as GoFunction).call === 'function' && Array.isArray((v as GoFunction).params);
}

/** reflect's indirectInterface: a nil interface becomes the invalid value. */
function indirectInterface(v: Val): Val {
  return v === null ? undefined : v;
}

/** Whether a value is a nil pointer or nil interface after indirection (reflect's indirect). */
function isNilPointer(v: Val): boolean {
  return v === null || (v instanceof TypedNil && v.type.startsWith('*'));
}

function builtin(name: string, params: GoType[], call: (...args: Val[]) => Val, variadic?: GoType): GoFunction {
  return { name, params, variadic, call: call as (...args: GoValue[]) => GoValue };
}

const not = builtin('not', [REFLECT_VALUE], (arg) => !isTrue(arg));

const length = builtin('len', [REFLECT_VALUE], (item) => {
  if (isNilPointer(item)) throw new GoError('len of nil pointer');
  if (item === undefined) throw new GoError('reflect: call of reflect.Value.Type on zero Value');
  if (typeof item === 'string') return goInt(goStringByteLength(item));
  if (Array.isArray(item) || item instanceof Uint8Array) return goInt(item.length);
  if (item instanceof Map) return goInt(item.size);
  if (item instanceof TypedNil && (item.type.startsWith('[]') || item.type.startsWith('map['))) return goInt(0);
  throw new GoError(`len of type ${derefTypeName(item)}`);
});

function derefTypeName(v: Val): string {
  const t = typeName(v);
  return v instanceof GoObject && t.startsWith('*') ? t.slice(1) : t;
}

/** funcs.go indexArg: an integer index in [0, cap]. */
function indexArg(index: Val, cap: number): number {
  let x: bigint;
  if (index instanceof GoInt) x = index.value;
  else if (index === undefined) throw new GoError('cannot index slice/array with nil');
  else throw new GoError(`cannot index slice/array with type ${typeName(index)}`);
  if (x < 0n || x > BigInt(cap)) throw new GoError(`index out of range: ${x}`);
  return Number(x);
}

function mapKey(index: Val): string {
  if (index === undefined) throw new GoError('value is nil; should be of type string');
  if (typeof index !== 'string') throw new GoError(`value has type ${typeName(index)}; should be string`);
  return index;
}

const index = builtin(
  'index',
  [REFLECT_VALUE],
  (item0, ...indexes) => {
    let item = indirectInterface(item0);
    if (item === undefined) throw new GoError('index of untyped nil');
    for (const idx of indexes) {
      const i = indirectInterface(idx);
      if (isNilPointer(item)) throw new GoError('index of nil pointer');
      if (typeof item === 'string') {
        const bytes: Buffer = Buffer.from(item);
        const x = indexArg(i, bytes.length);
        if (x === bytes.length) throw new GoError('reflect: string index out of range');
        item = new GoInt(BigInt(bytes[x]), 'uint8');
      } else if (Array.isArray(item) || item instanceof Uint8Array) {
        const x = indexArg(i, item.length);
        if (x === item.length) throw new GoError('reflect: slice index out of range');
        item = item instanceof Uint8Array ? new GoInt(BigInt(item[x]), 'uint8') : item[x];
      } else if (item instanceof Map) {
        const v = item.get(mapKey(i));
        item = v === undefined ? zeroOf(elemType(typeName(item))) : v;
      } else if (item instanceof TypedNil && item.type.startsWith('map[')) {
        mapKey(i);
        item = zeroOf(elemType(item.type));
      } else if (item instanceof TypedNil && item.type.startsWith('[]')) {
        indexArg(i, 0);
        throw new GoError('reflect: slice index out of range');
      } else {
        throw new GoError(`can't index item of type ${derefTypeName(item)}`);
      }
    }
    return item;
  },
  REFLECT_VALUE,
);

const slice = builtin(
  'slice',
  [REFLECT_VALUE],
  (item0, ...indexes) => {
    const item = indirectInterface(item0);
    if (item === undefined) throw new GoError('slice of untyped nil');
    if (isNilPointer(item)) throw new GoError('slice of nil pointer');
    if (indexes.length > 3) throw new GoError(`too many slice indexes: ${indexes.length}`);
    let len: number;
    if (typeof item === 'string') {
      if (indexes.length === 3) throw new GoError('cannot 3-index slice a string');
      len = Buffer.byteLength(item);
    } else if (Array.isArray(item) || item instanceof Uint8Array) {
      len = item.length;
    } else if (item instanceof TypedNil && item.type.startsWith('[]')) {
      len = 0;
    } else {
      throw new GoError(`can't slice item of type ${derefTypeName(item)}`);
    }
    const idx = [0, len, len];
    indexes.forEach((x, i) => (idx[i] = indexArg(x, len)));
    if (idx[0] > idx[1]) throw new GoError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
    if (indexes.length === 3 && idx[1] > idx[2]) throw new GoError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
    if (typeof item === 'string') return Buffer.from(item).subarray(idx[0], idx[1]).toString();
    if (item instanceof TypedNil) return item;
    if (item instanceof Uint8Array) return item.slice(idx[0], idx[1]);
    return sliceOf(item.slice(idx[0], idx[1]), typeName(item));
  },
  REFLECT_VALUE,
);

// --- comparisons (funcs.go eq/lt and basicKind) ---

const enum Kind {
  Invalid,
  Bool,
  Int,
  Float,
  String,
  Uint,
}

function basicKind(v: Val): Kind {
  switch (typeof v) {
    case 'boolean':
      return Kind.Bool;
    case 'number':
      return Kind.Float;
    case 'string':
      return Kind.String;
  }
  if (v instanceof GoInt) return isSignedKind(v.kind) ? Kind.Int : Kind.Uint;
  if (v instanceof GoFloat32) return Kind.Float;
  return Kind.Invalid;
}

const BAD_COMPARISON_TYPE = 'invalid type for comparison';

function floatOf(v: Val): number {
  return v instanceof GoFloat32 ? v.value : (v as number);
}

function intOf(v: Val): bigint {
  return (v as GoInt).value;
}

/** reflect.Kind of a non-basic value, for canCompare. */
function reflectKind(v: Val): string {
  if (v === undefined) return 'invalid';
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (v instanceof Map) return 'map';
  if (v instanceof TypedNil) return v.type.startsWith('map[') ? 'map' : v.type.startsWith('[]') ? 'slice' : v.type.startsWith('*') ? 'ptr' : v.type;
  if (v instanceof GoObject) return v.goType().startsWith('*') ? 'ptr' : 'struct';
  return 'func';
}

function isNilValue(v: Val): boolean {
  return v === undefined || v === null || v instanceof TypedNil;
}

function equal(arg1: Val, arg2: Val[]): boolean {
  const a = indirectInterface(arg1);
  if (arg2.length === 0) throw new GoError('missing argument for comparison');
  const k1 = basicKind(a);
  for (const raw of arg2) {
    const b = indirectInterface(raw);
    const k2 = basicKind(b);
    let truth = false;
    if (k1 !== k2) {
      if (k1 === Kind.Int && k2 === Kind.Uint) truth = intOf(a) >= 0n && intOf(a) === intOf(b);
      else if (k1 === Kind.Uint && k2 === Kind.Int) truth = intOf(b) >= 0n && intOf(a) === intOf(b);
      else if (a !== undefined && b !== undefined) throw new GoError(`incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`);
    } else {
      switch (k1) {
        case Kind.Bool:
        case Kind.String:
          truth = a === b;
          break;
        case Kind.Float:
          truth = floatOf(a) === floatOf(b);
          break;
        case Kind.Int:
        case Kind.Uint:
          truth = intOf(a) === intOf(b);
          break;
        default: {
          const ka = reflectKind(a);
          const kb = reflectKind(b);
          if (ka !== kb && ka !== 'invalid' && kb !== 'invalid') {
            throw new GoError(sprintf('non-comparable types %s: %v, %s: %v', [a as GoValue, typeName(a), typeName(b), b as GoValue]));
          }
          if (isNilValue(a) || isNilValue(b)) {
            truth = isNilValue(a) === isNilValue(b);
          } else {
            if (kb === 'slice' || kb === 'map' || kb === 'func') throw new GoError(sprintf('non-comparable type %s: %v', [b as GoValue, typeName(b)]));
            truth = a === b;
          }
        }
      }
    }
    if (truth) return true;
  }
  return false;
}

function less(arg1: Val, arg2: Val): boolean {
  const a = indirectInterface(arg1);
  const k1 = basicKind(a);
  if (k1 === Kind.Invalid) throw new GoError(BAD_COMPARISON_TYPE);
  const b = indirectInterface(arg2);
  const k2 = basicKind(b);
  if (k2 === Kind.Invalid) throw new GoError(BAD_COMPARISON_TYPE);
  if (k1 !== k2) {
    if (k1 === Kind.Int && k2 === Kind.Uint) return intOf(a) < 0n || intOf(a) < intOf(b);
    if (k1 === Kind.Uint && k2 === Kind.Int) return intOf(b) >= 0n && intOf(a) < intOf(b);
    throw new GoError(`incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`);
  }
  switch (k1) {
    case Kind.Bool:
      throw new GoError(BAD_COMPARISON_TYPE);
    case Kind.Float:
      return floatOf(a) < floatOf(b);
    case Kind.String:
      return compareGoStrings(a as string, b as string) < 0;
    default:
      return intOf(a) < intOf(b);
  }
}

const eq = builtin('eq', [REFLECT_VALUE], (a, ...rest) => equal(a, rest), REFLECT_VALUE);
const ne = builtin('ne', [REFLECT_VALUE, REFLECT_VALUE], (a, b) => !equal(a, [b]));
const lt = builtin('lt', [REFLECT_VALUE, REFLECT_VALUE], (a, b) => less(a, b));
const le = builtin('le', [REFLECT_VALUE, REFLECT_VALUE], (a, b) => less(a, b) || equal(a, [b]));
const gt = builtin('gt', [REFLECT_VALUE, REFLECT_VALUE], (a, b) => !(less(a, b) || equal(a, [b])));
const ge = builtin('ge', [REFLECT_VALUE, REFLECT_VALUE], (a, b) => !less(a, b));

// --- call ---

/** The `call` builtin; the executor passes the callee's node text first. */
const call = builtin(
  'call',
  [REFLECT_VALUE],
  (name, fn0, ...args) => {
    const fn = indirectInterface(fn0);
    if (fn === undefined) throw new GoError('call of nil');
    if (!isGoFunction(fn)) throw new GoError(`non-function ${name as string} of type ${typeName(fn)}`);
    const numIn = fn.params.length;
    if (fn.variadic !== undefined) {
      if (args.length < numIn) throw new GoError(`wrong number of args for ${name as string}: got ${args.length} want at least ${numIn}`);
    } else if (args.length !== numIn) {
      throw new GoError(`wrong number of args for ${name as string}: got ${args.length} want ${numIn}`);
    }
    const argv = args.map((arg, i) => {
      try {
        return prepareArg(indirectInterface(arg), i < numIn ? fn.params[i] : fn.variadic!);
      } catch (e) {
        throw new GoError(`arg ${i}: ${(e as Error).message}`);
      }
    });
    return fn.call(...argv);
  },
  REFLECT_VALUE,
);

function prepareArg(value: Val, type: GoType): GoValue {
  if (value === undefined) {
    if (!canBeNil(type)) throw new GoError(`value is nil; should be of type ${type}`);
    return zeroOf(type) ?? null;
  }
  if (type === ANY || type === 'any' || typeName(value) === type) return value;
  if (value instanceof GoInt && INT_KINDS.has(type)) return new GoInt(value.value, type as GoInt['kind']);
  throw new GoError(`value has type ${typeName(value)}; should be ${type}`);
}

// --- escapers (html, js, urlquery) and fmt ---

/** funcs.go evalArgs: a lone string as is, otherwise the arguments printed by fmt.Sprint. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  // A nil argument prints as <no value>, as the executor prints a missing value.
  return sprint(args.map((a) => (a === null ? '<no value>' : a)));
}

const HTML_ESCAPES: Record<string, string> = { '\0': '\ufffd', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function htmlEscapeString(s: string): string {
  return s.replace(/["'&<>\0]/g, (c) => HTML_ESCAPES[c]);
}

const JS_ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' };

export function jsEscapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    const esc = JS_ESCAPES[ch];
    if (esc !== undefined) out += esc;
    else if (r < 0x20) out += '\\u00' + r.toString(16).toUpperCase().padStart(2, '0');
    else if (r < 0x80 || isPrint(r)) out += ch;
    else out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

const URL_UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

/** net/url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s)) {
    const c = String.fromCharCode(byte);
    if (URL_UNRESERVED.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const html = builtin('html', [], (...args) => htmlEscapeString(evalArgs(args as GoValue[])), ANY);
const js = builtin('js', [], (...args) => jsEscapeString(evalArgs(args as GoValue[])), ANY);
const urlquery = builtin('urlquery', [], (...args) => queryEscape(evalArgs(args as GoValue[])), ANY);
const print = builtin('print', [], (...args) => sprint(args as GoValue[]), ANY);
const printf = builtin('printf', ['string'], (format, ...args) => sprintf(format as string, args as GoValue[]), ANY);
const println = builtin('println', [], (...args) => sprintln(args as GoValue[]), ANY);

/** and/or are evaluated by the executor (they short-circuit); these entries give their signature. */
const and = builtin('and', [REFLECT_VALUE], () => undefined, REFLECT_VALUE);
const or = builtin('or', [REFLECT_VALUE], () => undefined, REFLECT_VALUE);

/** Go's builtins() map. */
export const BUILTINS: ReadonlyMap<string, GoFunction> = new Map(
  [and, call, html, index, slice, js, length, not, or, print, printf, println, urlquery, eq, ge, gt, le, lt, ne].map((f) => [f.name, f]),
);
