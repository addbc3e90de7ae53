// The conversions sprig applies to loosely typed arguments: spf13/cast v1.7 (toInt64, toInt,
// toFloat64, used by the math and conversion functions) and sprig's own `strval` / `strslice`.
// cast swallows every error and yields 0, so do these.
import { formatValue } from '../gotemplate/fmt.js';
import { goStringFromBytes } from '../gotemplate/gostring.js';
import { parseFloat as goParseFloat, parseInt as goParseInt } from '../gotemplate/strconv.js';
import { GoFloat32, GoInt, GoObject, TypedNil, typeName, type GoValue } from '../gotemplate/value.js';

const MIN_INT64 = -(1n << 63n);
const TWO_POW_63 = 2 ** 63;

/** Go's float64 → int64 conversion as amd64 performs it: truncation; NaN and overflow give MinInt64. */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f) || f >= TWO_POW_63 || f < -TWO_POW_63) return MIN_INT64;
  return BigInt(Math.trunc(f));
}

/** cast's trimZeroDecimal: "12.00" → "12" (so ParseInt accepts it), "12.5" and "10." unchanged. */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') {
      foundZero = true;
    } else {
      return s;
    }
  }
  return s;
}

/** cast.ToInt64 (cast.ToInt is the same on 64-bit Go). */
export function toInt64(v: GoValue): bigint {
  if (v === null) return 0n;
  switch (typeof v) {
    case 'number':
      return floatToInt64(v);
    case 'boolean':
      return v ? 1n : 0n;
    case 'string':
      try {
        return goParseInt(trimZeroDecimal(v), 0, 64);
      } catch {
        return 0n;
      }
  }
  if (v instanceof GoInt) return BigInt.asIntN(64, v.value);
  if (v instanceof GoFloat32) return floatToInt64(v.value);
  return 0n;
}

/** cast.ToFloat64. */
export function toFloat64(v: GoValue): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'number':
      return v;
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      try {
        return goParseFloat(v, 64);
      } catch {
        return 0;
      }
  }
  if (v instanceof GoInt) return Number(v.value);
  if (v instanceof GoFloat32) return v.value;
  return 0;
}

/** sprig's strval: strings as they are, []byte as text, error/Stringer by their method, else `%v`. */
export function strval(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return goStringFromBytes(v);
  if (v instanceof GoObject && !v.stringerOnPointerOnly()) {
    const s = v.goString();
    if (s !== undefined) return s;
  }
  return formatValue(v);
}

/** sprig's strslice: a list of strings from a []string, any other slice (nil elements dropped) or one value. */
export function strslice(v: GoValue): string[] {
  if (Array.isArray(v)) {
    if (typeName(v) === '[]string') return v as string[];
    const out: string[] = [];
    for (const item of v) if (item !== null) out.push(strval(item));
    return out;
  }
  if (v instanceof Uint8Array) return Array.from(v, (b) => String(b));
  if (v === null || (v instanceof TypedNil && v.type.startsWith('['))) return [];
  return [strval(v)];
}

/** The panic of a method call on a nil reflect.Type (`reflect.TypeOf(nil).Kind()`). */
export const NIL_DEREFERENCE = 'runtime error: invalid memory address or nil pointer dereference';
