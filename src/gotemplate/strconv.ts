// Go's strconv: integer, float and bool parsing with Go's syntax and error texts, plus re-exports
// of float formatting (ftoa.ts) and quoting (quote.ts) so callers can use one module.

import { quote } from './quote.js';
import { GoError } from './value.js';

export { formatFloat, type FloatFormat } from './ftoa.js';
export { canBackquote, isPrint, quote, quoteRune, quoteRuneToASCII, quoteToASCII, unquote } from './quote.js';

/**
 * A strconv.NumError: `strconv.ParseInt: parsing "x": invalid syntax`. `value` is what Go returns
 * alongside the error (the clamped value for a range error, else zero), for callers that ignore errors.
 */
export class NumError extends GoError {
  constructor(
    readonly func: string,
    readonly num: string,
    readonly reason: string,
    readonly value: bigint | number = 0,
  ) {
    super(`strconv.${func}: parsing ${quote(num)}: ${reason}`);
  }
}

const SYNTAX = 'invalid syntax';
const RANGE = 'value out of range';

/** strconv.Itoa / FormatInt in base 10. */
export function itoa(n: bigint | number): string {
  return typeof n === 'number' ? String(Math.trunc(n)) : n.toString();
}

function lower(c: number): number {
  return c | 0x20;
}

/** strconv.ParseUint. bitSize 0 means 64 (int size). */
export function parseUint(s: string, base: number, bitSize: number): bigint {
  return parseUintAs('ParseUint', s, s, base, bitSize);
}

function parseUintAs(func: string, s0: string, s: string, base: number, bitSize: number): bigint {
  if (s === '') throw new NumError(func, s0, SYNTAX);
  const base0 = base === 0;
  const digitsStart = s;
  if (base === 0) {
    base = 10;
    if (s.charCodeAt(0) === 0x30) {
      const p = s.length >= 3 ? lower(s.charCodeAt(1)) : 0;
      if (p === 0x62) {
        base = 2;
        s = s.slice(2);
      } else if (p === 0x6f) {
        base = 8;
        s = s.slice(2);
      } else if (p === 0x78) {
        base = 16;
        s = s.slice(2);
      } else {
        base = 8;
        s = s.slice(1);
      }
    }
  } else if (base < 2 || base > 36) {
    throw new NumError(func, s0, `invalid base ${base}`);
  }
  if (bitSize === 0) bitSize = 64;
  else if (bitSize < 0 || bitSize > 64) throw new NumError(func, s0, `invalid bit size ${bitSize}`);
  const maxVal = (1n << BigInt(bitSize)) - 1n;
  const bigBase = BigInt(base);
  let underscores = false;
  const maxSmall = bitSize >= 53 ? Infinity : 2 ** bitSize - 1;
  let n = 0n;
  // Accumulate in a JS number while it is exact, then in a bigint.
  let small = 0;
  let useSmall = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c === 0x5f && base0) {
      underscores = true;
      continue;
    } else if (c >= 0x30 && c <= 0x39) {
      d = c - 0x30;
    } else if (lower(c) >= 0x61 && lower(c) <= 0x7a) {
      d = lower(c) - 0x61 + 10;
    } else {
      throw new NumError(func, s0, SYNTAX);
    }
    if (d >= base) throw new NumError(func, s0, SYNTAX);
    if (useSmall) {
      const next = small * base + d;
      if (next <= Number.MAX_SAFE_INTEGER) {
        small = next;
        if (small > maxSmall) throw new NumError(func, s0, RANGE, maxVal);
        continue;
      }
      useSmall = false;
      n = BigInt(small);
    }
    n = n * bigBase + BigInt(d);
    if (n > maxVal) throw new NumError(func, s0, RANGE, maxVal);
  }
  if (useSmall) n = BigInt(small);
  if (underscores && !underscoreOK(digitsStart)) throw new NumError(func, s0, SYNTAX);
  return n;
}

