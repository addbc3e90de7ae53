// Go's time.Time and time.Duration as templates see them: layout-based Format and Parse (the
// reference time Mon Jan 2 15:04:05 MST 2006), Time.String with its monotonic suffix,
// ParseDuration and Duration.String.
import { GoError, GoInt, GoObject, goFunc, goInt, type GoFunction, type GoValue } from '../gotemplate/value.js';
import { localLocation, UTC, type Location } from './timezone.js';

const NS_PER_SEC = 1_000_000_000n;
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

// The monotonic clock reading Go's time.Now carries is measured from process start: the monotonic
// clock's value then, found at first use from the time elapsed since (not at load: a startup
// snapshot is built in another process).
let processStart: bigint | undefined;

interface Civil {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
  yday: number; // 1-366
}

function civil(localSec: number): Civil {
  const d = new Date(localSec * 1000);
  const year = d.getUTCFullYear();
  return {
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
    yday: Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(year, 0, 1)) / 86_400_000) + 1,
  };
}

/** A Go named integer type printed by name (time.Month, time.Weekday). */
class NamedInt extends GoObject {
  constructor(
    private readonly type: string,
    readonly value: number,
    private readonly label: string,
  ) {
    super();
  }
  goType(): string {
    return this.type;
  }
  override goString(): string {
    return this.label;
  }
}

export class GoDuration extends GoObject {
  constructor(readonly ns: bigint) {
    super();
  }
  goType(): string {
    return 'time.Duration';
  }
  override goString(): string {
    return durationString(this.ns);
  }
  override jsonValue(): GoValue {
    return new GoInt(this.ns, 'int64');
  }
}

export class GoTime extends GoObject {
  private methods?: Map<string, GoFunction>;

  constructor(
    /** Whole seconds since the Unix epoch. */
    readonly sec: number,
    /** Nanoseconds within the second, 0-999999999. */
    readonly nsec: number,
    readonly loc: Location,
    /** Monotonic clock reading (ns since process start), as time.Now records. */
    readonly mono?: bigint,
  ) {
    super();
  }

  static now(): GoTime {
    const ms = Date.now();
    const now = process.hrtime.bigint();
    processStart ??= now - BigInt(Math.round(performance.now() * 1e6));
    const mono = now - processStart;
    return new GoTime(Math.floor(ms / 1000), (ms % 1000) * 1_000_000 + Number(mono % 1_000_000n), localLocation(), mono);
  }

  static unix(sec: number, nsec = 0): GoTime {
    return new GoTime(sec + Math.floor(nsec / 1e9), ((nsec % 1e9) + 1e9) % 1e9, localLocation());
  }

  goType(): string {
    return 'time.Time';
  }

  unixNano(): bigint {
    return BigInt(this.sec) * NS_PER_SEC + BigInt(this.nsec);
  }

  isZero(): boolean {
    return this.sec === ZERO_TIME_SEC && this.nsec === 0;
  }

  in(loc: Location): GoTime {
    return new GoTime(this.sec, this.nsec, loc);
  }

  add(ns: bigint): GoTime {
    const total = this.unixNano() + ns;
    const sec = total / NS_PER_SEC - (total % NS_PER_SEC < 0n ? 1n : 0n);
    return new GoTime(Number(sec), Number(total - sec * NS_PER_SEC), this.loc, this.mono === undefined ? undefined : this.mono + ns);
  }

  /** Nanoseconds from `o` to this time. */
  sub(o: GoTime): bigint {
    if (this.mono !== undefined && o.mono !== undefined) return this.mono - o.mono;
    return this.unixNano() - o.unixNano();
  }

  format(layout: string): string {
    return formatTime(this, layout);
  }

  override goString(): string {
    let s = this.format('2006-01-02 15:04:05.999999999 -0700 MST');
    if (this.mono !== undefined) {
      const m = this.mono;
      const abs = m < 0n ? -m : m;
      s += ` m=${m < 0n ? '-' : '+'}${abs / NS_PER_SEC}.${String(abs % NS_PER_SEC).padStart(9, '0')}`;
    }
    return s;
  }

  override jsonValue(): GoValue {
    return this.format('2006-01-02T15:04:05.999999999Z07:00');
  }

  override method(name: string): GoFunction | undefined {
    this.methods ??= timeMethods(this);
    return this.methods.get(name);
  }
}

