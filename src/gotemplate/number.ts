// Numeric constants of templates as Go's parse.newNumber reads them (strconv.ParseInt/ParseUint
// with base 0, ParseFloat, UnquoteChar): every interpretation the literal allows, or Go's error.

import { GoError } from './value.js';
import { parseFloat, parseInt, parseUint, quote, unquote } from './strconv.js';

export interface NumberValue {
  isInt: boolean;
  isUint: boolean;
  isFloat: boolean;
  isComplex: boolean;
  int64: bigint;
  uint64: bigint;
  float64: number;
}

const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;

function emptyNumber(): NumberValue {
  return { isInt: false, isUint: false, isFloat: false, isComplex: false, int64: 0n, uint64: 0n, float64: 0 };
}

function attempt<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch {
    return null;
  }
}

const parseFloat64 = (text: string): number | null => attempt(() => parseFloat(text, 64));

function simplifyComplex(n: NumberValue, real: number, imag: number): void {
  n.isFloat = imag === 0;
  if (n.isFloat) {
    n.float64 = real;
    n.isInt = Number.isInteger(real) && real >= -TWO_63 && real < TWO_63;
    if (n.isInt) n.int64 = BigInt(real);
    n.isUint = Number.isInteger(real) && real >= 0 && real < TWO_64;
    if (n.isUint) n.uint64 = BigInt(real);
  }
}

/** strconv.UnquoteChar on a rune literal's body: the rune and the rest of the text. */
function unquoteChar(text: string): { rune: number; tail: string } {
  const body = text.slice(1);
  if (body[0] !== '\\') {
    const cp = body.codePointAt(0);
    if (cp === undefined || cp === 0x27) throw new GoError('invalid syntax');
    return { rune: cp, tail: body.slice(cp > 0xffff ? 2 : 1) };
  }
  const e = body[1];
  let len = 2;
  if (e === 'x') len = 4;
  else if (e === 'u') len = 6;
  else if (e === 'U') len = 10;
  else if (e >= '0' && e <= '7') len = 4;
  const escape = body.slice(0, len);
  if (e === 'x' || (e >= '0' && e <= '7')) {
    // Byte escapes are rune values here, not bytes.
    const digits = escape.slice(e === 'x' ? 2 : 1);
    const v = Number.parseInt(digits, e === 'x' ? 16 : 8);
    if (digits.length !== (e === 'x' ? 2 : 3) || !/^[0-9a-fA-F]+$/.test(digits) || Number.isNaN(v) || v > 255) throw new GoError('invalid syntax');
    return { rune: v, tail: body.slice(len) };
  }
  const s = unquote(`'${escape}'`);
  return { rune: s.codePointAt(0)!, tail: body.slice(len) };
}

/** parse.newNumber: the interpretations of a number, rune or complex token. Throws GoError. */
export function readNumber(text: string, kind: 'number' | 'char' | 'complex'): NumberValue {
  const n = emptyNumber();
  if (kind === 'char') {
    const { rune, tail } = unquoteChar(text);
    if (tail !== "'") throw new GoError(`malformed character constant: ${text}`);
    n.isInt = n.isUint = n.isFloat = true;
    n.int64 = n.uint64 = BigInt(rune);
    n.float64 = rune;
    return n;
  }
  if (kind === 'complex') {
    const split = /^([+-]?[^+-]*(?:[eEpP][+-][^+-]*)?)([+-].*)i$/.exec(text);
    const real = split ? parseFloat64(split[1]) : null;
    const imag = split ? parseFloat64(split[2]) : null;
    if (real === null || imag === null) throw new GoError('expected integer');
    n.isComplex = true;
    simplifyComplex(n, real, imag);
    return n;
  }
  if (text.endsWith('i')) {
    const f = parseFloat64(text.slice(0, -1));
    if (f !== null) {
      n.isComplex = true;
      simplifyComplex(n, 0, f);
      return n;
    }
  }
  const u = attempt(() => parseUint(text, 0, 64));
  if (u !== null) {
    n.isUint = true;
    n.uint64 = u;
  }
  const i = attempt(() => parseInt(text, 0, 64));
  if (i !== null) {
    n.isInt = true;
    n.int64 = i;
    if (i === 0n) n.isUint = true; // "-0" is unsigned too
  }
  if (n.isInt) {
    n.isFloat = true;
    n.float64 = Number(n.int64);
  } else if (n.isUint) {
    n.isFloat = true;
    n.float64 = Number(n.uint64);
  } else {
    const f = parseFloat64(text);
    if (f !== null) {
      if (!/[.eEpP]/.test(text)) throw new GoError(`integer overflow: ${quote(text)}`);
      n.isFloat = true;
      n.float64 = f;
      if (Number.isInteger(f) && f >= -TWO_63 && f < TWO_63) {
        n.isInt = true;
        n.int64 = BigInt(f);
      }
      if (Number.isInteger(f) && f >= 0 && f < TWO_64) {
        n.isUint = true;
        n.uint64 = BigInt(f);
      }
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new GoError(`illegal number syntax: ${quote(text)}`);
  return n;
}
