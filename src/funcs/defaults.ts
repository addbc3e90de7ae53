// sprig's defaults.go: `default`, `empty`, `coalesce`, `all`, `any`, `ternary`, all built on Go's
// notion of a zero value (0, "", false, nil, and empty slices and maps; structs are never empty).
import { GoFloat32, goFunc, GoInt, TypedNil, type GoFunction, type GoValue } from '../gotemplate/value.js';

const ANY = 'interface {}';

/** sprig's `empty`: whether a value is the zero value of its type (or an empty collection). */
export function isEmpty(v: GoValue): boolean {
  if (v === null || v instanceof TypedNil) return true;
  switch (typeof v) {
    case 'boolean':
      return !v;
    case 'string':
      return v.length === 0;
    case 'number':
      return v === 0;
  }
  if (v instanceof GoInt) return v.value === 0n;
  if (v instanceof GoFloat32) return v.value === 0;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  return false;
}

export const defaultFuncs: GoFunction[] = [
  goFunc('default', [ANY], (d, ...given) => (given.length === 0 || isEmpty(given[0]) ? d : given[0]), { variadic: ANY }),
  goFunc('empty', [ANY], (v) => isEmpty(v), { result: 'bool' }),
  goFunc('coalesce', [], (...vs) => vs.find((v) => !isEmpty(v)) ?? null, { variadic: ANY }),
  goFunc('all', [], (...vs) => vs.every((v) => !isEmpty(v)), { variadic: ANY, result: 'bool' }),
  goFunc('any', [], (...vs) => vs.some((v) => !isEmpty(v)), { variadic: ANY, result: 'bool' }),
  goFunc('ternary', [ANY, ANY, 'bool'], (vt, vf, cond) => (cond ? vt : vf)),
];