// Go's zero Time is January 1, year 1, 00:00:00 UTC.
function zeroSeconds(): number {
  const d = new Date(0);
  d.setUTCFullYear(1, 0, 1);
  return d.getTime() / 1000;
}
const ZERO_TIME_SEC = zeroSeconds();
export const ZERO_TIME = new GoTime(ZERO_TIME_SEC, 0, UTC);

function timeMethods(t: GoTime): Map<string, GoFunction> {
  const c = () => civil(t.sec + t.loc.lookup(t.sec).offset);
  const int = (n: number) => goInt(n);
  const list: GoFunction[] = [
    goFunc('Format', ['string'], (layout) => t.format(layout as string), { result: 'string' }),
    goFunc('String', [], () => t.goString(), { result: 'string' }),
    goFunc('Unix', [], () => new GoInt(BigInt(t.sec), 'int64'), { result: 'int64' }),
    goFunc('UnixMilli', [], () => new GoInt(t.unixNano() / 1_000_000n, 'int64'), { result: 'int64' }),
    goFunc('UnixMicro', [], () => new GoInt(t.unixNano() / 1000n, 'int64'), { result: 'int64' }),
    goFunc('UnixNano', [], () => new GoInt(t.unixNano(), 'int64'), { result: 'int64' }),
    goFunc('Year', [], () => int(c().year), { result: 'int' }),
    goFunc('Month', [], () => new NamedInt('time.Month', c().month, LONG_MONTHS[c().month - 1]), { result: 'time.Month' }),
    goFunc('Day', [], () => int(c().day), { result: 'int' }),
    goFunc('Hour', [], () => int(c().hour), { result: 'int' }),
    goFunc('Minute', [], () => int(c().minute), { result: 'int' }),
    goFunc('Second', [], () => int(c().second), { result: 'int' }),
    goFunc('Nanosecond', [], () => int(t.nsec), { result: 'int' }),
    goFunc('YearDay', [], () => int(c().yday), { result: 'int' }),
    goFunc('Weekday', [], () => new NamedInt('time.Weekday', c().weekday, LONG_DAYS[c().weekday]), { result: 'time.Weekday' }),
    goFunc('IsZero', [], () => t.isZero(), { result: 'bool' }),
    goFunc('UTC', [], () => t.in(UTC), { result: 'time.Time' }),
    goFunc('Local', [], () => t.in(localLocation()), { result: 'time.Time' }),
    goFunc('Add', ['time.Duration'], (d) => t.add(durationArg(d)), { result: 'time.Time' }),
    goFunc('Sub', ['time.Time'], (o) => new GoDuration(t.sub(o as GoTime)), { result: 'time.Duration' }),
    goFunc('Before', ['time.Time'], (o) => t.unixNano() < (o as GoTime).unixNano(), { result: 'bool' }),
    goFunc('After', ['time.Time'], (o) => t.unixNano() > (o as GoTime).unixNano(), { result: 'bool' }),
    goFunc('Equal', ['time.Time'], (o) => t.unixNano() === (o as GoTime).unixNano(), { result: 'bool' }),
  ];
  return new Map(list.map((f) => [f.name, f]));
}

function durationArg(d: GoValue): bigint {
  if (d instanceof GoDuration) return d.ns;
  if (d instanceof GoInt) return d.value;
  if (typeof d === 'number') return BigInt(Math.trunc(d));
  throw new GoError(`wrong type for value; expected time.Duration; got ${typeof d}`);
}

// ---- Layouts ----

/** A layout element; `source` is its text in the layout (used in parse errors). */
export type Std =
  | { kind: 'literal'; text: string }
  | { kind: 'frac'; digits: number; trim: boolean; sep: string; source?: string }
  | { kind: 'tz'; z: boolean; colon: boolean; seconds: boolean; short: boolean; source?: string }
  | { kind: string; source?: string };

const layoutCache = new Map<string, Std[]>();

const startsWithLower = (s: string) => s.length > 0 && s[0] >= 'a' && s[0] <= 'z';
const isDigitAt = (s: string, i: number) => i < s.length && s[i] >= '0' && s[i] <= '9';

