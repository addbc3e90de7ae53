// Go values as the template engine, the function library and the emitters see them.
//
// Go keeps distinctions that JavaScript does not (int vs int64 vs float64, map vs struct, typed nil),
// and chart output depends on them: `eq 1 .Values.n` fails because values numbers are float64,
// `typeOf` prints Go type names, `%v` prints a float64 1000000 as 1e+06. So every value crossing the
// template boundary has exactly one of these representations:
//
//   Go                          JavaScript
//   nil (interface)             null   (undefined is never produced; treat it as nil when read)
//   bool                        boolean
//   string                      string
//   float64                     number
//   int, int64, uint8, ...      GoInt (a bigint and its Go kind)
//   float32                     GoFloat32
//   []byte                      Uint8Array
//   []T                         Array (element type []interface {} unless tagged, see sliceOf)
//   map[string]T                Map<string, GoValue> (map[string]interface {} unless tagged, see mapOf)
//   struct / named type         an instance of GoObject (fields, methods, Stringer)
//   typed nil (nil map, ...)    TypedNil
//   func                        GoFunction

export type GoValue =
  | null
  | boolean
  | string
  | number
  | GoInt
  | GoFloat32
  | Uint8Array
  | GoValue[]
  | Map<string, GoValue>
  | GoObject
  | TypedNil
  | GoFunction;

export type IntKind = 'int' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'uintptr';

const INT_BITS: Record<IntKind, { bits: number; signed: boolean }> = {
  int: { bits: 64, signed: true },
  int8: { bits: 8, signed: true },
  int16: { bits: 16, signed: true },
  int32: { bits: 32, signed: true },
  int64: { bits: 64, signed: true },
  uint: { bits: 64, signed: false },
  uint8: { bits: 8, signed: false },
  uint16: { bits: 16, signed: false },
  uint32: { bits: 32, signed: false },
  uint64: { bits: 64, signed: false },
  uintptr: { bits: 64, signed: false },
};

/** A Go integer of a given kind. The value is wrapped to the kind's width, as Go's conversions do. */
export class GoInt {
  readonly value: bigint;
  constructor(
    value: bigint,
    readonly kind: IntKind = 'int',
  ) {
    const { bits, signed } = INT_BITS[kind];
    this.value = signed ? BigInt.asIntN(bits, value) : BigInt.asUintN(bits, value);
  }
  toNumber(): number {
    return Number(this.value);
  }
  toString(): string {
    return this.value.toString();
  }
}

export function isSignedKind(kind: IntKind): boolean {
  return INT_BITS[kind].signed;
}

const SMALL_INTS: GoInt[] = Array.from({ length: 1025 }, (_, i) => new GoInt(BigInt(i - 512), 'int'));

/** A Go `int` from a JS integer or bigint (small values are shared). */
export function goInt(n: number | bigint): GoInt {
  if (typeof n === 'number') {
    if (Number.isInteger(n) && n >= -512 && n <= 512) return SMALL_INTS[n + 512];
    return new GoInt(BigInt(Math.trunc(n)), 'int');
  }
  if (n >= -512n && n <= 512n) return SMALL_INTS[Number(n) + 512];
  return new GoInt(n, 'int');
}

export function goInt64(n: number | bigint): GoInt {
  return new GoInt(typeof n === 'number' ? BigInt(Math.trunc(n)) : n, 'int64');
}

/** A Go float32: kept apart from float64 because it formats with 32-bit precision. */
export class GoFloat32 {
  readonly value: number;
  constructor(value: number) {
    this.value = Math.fround(value);
  }
}

/** A nil of a concrete type (a nil map, slice or pointer): prints and compares as Go does. */
export class TypedNil {
  constructor(readonly type: string) {}
}

/** Go types as the function signatures and the executor name them: Go's own spelling (`%T`). */
export type GoType = string;

export const ANY: GoType = 'interface {}';

/**
 * A function callable from a template (a template function or a method of a GoObject).
 * `params` are Go types; the executor converts and checks arguments against them exactly as Go's
 * reflection-based call does (`wrong type for value; expected int; got float64`).
 * `call` throws a GoError (or any Error) for a Go error or panic; the executor reports it as
 * `error calling NAME: MESSAGE`.
 */
export interface GoFunction {
  readonly name: string;
  readonly params: readonly GoType[];
  /** Element type of a trailing variadic parameter (`...T`), if any. */
  readonly variadic?: GoType;
  /** Result type, for `typeOf` of a function value and for printing; defaults to interface {}. */
  readonly result?: GoType;
  /** Whether the Go function returns (value, error). Purely informative for callers. */
  readonly returnsError?: boolean;
  call(...args: GoValue[]): GoValue;
}

