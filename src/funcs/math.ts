// sprig's arithmetic (functions.go, numeric.go): integer math on int64 through spf13/cast, float math
// through shopspring/decimal (exact decimal arithmetic on each float's shortest decimal form, division
// rounded to 16 places, result converted back to the nearest float64), and until/untilStep/seq.
import { GoError, goFunc, goInt, goInt64, sliceOf, type GoFunction, type GoValue } from '../gotemplate/value.js';
import { toFloat64, toInt64 } from './cast.js';

const ANY = 'interface {}';
const INT = 'int';
const INT64 = 'int64';
const FLOAT64 = 'float64';

const wrap64 = (n: bigint): bigint => BigInt.asIntN(64, n);
const int64Of = (v: GoValue): bigint => toInt64(v);
const intArg = (v: GoValue): bigint => (v as { value: bigint }).value;

function divide(a: bigint, b: bigint, op: 'div' | 'mod'): bigint {
  if (b === 0n) throw new GoError('runtime error: integer divide by zero');
  return wrap64(op === 'div' ? a / b : a % b);
}

// ---- shopspring/decimal, reduced to what sprig's float functions use ----

interface Decimal {
  coef: bigint;
  exp: number;
}

const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;
const DIVISION_PRECISION = 16;

/** decimal.NewFromFloat: the shortest decimal that reads back as the same float64. */
function decimalFromFloat(f: number): Decimal {
  if (!Number.isFinite(f)) throw new GoError(`Cannot create a Decimal from ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  const m = DECIMAL_RE.exec(String(f))!;
  const frac = m[3] ?? '';
  const coef = BigInt(m[2] + frac);
  return { coef: m[1] ? -coef : coef, exp: Number(m[4] ?? 0) - frac.length };
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * pow10(a.exp - exp), b.coef * pow10(b.exp - exp), exp];
}

type DecimalOp = (a: Decimal, b: Decimal) => Decimal;

const addDecimal: DecimalOp = (a, b) => {
  const [x, y, exp] = align(a, b);
  return { coef: x + y, exp };
};
const subDecimal: DecimalOp = (a, b) => {
  const [x, y, exp] = align(a, b);
  return { coef: x - y, exp };
};
const mulDecimal: DecimalOp = (a, b) => ({ coef: a.coef * b.coef, exp: a.exp + b.exp });

/** Decimal.Div: the quotient truncated to 16 places, then rounded half away from zero on the remainder. */
const divDecimal: DecimalOp = (a, b) => {
  if (b.coef === 0n) throw new GoError('decimal division by 0');
  // a/b * 10^16 = a.coef * 10^(a.exp - b.exp + 16) / b.coef
  const shift = a.exp - b.exp + DIVISION_PRECISION;
  const num = shift >= 0 ? a.coef * pow10(shift) : a.coef;
  const den = shift >= 0 ? b.coef : b.coef * pow10(-shift);
  let q = num / den;
  const r = num - q * den;
  const abs = (n: bigint): bigint => (n < 0n ? -n : n);
  if (2n * abs(r) >= abs(den)) q += (num < 0n) !== (den < 0n) ? -1n : 1n;
  return { coef: q, exp: -DIVISION_PRECISION };
};

/** sprig's execDecimalOp: folds the operands (each through cast.ToFloat64) and returns the nearest float64. */
function decimalFold(first: GoValue, rest: GoValue[], op: DecimalOp): number {
  let acc = decimalFromFloat(toFloat64(first));
  for (const x of rest) acc = op(acc, decimalFromFloat(toFloat64(x)));
  return Number(`${acc.coef}e${acc.exp}`);
}

// ---- sequences ----

/** sprig's untilStep: [start, stop) by step, empty when the step does not lead towards stop. */
function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const out: bigint[] = [];
  if (stop < start) {
    if (step >= 0n) return out;
    for (let i = start; i > stop; i += step) out.push(i);
    return out;
  }
  if (step <= 0n) return out;
  for (let i = start; i < stop; i += step) out.push(i);
  return out;
}

const intSlice = (ns: bigint[]): GoValue => sliceOf(ns.map(goInt), '[]int');

function seq(params: bigint[]): string {
  let values: bigint[];
  switch (params.length) {
    case 1: {
      const end = params[0];
      const inc = end < 1n ? -1n : 1n;
      values = untilStep(1n, end + inc, inc);
      break;
    }
    case 2: {
      const [start, end] = params;
      const step = end < start ? -1n : 1n;
      values = untilStep(start, end + step, step);
      break;
    }
    case 3: {
      const [start, step, end] = params;
      let inc = 1n;
      if (end < start) {
        inc = -1n;
        if (step > 0n) return '';
      }
      values = untilStep(start, end + inc, step);
      break;
    }
    default:
      return '';
  }
  return values.join(' ');
}

/** sprig's round: scale by 10^places, round up when the fraction reaches `roundOn` (default .5), scale back. */
function round(v: GoValue, places: bigint, roundOn: number): number {
  const pow = Math.pow(10, Number(places));
  const digit = pow * toFloat64(v);
  const frac = digit % 1;
  return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

const maxOf = (a: GoValue, rest: GoValue[], pick: (x: bigint, y: bigint) => boolean): GoValue => {
  let acc = int64Of(a);
  for (const b of rest) {
    const x = int64Of(b);
    if (pick(x, acc)) acc = x;
  }
  return goInt64(acc);
};

const intResult = { result: INT64 };
const floatResult = { result: FLOAT64 };

export const mathFuncs: GoFunction[] = [
  goFunc('add1', [ANY], (i) => goInt64(wrap64(int64Of(i) + 1n)), intResult),
  goFunc('add', [], (...xs) => goInt64(xs.reduce<bigint>((acc, x) => wrap64(acc + int64Of(x)), 0n)), { variadic: ANY, ...intResult }),
  goFunc('sub', [ANY, ANY], (a, b) => goInt64(wrap64(int64Of(a) - int64Of(b))), intResult),
  goFunc('div', [ANY, ANY], (a, b) => goInt64(divide(int64Of(a), int64Of(b), 'div')), intResult),
  goFunc('mod', [ANY, ANY], (a, b) => goInt64(divide(int64Of(a), int64Of(b), 'mod')), intResult),
  goFunc('mul', [ANY], (a, ...xs) => goInt64(xs.reduce<bigint>((acc, x) => wrap64(acc * int64Of(x)), int64Of(a))), { variadic: ANY, ...intResult }),
  goFunc('add1f', [ANY], (i) => decimalFold(i, [1], addDecimal), floatResult),
  goFunc('addf', [], (...xs) => decimalFold(0, xs, addDecimal), { variadic: ANY, ...floatResult }),
  goFunc('subf', [ANY], (a, ...xs) => decimalFold(a, xs, subDecimal), { variadic: ANY, ...floatResult }),
  goFunc('divf', [ANY], (a, ...xs) => decimalFold(a, xs, divDecimal), { variadic: ANY, ...floatResult }),
  goFunc('mulf', [ANY], (a, ...xs) => decimalFold(a, xs, mulDecimal), { variadic: ANY, ...floatResult }),
  goFunc('biggest', [ANY], (a, ...xs) => maxOf(a, xs, (x, acc) => x > acc), { variadic: ANY, ...intResult }),
  goFunc('max', [ANY], (a, ...xs) => maxOf(a, xs, (x, acc) => x > acc), { variadic: ANY, ...intResult }),
  goFunc('min', [ANY], (a, ...xs) => maxOf(a, xs, (x, acc) => x < acc), { variadic: ANY, ...intResult }),
  goFunc('maxf', [ANY], (a, ...xs) => xs.reduce<number>((acc, x) => Math.max(acc, toFloat64(x)), toFloat64(a)), { variadic: ANY, ...floatResult }),
  goFunc('minf', [ANY], (a, ...xs) => xs.reduce<number>((acc, x) => Math.min(acc, toFloat64(x)), toFloat64(a)), { variadic: ANY, ...floatResult }),
  goFunc('ceil', [ANY], (a) => Math.ceil(toFloat64(a)), floatResult),
  goFunc('floor', [ANY], (a) => Math.floor(toFloat64(a)), floatResult),
  goFunc('round', [ANY, INT], (a, p, ...opt) => round(a, intArg(p), opt.length > 0 ? (opt[0] as number) : 0.5), { variadic: FLOAT64, ...floatResult }),
  goFunc('until', [INT], (n) => intSlice(untilStep(0n, intArg(n), intArg(n) < 0n ? -1n : 1n)), { result: '[]int' }),
  goFunc('untilStep', [INT, INT, INT], (a, b, s) => intSlice(untilStep(intArg(a), intArg(b), intArg(s))), { result: '[]int' }),
  goFunc('seq', [], (...ps) => seq(ps.map(intArg)), { variadic: INT, result: 'string' }),
];
