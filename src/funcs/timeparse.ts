// Go's time.ParseInLocation: reads a value by a layout (see parseLayout in gotime.ts), with Go's
// leniencies (one- or two-digit days, any fraction after seconds, case-insensitive names) and its
// error texts (`parsing time "x" as "2006": cannot parse "x" as "2006"`).
import { GoError } from '../gotemplate/value.js';
import { GoTime, parseLayout } from './gotime.js';
import { UTC, fixedZone, type Location } from './timezone.js';

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Go's time.quote: double quotes with Go escapes for quotes, backslashes and control bytes. */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

class ParseFailure extends GoError {
  constructor(layout: string, value: string, layoutElem: string, valueElem: string, message = '') {
    super(
      message === ''
        ? `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`
        : `parsing time ${quote(value)}${message}`,
    );
  }
}

class Bad extends Error {}

const isDigit = (s: string, i: number) => i < s.length && s[i] >= '0' && s[i] <= '9';

function getnum(s: string, fixed: boolean): [number, string] {
  if (!isDigit(s, 0)) throw new Bad();
  if (!isDigit(s, 1)) {
    if (fixed) throw new Bad();
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] {
  let n = 0;
  while (n < 3 && isDigit(s, n)) n++;
  if (n === 0 || (fixed && n !== 3)) throw new Bad();
  return [Number(s.slice(0, n)), s.slice(n)];
}

function lookupName(table: string[], value: string): [number, string] {
  for (let i = 0; i < table.length; i++) {
    const name = table[i];
    if (value.length >= name.length && value.slice(0, name.length).toLowerCase() === name.toLowerCase()) return [i, value.slice(name.length)];
  }
  throw new Bad();
}

function cutSpace(s: string): string {
  let i = 0;
  while (i < s.length && s[i] === ' ') i++;
  return s.slice(i);
}

/** Consumes a layout literal from the value; spaces match any run of spaces. */
function skip(value: string, prefix: string): string {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') throw new Bad();
      prefix = cutSpace(prefix);
      value = cutSpace(value);
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) throw new Bad();
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function parseNanoseconds(value: string, nbytes: number): number {
  if (value[0] !== '.' && value[0] !== ',') throw new Bad();
  const digits = value.slice(1, Math.min(nbytes, 10));
  if (!/^[0-9]+$/.test(digits)) throw new Bad();
  return Number(digits.padEnd(9, '0'));
}

/** Length of a time zone abbreviation at the start of value (Go's parseTimeZone), or 0. */
function timeZoneLength(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) {
    const m = /^GMT([+-])([0-9]+)/.exec(value);
    if (!m) return 3;
    const n = Number(m[2]);
    return n > 0 && n <= 24 && !m[2].startsWith('0') ? 3 + 1 + m[2].length : 3;
  }
  if (value[0] === '+' || value[0] === '-') {
    const m = /^[+-]([0-9]{2})([0-9]{2})?/.exec(value);
    return m ? m[0].length : 0;
  }
  let upper = 0;
  while (upper < 6 && upper < value.length && value[upper] >= 'A' && value[upper] <= 'Z') upper++;
  switch (upper) {
    case 3:
      return 3;
    case 4:
      return value[3] === 'T' || value.startsWith('WIT') ? 4 : 0;
    case 5:
      return value[4] === 'T' ? 5 : 0;
    default:
      return 0;
  }
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (month: number, year: number) => (month === 2 && isLeap(year) ? 29 : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]);

/** Go's time.Date: a wall time in a location (Date.UTC normalizes overflowing fields as Go does). */
export function dateIn(year: number, month: number, day: number, hour: number, min: number, sec: number, nsec: number, loc: Location): GoTime {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, min, sec, 0);
  const wall = Math.floor(d.getTime() / 1000);
  let offset = loc.lookup(wall).offset;
  const corrected = loc.lookup(wall - offset).offset;
  if (corrected !== offset) offset = corrected;
  return new GoTime(wall - offset, nsec, loc);
}