/** Builds a GoFunction from a signature and an implementation. */
export function goFunc(
  name: string,
  params: readonly GoType[],
  call: (...args: GoValue[]) => GoValue,
  options: { variadic?: GoType; result?: GoType; returnsError?: boolean } = {},
): GoFunction {
  return { name, params, call, ...options };
}

/**
 * A Go struct or named type with methods (Capabilities, Files, Release, ...). Field access first
 * looks for a method of that name, then a field, as text/template does.
 */
export abstract class GoObject {
  /** `%T` of the value, e.g. `*chartutil.Capabilities`, `engine.files`. */
  abstract goType(): string;
  /** Field names in declaration order (used by `%v` and by JSON/YAML encoding). */
  fieldNames(): readonly string[] {
    return [];
  }
  /** The field's value, or undefined when there is no such field. */
  field(_name: string): GoValue | undefined {
    return undefined;
  }
  /** The method's function (receiver bound), or undefined when there is no such method. */
  method(_name: string): GoFunction | undefined {
    return undefined;
  }
  /** Implements fmt.Stringer when it returns a string. */
  goString(): string | undefined {
    return undefined;
  }
  /**
   * Whether String() has a pointer receiver. fmt then uses it only through a pointer: a copy handed
   * to a function (`quote`, `printf`) prints its fields, while text/template's own printing of an
   * addressable value (a field reached through a pointer) takes its address and calls String().
   */
  stringerOnPointerOnly(): boolean {
    return false;
  }
  /** JSON field names (`json:"..."` tags) with their values, for toJson/toYaml; defaults to fields. */
  jsonEntries(): [string, GoValue][] {
    return this.fieldNames().map((n) => [n, this.field(n) ?? null]);
  }
  /**
   * For types with their own MarshalJSON (time.Time, *semver.Version): the value the JSON/YAML
   * encoders write instead of the fields, e.g. a string; undefined for plain structs.
   */
  jsonValue(): GoValue | undefined {
    return undefined;
  }
}

/** An error from a Go function or from the executor; `message` is Go's error text. */
export class GoError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GoError';
  }
}

const SLICE_TYPE = Symbol('goSliceType');
const MAP_TYPE = Symbol('goMapType');

type Tagged = { [SLICE_TYPE]?: GoType; [MAP_TYPE]?: GoType };

/** Tags an array with its Go slice type, e.g. sliceOf(['a'], '[]string'). */
export function sliceOf<T extends GoValue[]>(items: T, type: GoType): T {
  if (type !== '[]interface {}') (items as unknown as Tagged)[SLICE_TYPE] = type;
  return items;
}

/** Tags a map with its Go map type, e.g. mapOf(m, 'map[string]string'). */
export function mapOf<T extends Map<string, GoValue>>(m: T, type: GoType): T {
  if (type !== 'map[string]interface {}') (m as unknown as Tagged)[MAP_TYPE] = type;
  return m;
}

const METHODS = Symbol('goMethods');

type WithMethods = { [METHODS]?: ReadonlyMap<string, GoFunction> };

/**
 * Gives a named map or slice type its methods (helm's `engine.files` is a map[string][]byte with
 * Get/Glob/..., `common.VersionSet` a []string with Has): the value stays a Map or an array for
 * range, len, index and printing, and field syntax (`.Files.Get`) finds the method first, as Go does.
 */
export function withMethods<T extends GoValue[] | Map<string, GoValue>>(v: T, methods: readonly GoFunction[]): T {
  (v as unknown as WithMethods)[METHODS] = new Map(methods.map((f) => [f.name, f]));
  return v;
}

/** The method of that name of a value: a GoObject's, or one attached with withMethods; else undefined. */
export function methodOf(v: GoValue | undefined, name: string): GoFunction | undefined {
  if (v instanceof GoObject) return v.method(name);
  if (v instanceof Map || Array.isArray(v)) return (v as unknown as WithMethods)[METHODS]?.get(name);
  return undefined;
}

