// sprig's numeric conversions: atoi (strconv.Atoi, errors give 0), int/int64/float64 (spf13/cast),
// toDecimal (the octal reading of the value's `%v` text).
import { formatValue } from '../gotemplate/fmt.js';
import { atoi as goAtoi, NumError, parseInt as goParseInt } from '../gotemplate/strconv.js';
import { goFunc, goInt, goInt64, type GoFunction, type GoValue } from '../gotemplate/value.js';
import { toFloat64, toInt64 } from './cast.js';

const ANY = 'interface {}';
/** strconv.Atoi with the error dropped, keeping what Go returns with it: 0, or the clamped value. */
export function atoi(s: string): bigint {
  try {
    return goAtoi(s);
  } catch (e) {
    if (e instanceof NumError) return BigInt(e.value);
    throw e;
  }
}

function toDecimal(v: GoValue): bigint {
  try {
    return goParseInt(formatValue(v), 8, 64);
  } catch {
    return 0n;
  }
}

export const conversionFuncs: GoFunction[] = [
  goFunc('atoi', ['string'], (s) => goInt(atoi(s as string)), { result: 'int' }),
  goFunc('int64', [ANY], (v) => goInt64(toInt64(v)), { result: 'int64' }),
  goFunc('int', [ANY], (v) => goInt(toInt64(v)), { result: 'int' }),
  goFunc('float64', [ANY], (v) => toFloat64(v), { result: 'float64' }),
  goFunc('toDecimal', [ANY], (v) => goInt64(toDecimal(v)), { result: 'int64' }),
];
