// sprig's reflection functions (reflect.go) and reflect.DeepEqual, which `has`, `uniq` and
// `without` use too: values of different Go types are never equal (int 1 vs float64 1).
import { GoFloat32, goFunc, GoInt, GoObject, kindName, TypedNil, typeName, type GoFunction, type GoValue } from '../gotemplate/value.js';

const ANY = 'interface {}';
const STR = 'string';

/** reflect.DeepEqual of two interface values. */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (a === null || b === null) return a === b;
  // The same slice or map is equal to itself even when it holds NaN, as Go compares pointers first.
  if (a === b) return typeof a === 'number' ? !Number.isNaN(a) : kindName(a) !== 'func';
  if (typeName(a) !== typeName(b)) return false;
  return sameTypeEqual(a, b);
}

function sameTypeEqual(a: GoValue, b: GoValue): boolean {
  if (a instanceof TypedNil || b instanceof TypedNil) return a instanceof TypedNil && b instanceof TypedNil;
  if (typeof a !== 'object' || a === null) return a === b;
  if (a instanceof GoInt) return a.value === (b as GoInt).value;
  if (a instanceof GoFloat32) return a.value === (b as GoFloat32).value;
  if (Array.isArray(a)) {
    const bb = b as GoValue[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  if (a instanceof Uint8Array) {
    const bb = b as Uint8Array;
    return a.length === bb.length && a.every((x, i) => x === bb[i]);
  }
  if (a instanceof Map) {
    const bb = b as Map<string, GoValue>;
    if (a.size !== bb.size) return false;
    for (const [k, v] of a) {
      if (!bb.has(k) || !deepEqual(v, bb.get(k)!)) return false;
    }
    return true;
  }
  if (a instanceof GoObject) {
    const bb = b as GoObject;
    return a.fieldNames().every((f) => deepEqual(a.field(f) ?? null, bb.field(f) ?? null));
  }
  // Functions are deeply equal only when both are nil.
  return false;
}

const typeOf = (v: GoValue): string => typeName(v);

export const reflectionFuncs: GoFunction[] = [
  goFunc('typeOf', [ANY], (v) => typeOf(v), { result: STR }),
  goFunc('typeIs', [STR, ANY], (t, v) => t === typeOf(v), { result: 'bool' }),
  goFunc('typeIsLike', [STR, ANY], (t, v) => t === typeOf(v) || '*' + (t as string) === typeOf(v), { result: 'bool' }),
  goFunc('kindOf', [ANY], (v) => kindName(v), { result: STR }),
  goFunc('kindIs', [STR, ANY], (k, v) => k === kindName(v), { result: 'bool' }),
  goFunc('deepEqual', [ANY, ANY], (a, b) => deepEqual(a, b), { result: 'bool' }),
];