/** time.ParseInLocation; throws GoError with Go's message. */
export function parseTime(layout: string, value: string, local: Location): GoTime {
  const original = value;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let zone: Location | undefined;
  let zoneOffset: number | undefined;
  let zoneName = '';
  let pm = false;
  let am = false;
  const chunks = parseLayout(layout);
  for (let ci = 0; ci < chunks.length; ci++) {
    const std = chunks[ci] as { kind: string; text?: string; source?: string; digits?: number; trim?: boolean; z?: boolean; colon?: boolean; seconds?: boolean; short?: boolean };
    if (std.kind === 'literal') {
      try {
        value = skip(value, std.text!);
      } catch {
        throw new ParseFailure(layout, original, std.text!, value);
      }
      continue;
    }
    const layoutElem = std.source ?? std.kind;
    const hold = value;
    let range = '';
    try {
      switch (std.kind) {
        case '06': {
          if (value.length < 2 || !/^[0-9]{2}/.test(value)) throw new Bad();
          year = Number(value.slice(0, 2));
          year += year >= 69 ? 1900 : 2000;
          value = value.slice(2);
          break;
        }
        case '2006':
          if (value.length < 4 || !/^[0-9]{4}/.test(value)) throw new Bad();
          year = Number(value.slice(0, 4));
          value = value.slice(4);
          break;
        case 'Jan':
          [month, value] = lookupName(SHORT_MONTHS, value);
          month++;
          break;
        case 'January':
          [month, value] = lookupName(LONG_MONTHS, value);
          month++;
          break;
        case '1':
        case '01':
          [month, value] = getnum(value, std.kind === '01');
          if (month <= 0 || month > 12) range = 'month';
          break;
        case 'Mon':
          value = lookupName(SHORT_DAYS, value)[1];
          break;
        case 'Monday':
          value = lookupName(LONG_DAYS, value)[1];
          break;
        case '2':
        case '_2':
        case '02':
          if (std.kind === '_2' && value[0] === ' ') value = value.slice(1);
          [day, value] = getnum(value, std.kind === '02');
          break;
        case '__2':
        case '002':
          for (let i = 0; i < 2; i++) if (std.kind === '__2' && value[0] === ' ') value = value.slice(1);
          [yday, value] = getnum3(value, std.kind === '002');
          break;
        case '15':
          [hour, value] = getnum(value, false);
          if (hour < 0 || hour >= 24) range = 'hour';
          break;
        case '3':
        case '03':
          [hour, value] = getnum(value, std.kind === '03');
          if (hour < 0 || hour > 12) range = 'hour';
          break;
        case '4':
        case '04':
          [min, value] = getnum(value, std.kind === '04');
          if (min < 0 || min >= 60) range = 'minute';
          break;
        case '5':
        case '05': {
          [sec, value] = getnum(value, std.kind === '05');
          if (sec < 0 || sec >= 60) {
            range = 'second';
            break;
          }
          // A fraction the layout does not mention is still accepted after the seconds.
          const next = chunks[ci + 1] as { kind: string } | undefined;
          if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigit(value, 1) && next?.kind !== 'frac') {
            let n = 2;
            while (isDigit(value, n)) n++;
            nsec = parseNanoseconds(value, n);
            value = value.slice(n);
          }
          break;
        }
        case 'PM':
        case 'pm': {
          if (value.length < 2) throw new Bad();
          const p = value.slice(0, 2);
          value = value.slice(2);
          if (p === (std.kind === 'PM' ? 'PM' : 'pm')) pm = true;
          else if (p === (std.kind === 'PM' ? 'AM' : 'am')) am = true;
          else throw new Bad();
          break;
        }
        case 'tz': {
          if (std.z && value[0] === 'Z') {
            value = value.slice(1);
            zone = UTC;
            break;
          }
          let m: RegExpExecArray | null;
          if (std.short) m = /^([+-])([0-9]{2})()()/.exec(value);
          else if (std.colon && std.seconds) m = /^([+-])([0-9]{2}):([0-9]{2}):([0-9]{2})/.exec(value);
          else if (std.colon) m = /^([+-])([0-9]{2}):([0-9]{2})()/.exec(value);
          else if (std.seconds) m = /^([+-])([0-9]{2})([0-9]{2})([0-9]{2})/.exec(value);
          else m = /^([+-])([0-9]{2})([0-9]{2})()/.exec(value);
          if (!m) throw new Bad();
          value = value.slice(m[0].length);
          const [hr, mm, ss] = [Number(m[2]), Number(m[3] || 0), Number(m[4] || 0)];
          if (hr > 24) range = 'time zone offset hour';
          if (mm > 60) range = 'time zone offset minute';
          if (ss > 60) range = 'time zone offset second';
          zoneOffset = ((hr * 60 + mm) * 60 + ss) * (m[1] === '-' ? -1 : 1);
          break;
        }
        case 'MST': {
          if (value.startsWith('UTC')) {
            zone = UTC;
            value = value.slice(3);
            break;
          }
          const n = timeZoneLength(value);
          if (n === 0) throw new Bad();
          zoneName = value.slice(0, n);
          value = value.slice(n);
          break;
        }
        case 'frac': {
          if (!std.trim) {
            const n = 1 + std.digits!;
            if (value.length < n) throw new Bad();
            nsec = parseNanoseconds(value, n);
            value = value.slice(n);
          } else if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigit(value, 1)) {
            let i = 0;
            while (isDigit(value, i + 1)) i++;
            nsec = parseNanoseconds(value, 1 + i);
            value = value.slice(1 + i);
          }
          break;
        }
      }
    } catch (e) {
      if (!(e instanceof Bad)) throw e;
      throw new ParseFailure(layout, original, layoutElem, hold);
    }
    if (range !== '') throw new ParseFailure(layout, original, layoutElem, value, `: ${range} out of range`);
  }
  if (value.length > 0) throw new ParseFailure(layout, original, '', value, `: extra text: ${quote(value)}`);

  if (pm && hour < 12) hour += 12;
  else if (am && hour === 12) hour = 0;
  if (yday >= 0) {
    let m = 0;
    let d = 0;
    if (isLeap(year)) {
      if (yday === 60) [m, d] = [2, 29];
      else if (yday > 60) yday--;
    }
    if (yday < 1 || yday > 365) throw new ParseFailure(layout, original, '', value, ': day-of-year out of range');
    if (m === 0) {
      const before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
      m = Math.floor((yday - 1) / 31) + 1;
      if (before[m] < yday) m++;
      d = yday - before[m - 1];
    }
    if (month >= 0 && month !== m) throw new ParseFailure(layout, original, '', value, ': day-of-year does not match month');
    month = m;
    if (day >= 0 && day !== d) throw new ParseFailure(layout, original, '', value, ': day-of-year does not match day');
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > daysIn(month, year)) throw new ParseFailure(layout, original, '', value, ': day out of range');

  if (zone) return dateIn(year, month, day, hour, min, sec, nsec, zone);
  if (zoneOffset !== undefined) {
    const t = dateIn(year, month, day, hour, min, sec, nsec, UTC);
    const utcSec = t.sec - zoneOffset;
    const local_ = local.lookup(utcSec);
    if (local_.offset === zoneOffset && (zoneName === '' || local_.name === zoneName)) return new GoTime(utcSec, nsec, local);
    return new GoTime(utcSec, nsec, fixedZone(zoneName, zoneOffset));
  }
  if (zoneName !== '') {
    const t = dateIn(year, month, day, hour, min, sec, nsec, UTC);
    const known = local.zoneNamed(zoneName);
    if (known) return new GoTime(t.sec - known.offset, nsec, local);
    const gmt = /^GMT([+-][0-9]+)$/.exec(zoneName);
    const offset = gmt ? Number(gmt[1]) * 3600 : 0;
    return new GoTime(t.sec, nsec, fixedZone(zoneName, offset));
  }
  return dateIn(year, month, day, hour, min, sec, nsec, local);
}
