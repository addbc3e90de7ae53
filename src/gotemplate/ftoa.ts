// strconv.FormatFloat: Go's float → text conversion, exact to the byte.
//
// Digits come from two sources. Shortest (round-trip) digits of a float64 are what JavaScript's
// own number → string conversion produces (both pick the shortest digit string that reads back
// to the same float, nearest to the exact value). Every fixed precision is computed from the exact
// decimal expansion of the binary value and rounded half to even, as Go does; JavaScript's
// toFixed/toPrecision round exact ties away from zero and stop at 100 digits, so they are not used.

export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G' | 'b' | 'x' | 'X';

/** A decimal number 0.d × 10^dp; `d` has no leading or trailing zeros ("" is zero). */
export interface Decimal {
  d: string;
  dp: number;
}

const float64View = new Float64Array(1);
const wordView = new Uint32Array(float64View.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;

interface FloatInfo {
  mantbits: number;
  expbits: number;
  bias: number;
}

const FLOAT64: FloatInfo = { mantbits: 52, expbits: 11, bias: -1023 };
const FLOAT32: FloatInfo = { mantbits: 23, expbits: 8, bias: -127 };

/** The IEEE fields of a float, with the implicit leading bit added to `mant` and `exp` unbiased. */
interface Unpacked {
  neg: boolean;
  mant: number; // < 2^53, exact as a JS number
  exp: number; // value = mant × 2^(exp − mantbits)
  special: 'NaN' | 'Inf' | undefined;
  denorm: boolean;
}

function unpack(value: number, info: FloatInfo): Unpacked {
  float64View[0] = value;
  const hi = wordView[HI];
  const lo = wordView[LO];
  const neg = hi >>> 31 === 1;
  let mant: number;
  let biased: number;
  if (info === FLOAT64) {
    biased = (hi >>> 20) & 0x7ff;
    mant = (hi & 0xfffff) * 2 ** 32 + lo;
  } else {
    // The value is already a float32 (Math.fround); re-derive its float32 fields from the float64 ones.
    const exp64 = ((hi >>> 20) & 0x7ff) - 1023;
    const mant64 = (hi & 0xfffff) * 2 ** 32 + lo;
    if (((hi >>> 20) & 0x7ff) === 0x7ff) {
      biased = 0xff;
      mant = mant64 === 0 ? 0 : 1;
    } else if (value === 0) {
      biased = 0;
      mant = 0;
    } else if (exp64 >= -126) {
      biased = exp64 + 127;
      mant = mant64 / 2 ** 29;
    } else {
      biased = 0;
      mant = (mant64 + 2 ** 52) / 2 ** (29 + (-126 - exp64));
    }
  }
  const maxExp = 2 ** info.expbits - 1;
  if (biased === maxExp) return { neg, mant, exp: 0, special: mant !== 0 ? 'NaN' : 'Inf', denorm: false };
  let exp = biased;
  let denorm = false;
  if (biased === 0) {
    exp++;
    denorm = true;
  } else {
    mant += 2 ** info.mantbits;
  }
  return { neg, mant, exp: exp + info.bias, special: undefined, denorm };
}

const POW5: bigint[] = [1n];
function pow5(k: number): bigint {
  for (let i = POW5.length; i <= k; i++) POW5.push(POW5[i - 1] * 5n);
  return POW5[k];
}

/** The exact decimal value of mant × 2^exp2 (mant a non-negative safe integer). */
export function exactDecimal(mant: number, exp2: number): Decimal {
  if (mant === 0) return { d: '', dp: 0 };
  while (mant % 2 === 0) {
    mant /= 2;
    exp2++;
  }
  let digits: string;
  let fracDigits = 0;
  if (exp2 >= 0) {
    const whole = mant * 2 ** exp2;
    digits = whole <= Number.MAX_SAFE_INTEGER ? String(whole) : (BigInt(mant) << BigInt(exp2)).toString();
  } else {
    // m / 2^k = m × 5^k / 10^k
    fracDigits = -exp2;
    digits = (BigInt(mant) * pow5(fracDigits)).toString();
  }
  return trimZeros(digits, digits.length - fracDigits);
}

function trimZeros(digits: string, dp: number): Decimal {
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 48) end--;
  return { d: end === digits.length ? digits : digits.slice(0, end), dp: end === 0 ? 0 : dp };
}