/** strconv.ParseInt, including base 0 (0x, 0o, 0b prefixes, leading-0 octal, underscores). */
export function parseInt(s: string, base: number, bitSize: number): bigint {
  if (s === '') throw new NumError('ParseInt', s, SYNTAX);
  let body = s;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 0x2b || c0 === 0x2d) {
    body = s.slice(1);
    neg = c0 === 0x2d;
  }
  if (bitSize === 0) bitSize = 64;
  let un: bigint;
  try {
    un = parseUintAs('ParseInt', s, body, base, bitSize);
  } catch (err) {
    if (!(err instanceof NumError) || err.reason !== RANGE) throw err;
    un = err.value as bigint;
  }
  const cutoff = 1n << BigInt(bitSize - 1);
  if (!neg && un >= cutoff) throw new NumError('ParseInt', s, RANGE, cutoff - 1n);
  if (neg && un > cutoff) throw new NumError('ParseInt', s, RANGE, -cutoff);
  return neg ? -un : un;
}

/** strconv.Atoi (int is 64-bit). */
export function atoi(s: string): bigint {
  try {
    return parseInt(s, 10, 0);
  } catch (err) {
    if (err instanceof NumError) throw new NumError('Atoi', s, err.reason, err.value);
    throw err;
  }
}

/** Underscores may only separate digits, or follow a base prefix (Go literal syntax). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(String.fromCharCode(lower(s.charCodeAt(1))))) {
    i = 2;
    saw = '0';
    hex = lower(s.charCodeAt(1)) === 0x78;
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (hex && lower(c) >= 0x61 && lower(c) <= 0x66)) {
      saw = '0';
      continue;
    }
    if (c === 0x5f) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseBool. */
export function parseBool(s: string): boolean {
  switch (s) {
    case '1':
    case 't':
    case 'T':
    case 'true':
    case 'TRUE':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'false':
    case 'FALSE':
    case 'False':
      return false;
  }
  throw new NumError('ParseBool', s, SYNTAX);
}

/** strconv.ParseFloat: decimal and hex floats, inf/infinity/nan in any case, underscores between digits. */
export function parseFloat(s: string, bitSize: 32 | 64): number {
  const special = parseSpecial(s);
  if (special !== undefined) return special;
  const scan = scanFloat(s);
  if (!scan.ok) throw new NumError('ParseFloat', s, SYNTAX);
  let f: number;
  if (scan.hex) {
    f = hexToFloat(scan, bitSize);
  } else {
    const clean = scan.underscores ? s.replaceAll('_', '') : s;
    f = Number(clean);
    if (bitSize === 32) f = Math.fround(f);
  }
  if (!Number.isFinite(f)) throw new NumError('ParseFloat', s, RANGE, f);
  return f;
}

function parseSpecial(s: string): number | undefined {
  let sign = 1;
  let body = s;
  const c0 = s.charCodeAt(0);
  if (c0 === 0x2b || c0 === 0x2d) {
    sign = c0 === 0x2d ? -1 : 1;
    body = s.slice(1);
  }
  const low = body.toLowerCase();
  if (low === 'inf' || low === 'infinity') return sign * Infinity;
  if (body === s && low === 'nan') return NaN;
  return undefined;
}

interface FloatScan {
  ok: boolean;
  hex: boolean;
  neg: boolean;
  underscores: boolean;
  mantissa: bigint;
  exp: number;
  trunc: boolean;
}