/** Splits a layout into literal text and elements, as Go's nextStdChunk does. */
export function parseLayout(layout: string): Std[] {
  const cached = layoutCache.get(layout);
  if (cached) return cached;
  const out: Std[] = [];
  let literal = '';
  const push = (std: Std) => {
    if (literal) out.push({ kind: 'literal', text: literal });
    literal = '';
    out.push(std);
  };
  for (let i = 0; i < layout.length; ) {
    const rest = layout.slice(i);
    const c = layout[i];
    let std: Std | undefined;
    let len = 0;
    const tz = (pattern: string, z: boolean) => {
      std = { kind: 'tz', z, colon: pattern.includes(':'), seconds: pattern.length >= 7, short: pattern.length === 3 };
      len = pattern.length;
    };
    switch (c) {
      case 'J':
        if (rest.startsWith('January')) [std, len] = [{ kind: 'January' }, 7];
        else if (rest.startsWith('Jan') && !startsWithLower(rest.slice(3))) [std, len] = [{ kind: 'Jan' }, 3];
        break;
      case 'M':
        if (rest.startsWith('Monday')) [std, len] = [{ kind: 'Monday' }, 6];
        else if (rest.startsWith('Mon') && !startsWithLower(rest.slice(3))) [std, len] = [{ kind: 'Mon' }, 3];
        else if (rest.startsWith('MST')) [std, len] = [{ kind: 'MST' }, 3];
        break;
      case '0':
        if (rest.length >= 2 && rest[1] >= '1' && rest[1] <= '6') [std, len] = [{ kind: '0' + rest[1] }, 2];
        else if (rest.startsWith('002')) [std, len] = [{ kind: '002' }, 3];
        break;
      case '1':
        [std, len] = rest[1] === '5' ? [{ kind: '15' }, 2] : [{ kind: '1' }, 1];
        break;
      case '2':
        [std, len] = rest.startsWith('2006') ? [{ kind: '2006' }, 4] : [{ kind: '2' }, 1];
        break;
      case '_':
        // "_2006" is a literal underscore and the year.
        if (rest[1] === '2' && !rest.startsWith('_2006')) [std, len] = [{ kind: '_2' }, 2];
        else if (rest.startsWith('__2')) [std, len] = [{ kind: '__2' }, 3];
        break;
      case '3':
      case '4':
      case '5':
        [std, len] = [{ kind: c }, 1];
        break;
      case 'P':
        if (rest[1] === 'M') [std, len] = [{ kind: 'PM' }, 2];
        break;
      case 'p':
        if (rest[1] === 'm') [std, len] = [{ kind: 'pm' }, 2];
        break;
      case '-':
      case 'Z': {
        const p = ['070000', '07:00:00', '0700', '07:00', '07'].find((x) => rest.startsWith(c + x));
        if (p) tz(c + p, c === 'Z');
        break;
      }
      case '.':
      case ',':
        if (rest[1] === '0' || rest[1] === '9') {
          let j = 1;
          while (j < rest.length && rest[j] === rest[1]) j++;
          if (!isDigitAt(rest, j)) [std, len] = [{ kind: 'frac', digits: j - 1, trim: rest[1] === '9', sep: c }, j];
        }
        break;
    }
    if (std) {
      push({ ...(std as Std), source: rest.slice(0, len) });
      i += len;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) out.push({ kind: 'literal', text: literal });
  layoutCache.set(layout, out);
  return out;
}

const pad = (n: number, width: number) => (n < 0 ? '-' + String(-n).padStart(width, '0') : String(n).padStart(width, '0'));

function formatTime(t: GoTime, layout: string): string {
  const zone = t.loc.lookup(t.sec);
  const c = civil(t.sec + zone.offset);
  let out = '';
  for (const std of parseLayout(layout)) {
    switch (std.kind) {
      case 'literal':
        out += (std as { text: string }).text;
        break;
      case '06':
        out += pad(((c.year % 100) + 100) % 100, 2);
        break;
      case '2006':
        out += pad(c.year, 4);
        break;
      case 'Jan':
        out += LONG_MONTHS[c.month - 1].slice(0, 3);
        break;
      case 'January':
        out += LONG_MONTHS[c.month - 1];
        break;
      case '1':
        out += c.month;
        break;
      case '01':
        out += pad(c.month, 2);
        break;
      case 'Mon':
        out += LONG_DAYS[c.weekday].slice(0, 3);
        break;
      case 'Monday':
        out += LONG_DAYS[c.weekday];
        break;
      case '2':
        out += c.day;
        break;
      case '_2':
        out += String(c.day).padStart(2, ' ');
        break;
      case '02':
        out += pad(c.day, 2);
        break;
      case '__2':
        out += String(c.yday).padStart(3, ' ');
        break;
      case '002':
        out += pad(c.yday, 3);
        break;
      case '15':
        out += pad(c.hour, 2);
        break;
      case '3':
        out += c.hour % 12 === 0 ? 12 : c.hour % 12;
        break;
      case '03':
        out += pad(c.hour % 12 === 0 ? 12 : c.hour % 12, 2);
        break;
      case '4':
        out += c.minute;
        break;
      case '04':
        out += pad(c.minute, 2);
        break;
      case '5':
        out += c.second;
        break;
      case '05':
        out += pad(c.second, 2);
        break;
      case 'PM':
        out += c.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += c.hour >= 12 ? 'pm' : 'am';
        break;
      case 'MST':
        out += zone.name !== '' ? zone.name : numericZone(zone.offset, false, false, false);
        break;
      case 'tz': {
        const z = std as { z: boolean; colon: boolean; seconds: boolean; short: boolean };
        out += z.z && zone.offset === 0 ? 'Z' : numericZone(zone.offset, z.colon, z.seconds, z.short);
        break;
      }
      case 'frac': {
        const f = std as { digits: number; trim: boolean; sep: string };
        let digits = String(t.nsec).padStart(9, '0').slice(0, f.digits);
        if (f.trim) digits = digits.replace(/0+$/, '');
        if (digits !== '') out += f.sep + digits;
        break;
      }
    }
  }
  return out;
}

function numericZone(offset: number, colon: boolean, seconds: boolean, short: boolean): string {
  const abs = Math.abs(offset);
  const zoneMinutes = Math.trunc(abs / 60);
  let s = (offset < 0 ? '-' : '+') + pad(Math.trunc(zoneMinutes / 60), 2);
  if (!short) s += (colon ? ':' : '') + pad(zoneMinutes % 60, 2);
  if (seconds) s += (colon ? ':' : '') + pad(abs % 60, 2);
  return s;
}

// ---- Durations ----

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n,
  'μs': 1000n,
  ms: 1_000_000n,
  s: NS_PER_SEC,
  m: 60n * NS_PER_SEC,
  h: 3600n * NS_PER_SEC,
};
const MAX_INT64 = (1n << 63n) - 1n;