/** Rounds to nd digits, half to even at an exact midpoint (Go's decimal.Round on exact digits). */
function roundDecimal(x: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= x.d.length) return x;
  const c = x.d.charCodeAt(nd);
  let up: boolean;
  if (c === 53 && nd + 1 === x.d.length) {
    up = nd > 0 && (x.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  } else {
    up = c >= 53;
  }
  if (!up) return trimZeros(x.d.slice(0, nd), x.dp);
  let i = nd - 1;
  while (i >= 0 && x.d.charCodeAt(i) === 57) i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  return { d: x.d.slice(0, i) + String.fromCharCode(x.d.charCodeAt(i) + 1), dp: x.dp };
}

/** Shortest digits of a float64 that read back to it (JavaScript's own shortest conversion). */
function shortest64(abs: number): Decimal {
  const s = abs.toExponential();
  const e = s.indexOf('e');
  const digits = s.charCodeAt(1) === 46 ? s[0] + s.slice(2, e) : s.slice(0, e);
  return { d: digits, dp: Number(s.slice(e + 1)) + 1 };
}

/**
 * Shortest digits inside the rounding interval of a float (Go's roundShortest), computed on exact
 * decimal expansions of the value and of the interval's bounds. Used for float32.
 */
function shortestByInterval(u: Unpacked, info: FloatInfo): Decimal {
  const d = exactDecimal(u.mant, u.exp - info.mantbits);
  const minexp = info.bias + 1;
  const upper = exactDecimal(u.mant * 2 + 1, u.exp - info.mantbits - 1);
  let mantlo: number;
  let explo: number;
  if (u.mant > 2 ** info.mantbits || u.exp === minexp) {
    mantlo = u.mant - 1;
    explo = u.exp;
  } else {
    mantlo = u.mant * 2 - 1;
    explo = u.exp - 1;
  }
  const lower = exactDecimal(mantlo * 2 + 1, explo - info.mantbits - 1);
  const inclusive = u.mant % 2 === 0;
  // Align the three expansions on upper's decimal point and walk digits until one of the bounds differs.
  let upperDelta = 0;
  for (let ui = 0; ; ui++) {
    const mi = ui - upper.dp + d.dp;
    if (mi >= d.d.length) return d;
    const li = ui - upper.dp + lower.dp;
    const l = li >= 0 && li < lower.d.length ? lower.d.charCodeAt(li) : 48;
    const m = mi >= 0 ? d.d.charCodeAt(mi) : 48;
    const up = ui < upper.d.length ? upper.d.charCodeAt(ui) : 48;
    const okDown = l !== m || (inclusive && li + 1 === lower.d.length);
    if (upperDelta === 0 && m + 1 < up) upperDelta = 2;
    else if (upperDelta === 0 && m !== up) upperDelta = 1;
    else if (upperDelta === 1 && (m !== 57 || up !== 48)) upperDelta = 2;
    const okUp = upperDelta > 0 && (inclusive || upperDelta > 1 || ui + 1 < upper.d.length);
    if (okDown && okUp) return roundDecimal(d, mi + 1);
    if (okDown) return trimZeros(d.d.slice(0, Math.max(mi + 1, 0)), d.dp);
    if (okUp) return roundUpAt(d, mi + 1);
  }
}

function roundUpAt(x: Decimal, nd: number): Decimal {
  let i = nd - 1;
  while (i >= 0 && x.d.charCodeAt(i) === 57) i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  return { d: x.d.slice(0, i) + String.fromCharCode(x.d.charCodeAt(i) + 1), dp: x.dp };
}