/** `%T` of a value, as Go prints it. */
export function typeName(v: GoValue | undefined): string {
  if (v === null || v === undefined) return '<nil>';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
  }
  if (v instanceof GoInt) return v.kind;
  if (Array.isArray(v)) return (v as unknown as Tagged)[SLICE_TYPE] ?? '[]interface {}';
  if (v instanceof Map) return (v as unknown as Tagged)[MAP_TYPE] ?? 'map[string]interface {}';
  if (v instanceof Uint8Array) return '[]uint8';
  if (v instanceof GoObject) return v.goType();
  if (v instanceof TypedNil) return v.type;
  if (v instanceof GoFloat32) return 'float32';
  return funcTypeName(v);
}

function funcTypeName(f: GoFunction): string {
  const params = f.params.map(String);
  if (f.variadic) params.push('...' + f.variadic);
  const result = f.result ?? ANY;
  return `func(${params.join(', ')}) ${f.returnsError ? `(${result}, error)` : result}`;
}

/** Element type of a slice type name: `[]string` → `string`. */
export function elemType(sliceOrMapType: GoType): GoType {
  if (sliceOrMapType.startsWith('[]')) return sliceOrMapType.slice(2);
  // helm's named Values types (chartutil.Values, common.Values) are map[string]interface {}.
  if (sliceOrMapType.endsWith('.Values')) return ANY;
  const close = sliceOrMapType.indexOf(']');
  return sliceOrMapType.slice(close + 1);
}

/** reflect.Kind name of a value, as sprig's kindOf prints it. */
export function kindName(v: GoValue | undefined): string {
  if (v === null || v === undefined) return 'invalid';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
  }
  if (v instanceof GoInt) return v.kind;
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (v instanceof Map) return 'map';
  if (v instanceof GoFloat32) return 'float32';
  if (v instanceof TypedNil) return v.type.startsWith('map[') ? 'map' : v.type.startsWith('[]') ? 'slice' : v.type.startsWith('*') ? 'ptr' : 'invalid';
  if (v instanceof GoObject) return v.goType().startsWith('*') ? 'ptr' : v.goType().startsWith('map[') ? 'map' : 'struct';
  return 'func';
}

/** Go template truthiness: false, zero numbers, nil, and empty strings, slices and maps are false. */
export function isTrue(v: GoValue | undefined): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'string':
      return v.length > 0;
    case 'number':
      return v !== 0;
  }
  if (v instanceof GoInt) return v.value !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (v instanceof Uint8Array) return v.length > 0;
  if (v instanceof TypedNil) return false;
  if (v instanceof GoFloat32) return v.value !== 0;
  return true;
}

/** Whether a value is nil: untyped or typed. */
export function isNil(v: GoValue | undefined): v is null | TypedNil | undefined {
  return v === null || v === undefined || v instanceof TypedNil;
}

/** Converts plain JSON-like JavaScript data (objects, arrays, numbers as float64) to GoValues. */
export function fromJS(v: unknown): GoValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return goInt64(v);
  if (Array.isArray(v)) return v.map(fromJS);
  if (v instanceof Map || v instanceof GoInt || v instanceof GoObject || v instanceof Uint8Array || v instanceof TypedNil || v instanceof GoFloat32) return v as GoValue;
  const m = new Map<string, GoValue>();
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) m.set(k, fromJS(val));
  return m;
}

/** Converts GoValues to plain JavaScript data (maps to objects, ints to numbers), e.g. for JSON Schema. */
export function toJS(v: GoValue | undefined): unknown {
  if (v === null || v === undefined || v instanceof TypedNil) return null;
  if (typeof v !== 'object') return typeof v === 'function' ? null : v;
  if (v instanceof GoInt) return v.toNumber();
  if (v instanceof GoFloat32) return v.value;
  if (Array.isArray(v)) return v.map(toJS);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof GoObject) {
    const replacement = v.jsonValue();
    if (replacement !== undefined) return toJS(replacement);
  }
  const out: Record<string, unknown> = {};
  const entries = v instanceof Map ? v.entries() : v instanceof GoObject ? v.jsonEntries() : [];
  for (const [k, val] of entries) {
    Object.defineProperty(out, k, { value: toJS(val), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Map keys in Go's iteration order for templates and encoders: sorted by byte order. */
export function sortedKeys(m: Map<string, GoValue>): string[] {
  return [...m.keys()].sort(compareGoStrings);
}

/** Compares strings by UTF-8 byte order, as Go's `<` on strings does (JS compares UTF-16 units). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      // Surrogates (astral code points) sort after every BMP code point in UTF-8.
      const sa = ca >= 0xd800 && ca <= 0xdfff;
      const sb = cb >= 0xd800 && cb <= 0xdfff;
      if (sa !== sb) return sa ? 1 : -1;
      return ca < cb ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : 1;
}