/** Go's readFloat over the whole string: validates the syntax; for hex also collects mantissa and exponent. */
function scanFloat(s: string): FloatScan {
  const r: FloatScan = { ok: false, hex: false, neg: false, underscores: false, mantissa: 0n, exp: 0, trunc: false };
  let i = 0;
  if (i >= s.length) return r;
  if (s[i] === '+') i++;
  else if (s[i] === '-') {
    i++;
    r.neg = true;
  }
  let base = 10;
  let maxMantDigits = 19;
  let expChar = 0x65;
  if (i + 2 < s.length && s[i] === '0' && lower(s.charCodeAt(i + 1)) === 0x78) {
    base = 16;
    maxMantDigits = 16;
    i += 2;
    expChar = 0x70;
    r.hex = true;
  }
  let sawDot = false;
  let sawDigits = false;
  let nd = 0;
  let ndMant = 0;
  let dp = 0;
  let mantissa = 0n;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5f) {
      r.underscores = true;
      continue;
    }
    if (c === 0x2e) {
      if (sawDot) break;
      sawDot = true;
      dp = nd;
      continue;
    }
    let d = -1;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (base === 16 && lower(c) >= 0x61 && lower(c) <= 0x66) d = lower(c) - 0x61 + 10;
    if (d < 0) break;
    sawDigits = true;
    if (c === 0x30 && nd === 0) {
      // Leading zeros only move the decimal point.
      dp--;
      continue;
    }
    nd++;
    if (ndMant < maxMantDigits) {
      mantissa = mantissa * BigInt(base) + BigInt(d);
      ndMant++;
    } else if (d !== 0) {
      r.trunc = true;
    }
  }
  if (!sawDigits) return r;
  if (!sawDot) dp = nd;
  if (base === 16) {
    dp *= 4;
    ndMant *= 4;
  }
  if (i < s.length && lower(s.charCodeAt(i)) === expChar) {
    i++;
    if (i >= s.length) return r;
    let esign = 1;
    if (s[i] === '+') i++;
    else if (s[i] === '-') {
      i++;
      esign = -1;
    }
    if (i >= s.length || s.charCodeAt(i) < 0x30 || s.charCodeAt(i) > 0x39) return r;
    let e = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x5f) {
        r.underscores = true;
        continue;
      }
      if (c < 0x30 || c > 0x39) break;
      if (e < 10000) e = e * 10 + (c - 0x30);
    }
    dp += e * esign;
  } else if (base === 16) {
    return r;
  }
  if (i !== s.length) return r;
  if (mantissa !== 0n) r.exp = dp - ndMant;
  r.mantissa = mantissa;
  if (r.underscores && !underscoreOK(s)) return r;
  r.ok = true;
  return r;
}

/** Go's atofHex: mantissa × 2^exp rounded half to even to the float's precision. */
function hexToFloat(scan: FloatScan, bitSize: 32 | 64): number {
  const mantbits = bitSize === 32 ? 23 : 52;
  const bias = bitSize === 32 ? -127 : -1023;
  const expbits = bitSize === 32 ? 8 : 11;
  const maxExp = (1 << expbits) + bias - 2;
  const minExp = bias + 1;
  let mantissa = scan.mantissa;
  let exp = scan.exp + mantbits;
  const mb = BigInt(mantbits);
  while (mantissa !== 0n && mantissa >> (mb + 2n) === 0n) {
    mantissa <<= 1n;
    exp--;
  }
  if (scan.trunc) mantissa |= 1n;
  while (mantissa >> (1n + mb + 2n) !== 0n) {
    mantissa = (mantissa >> 1n) | (mantissa & 1n);
    exp++;
  }
  while (mantissa > 1n && exp < minExp - 2) {
    mantissa = (mantissa >> 1n) | (mantissa & 1n);
    exp++;
  }
  let round = mantissa & 3n;
  mantissa >>= 2n;
  round |= mantissa & 1n;
  exp += 2;
  if (round === 3n) {
    mantissa++;
    if (mantissa === 1n << (1n + mb)) {
      mantissa >>= 1n;
      exp++;
    }
  }
  if (mantissa >> mb === 0n) exp = bias;
  const sign = scan.neg ? -1 : 1;
  if (exp > maxExp) return sign * Infinity;
  // value = mantissa × 2^(exp − mantbits), exactly representable.
  const denormal = mantissa >> mb === 0n;
  const e2 = denormal ? minExp - mantbits : exp - mantbits;
  return sign * Number(mantissa) * 2 ** e2;
}