/** strconv.FormatFloat(f, fmt, prec, bitSize). prec -1 means the shortest round-trip digits. */
export function formatFloat(f: number, fmt: FloatFormat, prec: number, bitSize: 32 | 64): string {
  if (fmt === 'g' && prec < 0 && bitSize === 64) return formatShortestG64(f);
  const info = bitSize === 32 ? FLOAT32 : FLOAT64;
  if (bitSize === 32) f = Math.fround(f);
  const u = unpack(f, info);
  if (u.special === 'NaN') return 'NaN';
  if (u.special === 'Inf') return u.neg ? '-Inf' : '+Inf';
  if (fmt === 'b') return formatBinary(u, info);
  if (fmt === 'x' || fmt === 'X') return formatHex(u, info, fmt, prec);
  const sign = u.neg ? '-' : '';
  const abs = Math.abs(f);
  const shortest = prec < 0;
  let digs: Decimal;
  if (u.mant === 0) {
    digs = { d: '', dp: 0 };
  } else if (shortest) {
    digs = bitSize === 64 ? shortest64(abs) : shortestByInterval(u, info);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(digs.d.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(digs.d.length - digs.dp, 0);
    else prec = digs.d.length;
  } else if (fmt === 'f') {
    // toFixed rounds correctly except at an exact tie, which needs exactly prec+1 fraction digits.
    if (prec <= 100 && abs < 1e21 && fractionDigits(u.mant, u.exp - info.mantbits) !== prec + 1) return sign + abs.toFixed(prec);
    const exact = exactDecimal(u.mant, u.exp - info.mantbits);
    digs = roundDecimal(exact, exact.dp + prec);
  } else {
    if ((fmt === 'g' || fmt === 'G') && prec === 0) prec = 1;
    const nd = fmt === 'e' || fmt === 'E' ? prec + 1 : prec;
    digs = significantDigits(abs, u.mant, u.exp - info.mantbits, nd) ?? roundDecimal(exactDecimal(u.mant, u.exp - info.mantbits), nd);
  }
  return sign + formatDigits(shortest, digs, prec, fmt);
}

/** %v and %g of a float64: shortest digits, with an exponent below 1e-4 and from 1e+06 on. */
export function formatShortestG64(x: number): string {
  const ax = Math.abs(x);
  // In this range Go prints the shortest digits without exponent, exactly as JavaScript does.
  if (ax >= 1e-4 && ax < 1e6) return String(x);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (x !== x) return 'NaN';
  if (ax === Infinity) return x > 0 ? '+Inf' : '-Inf';
  const s = x.toExponential();
  const e = s.indexOf('e');
  // JavaScript writes e+6 and e-7; Go writes at least two exponent digits.
  return s.length - e === 3 ? s.slice(0, e + 2) + '0' + s.slice(e + 2) : s;
}

/** How many decimal fraction digits the exact value of mant × 2^exp2 has (m / 2^k has exactly k). */
function fractionDigits(mant: number, exp2: number): number {
  while (mant % 2 === 0) {
    mant /= 2;
    exp2++;
  }
  return exp2 < 0 ? -exp2 : 0;
}

/**
 * abs rounded to nd significant digits by JavaScript's toExponential, which is correct except at an
 * exact tie (then Go rounds half to even): undefined whenever a tie is possible.
 */
function significantDigits(abs: number, mant: number, exp2: number, nd: number): Decimal | undefined {
  if (nd > 101) return undefined;
  const k = fractionDigits(mant, exp2);
  if (k === 0) {
    // An integer: below 2^53 its exact digits are cheap; a tie needs exactly nd+1 significant ones.
    if (abs > Number.MAX_SAFE_INTEGER) return undefined;
    const digits = String(abs);
    let end = digits.length;
    while (digits.charCodeAt(end - 1) === 48) end--;
    if (end === nd + 1 && digits.charCodeAt(end - 1) === 53) return undefined;
  } else {
    // The exact expansion has E+1+k significant digits (E the decimal exponent); stay clear of nd+1.
    const e = Math.floor(Math.log10(abs));
    if (Math.abs(e + 1 + k - (nd + 1)) <= 1) return undefined;
  }
  const s = abs.toExponential(nd - 1);
  const ePos = s.indexOf('e');
  const digits = nd === 1 ? s[0] : s[0] + s.slice(2, ePos);
  return trimZeros(digits, Number(s.slice(ePos + 1)) + 1);
}

function formatDigits(shortest: boolean, digs: Decimal, prec: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G'): string {
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(digs, prec, fmt);
    case 'f':
      return fmtF(digs, prec);
    default: {
      const nd = digs.d.length;
      let eprec = prec;
      if (eprec > nd && nd >= digs.dp) eprec = nd;
      // Shortest %g switches to an exponent from 1e+06 on, whatever the digit count.
      if (shortest) eprec = 6;
      const exp = digs.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd;
        return fmtE(digs, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > digs.dp) prec = nd;
      return fmtF(digs, Math.max(prec - digs.dp, 0));
    }
  }
}

