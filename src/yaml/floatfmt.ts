// Go's shortest float formatting (strconv.FormatFloat with precision -1) in the forms the
// serializers need: 'g' for yaml.v2/yaml.v3/TOML and map keys, encoding/json's 'f'/'e' choice.

/** Shortest round-trip decimal digits of |x| (no leading/trailing zeros) and the decimal point position. */
interface Decimal {
  digits: string;
  /** Position of the decimal point relative to the digits: value = 0.digits × 10^point. */
  point: number;
}

function shortestDecimal(abs: number, bits: 32 | 64): Decimal {
  let text: string;
  if (bits === 64) {
    text = abs.toExponential();
  } else {
    // Fewest significant digits that read back as the same float32.
    const target = Math.fround(abs);
    text = target.toExponential(8);
    for (let p = 1; p <= 9; p++) {
      const candidate = target.toExponential(p - 1);
      if (Math.fround(Number(candidate)) === target) {
        text = candidate;
        break;
      }
    }
  }
  const e = text.indexOf('e');
  const digits = text.slice(0, e).replace('.', '').replace(/0+$/, '') || '0';
  return { digits, point: Number(text.slice(e + 1)) + 1 };
}

function special(x: number): string | undefined {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  return undefined;
}

function sign(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

function formatE(d: Decimal, neg: string): string {
  const exp = d.digits === '0' ? 0 : d.point - 1;
  const mant = d.digits.length > 1 ? d.digits[0] + '.' + d.digits.slice(1) : d.digits;
  const a = Math.abs(exp);
  return `${neg}${mant}e${exp < 0 ? '-' : '+'}${a < 10 ? '0' + a : a}`;
}

function formatF(d: Decimal, neg: string): string {
  if (d.digits === '0') return neg + '0';
  if (d.point <= 0) return `${neg}0.${'0'.repeat(-d.point)}${d.digits}`;
  if (d.point >= d.digits.length) return neg + d.digits + '0'.repeat(d.point - d.digits.length);
  return `${neg}${d.digits.slice(0, d.point)}.${d.digits.slice(d.point)}`;
}

/** strconv.FormatFloat(x, 'g', -1, bits). */
export function formatFloatG(x: number, bits: 32 | 64 = 64): string {
  const s = special(x);
  if (s) return s;
  const d = shortestDecimal(Math.abs(x), bits);
  const exp = d.point - 1;
  if (d.digits !== '0' && (exp < -4 || exp >= 6)) return formatE(d, sign(x));
  return formatF(d, sign(x));
}

/** strconv.FormatFloat(x, 'f', -1, bits). */
export function formatFloatF(x: number, bits: 32 | 64 = 64): string {
  const s = special(x);
  if (s) return s;
  return formatF(shortestDecimal(Math.abs(x), bits), sign(x));
}

/** encoding/json's float text (the caller rejects NaN and infinities first). */
export function formatJsonFloat(x: number, bits: 32 | 64 = 64): string {
  const abs = Math.abs(x);
  const v = bits === 32 ? Math.fround(abs) : abs;
  const useExp = v !== 0 && (v < 1e-6 || v >= 1e21);
  if (!useExp) return formatF(shortestDecimal(abs, bits), sign(x));
  // Go writes two-digit exponents; JSON's encoder drops the padding zero of negative ones.
  return formatE(shortestDecimal(abs, bits), sign(x)).replace(/e-0(\d)$/, 'e-$1');
}
