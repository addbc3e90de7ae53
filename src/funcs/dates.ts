// sprig's date family (v3.3.0). Times are GoTime values (gotime.ts); zones come from the system's
// zoneinfo as in Go. Capstan, like helm, formats in the process's local zone ($TZ, else
// /etc/localtime), so outputs depend on it exactly as helm's do; tests run with TZ=UTC.
import { GoInt, goFunc, type GoFunction, type GoValue } from '../gotemplate/value.js';
import { GoTime, ZERO_TIME, durationString, parseDuration } from './gotime.js';
import { parseTime } from './timeparse.js';
import { localLocation, UTC, loadLocation } from './timezone.js';

const NS_PER_SEC = 1_000_000_000n;
const MAX_INT64 = (1n << 63n) - 1n;

/** The time a date argument denotes: a time.Time, or Unix seconds as int, int32 or int64; anything else is now. */
function toTime(date: GoValue, intKinds: readonly string[]): GoTime {
  if (date instanceof GoTime) return date;
  if (date instanceof GoInt && intKinds.includes(date.kind)) return GoTime.unix(date.toNumber());
  return GoTime.now();
}

const DATE_INT_KINDS = ['int', 'int32', 'int64'];
const AGO_INT_KINDS = ['int', 'int64'];

function dateInZone(layout: string, date: GoValue, zone: string): string {
  const loc = loadLocation(zone) ?? UTC;
  return toTime(date, DATE_INT_KINDS).in(loc).format(layout);
}

function mustDateModify(modifier: string, date: GoTime): GoTime {
  return date.add(parseDuration(modifier));
}

function dateModify(modifier: string, date: GoTime): GoTime {
  try {
    return mustDateModify(modifier, date);
  } catch {
    return date;
  }
}

/** Duration.Round(time.Second): halves away from zero. */
function roundToSecond(ns: bigint): bigint {
  const r = ns % NS_PER_SEC;
  const down = ns - r;
  if (ns >= 0n) return r + r < NS_PER_SEC ? down : down + NS_PER_SEC;
  return -r - r < NS_PER_SEC ? down : down - NS_PER_SEC;
}

function ago(date: GoValue): string {
  const t = toTime(date, AGO_INT_KINDS);
  return durationString(roundToSecond(GoTime.now().sub(t)));
}

/** strconv.ParseInt(s, 10, 64) as sprig uses it: errors ignored, out-of-range values clamp. */
function parseInt64(s: string): bigint {
  const m = /^[+-]?[0-9]+$/.exec(s);
  if (!m) return 0n;
  const n = BigInt(s);
  if (n > MAX_INT64) return MAX_INT64;
  if (n < -MAX_INT64 - 1n) return -MAX_INT64 - 1n;
  return n;
}

/** Seconds as a Duration string; only strings and int64 count, anything else is 0s. */
function duration(sec: GoValue): string {
  let n = 0n;
  if (typeof sec === 'string') n = parseInt64(sec);
  else if (sec instanceof GoInt && sec.kind === 'int64') n = sec.value;
  return durationString(BigInt.asIntN(64, n * NS_PER_SEC));
}

const YEAR = 365n * 24n * 3600n * NS_PER_SEC;
const MONTH = 30n * 24n * 3600n * NS_PER_SEC;
const DAY = 24n * 3600n * NS_PER_SEC;
const HOUR = 3600n * NS_PER_SEC;
const MINUTE = 60n * NS_PER_SEC;

/** sprig v3.3.0: strings are parsed, int64 is nanoseconds, a time is measured from now; else 0s. */
function durationRound(value: GoValue): string {
  let d = 0n;
  if (typeof value === 'string') {
    try {
      d = parseDuration(value);
    } catch {
      d = 0n;
    }
  } else if (value instanceof GoInt && value.kind === 'int64') {
    d = value.value;
  } else if (value instanceof GoTime) {
    d = GoTime.now().sub(value);
  }
  if (d < 0n) d = -d;
  const units: [bigint, string][] = [
    [YEAR, 'y'],
    [MONTH, 'mo'],
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'm'],
    [NS_PER_SEC, 's'],
  ];
  for (const [unit, suffix] of units) if (d > unit) return `${d / unit}${suffix}`;
  return '0s';
}

function toDate(layout: string, value: string): GoTime {
  try {
    return parseTime(layout, value, localLocation());
  } catch {
    return ZERO_TIME;
  }
}

const TIME = 'time.Time';
const ANY = 'interface {}';
const str = (v: GoValue) => v as string;

export const dateFuncs: GoFunction[] = [
  goFunc('now', [], () => GoTime.now(), { result: TIME }),
  goFunc('date', ['string', ANY], (layout, date) => dateInZone(str(layout), date, 'Local'), { result: 'string' }),
  goFunc('htmlDate', [ANY], (date) => dateInZone('2006-01-02', date, 'Local'), { result: 'string' }),
  goFunc('htmlDateInZone', [ANY, 'string'], (date, zone) => dateInZone('2006-01-02', date, str(zone)), { result: 'string' }),
  goFunc('dateInZone', ['string', ANY, 'string'], (layout, date, zone) => dateInZone(str(layout), date, str(zone)), { result: 'string' }),
  goFunc('date_in_zone', ['string', ANY, 'string'], (layout, date, zone) => dateInZone(str(layout), date, str(zone)), { result: 'string' }),
  goFunc('dateModify', ['string', TIME], (m, date) => dateModify(str(m), date as GoTime), { result: TIME }),
  goFunc('date_modify', ['string', TIME], (m, date) => dateModify(str(m), date as GoTime), { result: TIME }),
  goFunc('mustDateModify', ['string', TIME], (m, date) => mustDateModify(str(m), date as GoTime), { result: TIME, returnsError: true }),
  goFunc('must_date_modify', ['string', TIME], (m, date) => mustDateModify(str(m), date as GoTime), { result: TIME, returnsError: true }),
  goFunc('ago', [ANY], (date) => ago(date), { result: 'string' }),
  goFunc('duration', [ANY], (sec) => duration(sec), { result: 'string' }),
  goFunc('durationRound', [ANY], (d) => durationRound(d), { result: 'string' }),
  goFunc('toDate', ['string', 'string'], (layout, value) => toDate(str(layout), str(value)), { result: TIME }),
  goFunc('mustToDate', ['string', 'string'], (layout, value) => parseTime(str(layout), str(value), localLocation()), { result: TIME, returnsError: true }),
  goFunc('unixEpoch', [TIME], (date) => String((date as GoTime).sec), { result: 'string' }),
];