function fmtE(digs: Decimal, prec: number, letter: 'e' | 'E'): string {
  const nd = digs.d.length;
  let s = nd === 0 ? '0' : digs.d[0];
  if (prec > 0) {
    s += '.';
    const m = Math.min(nd, prec + 1);
    if (m > 1) s += digs.d.slice(1, m);
    if (prec + 1 > Math.max(m, 1)) s += '0'.repeat(prec + 1 - Math.max(m, 1));
  }
  let exp = nd === 0 ? 0 : digs.dp - 1;
  let expSign = '+';
  if (exp < 0) {
    expSign = '-';
    exp = -exp;
  }
  return s + letter + expSign + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(digs: Decimal, prec: number): string {
  const nd = digs.d.length;
  let s: string;
  if (digs.dp > 0) {
    s = nd >= digs.dp ? digs.d.slice(0, digs.dp) : digs.d + '0'.repeat(digs.dp - nd);
  } else {
    s = '0';
  }
  if (prec > 0) {
    s += '.';
    // Digits at positions dp .. dp+prec-1 of d, zeros outside.
    const start = digs.dp;
    const lead = Math.min(Math.max(-start, 0), prec);
    if (lead > 0) s += '0'.repeat(lead);
    const from = Math.max(start, 0);
    const to = Math.min(nd, start + prec);
    if (to > from) s += digs.d.slice(from, to);
    const written = lead + Math.max(to - from, 0);
    if (prec > written) s += '0'.repeat(prec - written);
  }
  return s;
}

function formatBinary(u: Unpacked, info: FloatInfo): string {
  const exp = u.exp - info.mantbits;
  return (u.neg ? '-' : '') + String(u.mant) + 'p' + (exp >= 0 ? '+' : '') + String(exp);
}

/** %x of a float: 0x1.fffp+10, the mantissa rounded half to even to prec hex digits. */
function formatHex(u: Unpacked, info: FloatInfo, fmt: 'x' | 'X', prec: number): string {
  let mant = BigInt(u.mant);
  let exp = u.mant === 0 ? 0 : u.exp;
  const one60 = 1n << 60n;
  const mask60 = one60 - 1n;
  mant <<= BigInt(60 - info.mantbits);
  while (mant !== 0n && (mant & one60) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & mask60;
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const hex = fmt === 'X' ? '0123456789ABCDEF' : '0123456789abcdef';
  let s = (u.neg ? '-' : '') + '0' + fmt + ((mant >> 60n) & 1n).toString();
  mant = (mant << 4n) & ((1n << 64n) - 1n);
  if (prec < 0 && mant !== 0n) {
    s += '.';
    while (mant !== 0n) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & ((1n << 64n) - 1n);
    }
  } else if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) {
      s += hex[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & ((1n << 64n) - 1n);
    }
  }
  s += fmt === 'x' ? 'p' : 'P';
  if (exp < 0) {
    s += '-';
    exp = -exp;
  } else {
    s += '+';
  }
  return s + (exp < 10 ? '0' + exp : String(exp));
}
