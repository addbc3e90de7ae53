// How yaml.v2 (go.yaml.in/yaml/v2 v2.4.3, used by sigs.k8s.io/yaml v1.6.0) resolves a plain
// scalar: YAML 1.1 booleans and nulls, Go's base-0 integers (0x, 0o, 0b, leading-0 octal) with
// underscores removed, floats, and timestamps (which, decoded into interface{}, stay strings).

export type Resolved =
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null'; value: null }
  | { kind: 'int'; value: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'merge'; value: string }
  // Decoded into interface{}, a timestamp stays the string it was written as.
  | { kind: 'timestamp'; value: string };

const NULL: Resolved = { kind: 'null', value: null };
const TRUE: Resolved = { kind: 'bool', value: true };
const FALSE: Resolved = { kind: 'bool', value: false };
const MERGE: Resolved = { kind: 'merge', value: '<<' };

const RESOLVE_MAP = new Map<string, Resolved>();
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) RESOLVE_MAP.set(s, TRUE);
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) RESOLVE_MAP.set(s, FALSE);
for (const s of ['', '~', 'null', 'Null', 'NULL']) RESOLVE_MAP.set(s, NULL);
for (const s of ['.nan', '.NaN', '.NAN']) RESOLVE_MAP.set(s, { kind: 'float', value: NaN });
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) RESOLVE_MAP.set(s, { kind: 'float', value: Infinity });
for (const s of ['-.inf', '-.Inf', '-.INF']) RESOLVE_MAP.set(s, { kind: 'float', value: -Infinity });
RESOLVE_MAP.set('<<', MERGE);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// strconv.ParseFloat's decimal syntax (no hex floats, no inf/nan: those cannot start with '.').
const GO_DECIMAL_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+\.?[0-9]*)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

/** First-character classes of resolve's lookup table. */
function hint(c: string): 'S' | 'D' | 'M' | '.' | undefined {
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return undefined;
}

/** strconv.ParseInt/ParseUint with base 0 digits (sign already removed); undefined when invalid. */
function parseBase0(digits: string): bigint | undefined {
  let base = 10;
  let body = digits;
  if (digits.length > 1 && digits[0] === '0') {
    const p = digits[1];
    const prefixed = p === 'x' || p === 'X' ? 16 : p === 'o' || p === 'O' ? 8 : p === 'b' || p === 'B' ? 2 : 0;
    base = prefixed || 8;
    body = digits.slice(prefixed ? 2 : 1);
  }
  if (body === '') return undefined;
  const valid = base === 16 ? /^[0-9a-fA-F]+$/ : base === 10 ? /^[0-9]+$/ : base === 8 ? /^[0-7]+$/ : /^[01]+$/;
  if (!valid.test(body)) return undefined;
  if (base === 10) return BigInt(body);
  return BigInt((base === 16 ? '0x' : base === 8 ? '0o' : '0b') + body);
}

/** ParseFloat of Go for the texts resolve gives it; undefined on syntax error or overflow. */
function parseGoFloat(s: string): number | undefined {
  if (!GO_DECIMAL_FLOAT.test(s)) return undefined;
  const f = Number(s);
  return Number.isFinite(f) ? f : undefined;
}

// The layouts yaml.v2 tries with time.Parse: date-time with 'T'/'t' and a zone, date-time with a
// space and no zone, date only; fields may have one or two digits, values must be in range.
const TIMESTAMP = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2}))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?))?$/;

function isTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysIn = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day > daysIn) return false;
  const hour = Number(m[4] ?? m[7] ?? 0);
  const minute = Number(m[5] ?? m[8] ?? 0);
  const second = Number(m[6] ?? m[9] ?? 0);
  return hour < 24 && minute < 60 && second < 60;
}

/** Resolves an untagged plain scalar as yaml.v2 does. */
export function resolvePlain(s: string): Resolved {
  const h = s === '' ? 'N' : hint(s[0]);
  if (h === undefined) return { kind: 'str', value: s };
  const known = RESOLVE_MAP.get(s);
  if (known) return known;
  if (h === '.') {
    const f = parseGoFloat(s);
    return f === undefined ? { kind: 'str', value: s } : { kind: 'float', value: f };
  }
  if (h === 'D' || h === 'S') {
    if (isTimestamp(s)) return { kind: 'timestamp', value: s };
    const plain = s.includes('_') ? s.replaceAll('_', '') : s;
    const neg = plain[0] === '-';
    const unsigned = plain[0] === '-' || plain[0] === '+' ? plain.slice(1) : plain;
    const n = parseBase0(unsigned);
    if (n !== undefined) {
      const v = neg ? -n : n;
      if (v >= INT64_MIN && v <= INT64_MAX) return { kind: 'int', value: v };
      if (!neg && plain[0] !== '+' && v <= UINT64_MAX) return { kind: 'int', value: v };
    }
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = parseGoFloat(plain);
      if (f !== undefined) return { kind: 'float', value: f };
    }
    if (plain.startsWith('-0b')) {
      const b = parseBase0('0b' + plain.slice(3));
      if (b !== undefined) return { kind: 'int', value: BigInt.asIntN(64, -b) };
    }
  }
  return { kind: 'str', value: s };
}

/** Whether yaml.v2's encoder may write the string plain: it must read back as a string. */
export function resolvesToString(s: string): boolean {
  return resolvePlain(s).kind === 'str' && !isBase60Float(s);
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

export function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0];
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}