/** time.ParseDuration; throws GoError with Go's message. */
export function parseDuration(s: string): bigint {
  const orig = s;
  const invalid = () => new GoError(`time: invalid duration "${orig}"`);
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    const m = /^([0-9]*)(\.([0-9]*))?/.exec(s)!;
    const whole = m[1];
    const frac = m[3] ?? '';
    if (whole === '' && frac === '') throw invalid();
    s = s.slice(m[0].length);
    const unitMatch = /^[^0-9.]+/.exec(s);
    if (!unitMatch) throw new GoError(`time: missing unit in duration "${orig}"`);
    const unit = UNITS[unitMatch[0]];
    if (unit === undefined) throw new GoError(`time: unknown unit "${unitMatch[0]}" in duration "${orig}"`);
    s = s.slice(unitMatch[0].length);
    let v = BigInt(whole || '0') * unit;
    if (frac !== '') v += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    total += v;
    if (total > MAX_INT64 + (neg ? 1n : 0n)) throw invalid();
  }
  return neg ? -total : total;
}

/** Duration.String: "1h2m3.5s", "1.5ms", "0s". */
export function durationString(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < NS_PER_SEC) {
    const [unit, scale] = u < 1000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    out = fraction(u, scale) + unit;
  } else {
    out = fraction(u % (60n * NS_PER_SEC), NS_PER_SEC) + 's';
    u /= 60n * NS_PER_SEC;
    if (u > 0n) {
      out = String(u % 60n) + 'm' + out;
      u /= 60n;
      if (u > 0n) out = String(u) + 'h' + out;
    }
  }
  return (neg ? '-' : '') + out;
}

function fraction(v: bigint, scale: bigint): string {
  const whole = v / scale;
  const rest = v % scale;
  if (rest === 0n) return String(whole);
  const digits = String(scale).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}
