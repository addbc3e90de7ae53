// Go's time.Location: UTC, fixed zones and zones loaded from the system's TZif files
// (/usr/share/zoneinfo, where Go's LoadLocation looks too), with the POSIX TZ rule in the file's
// footer for instants after its last transition. `Local` follows Go's rules for $TZ.
import { readFileSync } from 'node:fs';

export interface ZoneInfo {
  /** Abbreviation, e.g. "CET"; empty for an unnamed fixed zone. */
  name: string;
  /** Seconds east of UTC. */
  offset: number;
  isDST: boolean;
}

interface Transition {
  when: number;
  zone: number;
}

export class Location {
  constructor(
    readonly name: string,
    private readonly zones: ZoneInfo[],
    private readonly transitions: Transition[] = [],
    private readonly rule?: PosixRule,
  ) {}

  lookup(unixSec: number): ZoneInfo {
    const tx = this.transitions;
    if (tx.length === 0) return this.rule ? this.rule.lookup(unixSec) : this.zones[0];
    if (unixSec < tx[0].when) return this.zones.find((z) => !z.isDST) ?? this.zones[0];
    if (unixSec >= tx[tx.length - 1].when && this.rule) return this.rule.lookup(unixSec);
    let lo = 0;
    let hi = tx.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (unixSec < tx[mid].when) hi = mid;
      else lo = mid;
    }
    return this.zones[tx[lo].zone];
  }

  /** The zone a name (as parsed from a layout's MST) denotes here, if this location uses it. */
  zoneNamed(name: string): ZoneInfo | undefined {
    return this.zones.find((z) => z.name === name) ?? this.rule?.zoneNamed(name);
  }
}

export const UTC = new Location('UTC', [{ name: 'UTC', offset: 0, isDST: false }]);

export function fixedZone(name: string, offset: number): Location {
  return new Location(name, [{ name, offset, isDST: false }]);
}

const ZONEINFO_DIR = '/usr/share/zoneinfo';
const cache = new Map<string, Location | undefined>();

/** time.LoadLocation: undefined when Go would return an error. */
export function loadLocation(name: string): Location | undefined {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return localLocation();
  if (cache.has(name)) return cache.get(name);
  let loc: Location | undefined;
  // Go refuses names that could escape the zoneinfo directory.
  if (!name.startsWith('/') && !name.split('/').includes('..') && !name.includes('\\')) loc = readZoneFile(`${ZONEINFO_DIR}/${name}`, name);
  cache.set(name, loc);
  return loc;
}

function readZoneFile(path: string, name: string): Location | undefined {
  try {
    return parseTzif(readFileSync(path), name);
  } catch {
    return undefined;
  }
}

function parseTzif(buf: Buffer, name: string): Location {
  if (buf.toString('latin1', 0, 4) !== 'TZif') throw new Error('not TZif');
  const version = buf[4];
  const counts = (at: number) => Array.from({ length: 6 }, (_, i) => buf.readUInt32BE(at + 20 + i * 4));
  let at = 0;
  let [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = counts(0);
  let timeSize = 4;
  if (version >= 0x32) {
    // Skip the 32-bit block; the 64-bit one follows with its own header.
    at = 44 + timecnt * 5 + typecnt * 6 + charcnt + leapcnt * 8 + isstdcnt + isutcnt;
    [isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt] = counts(at);
    timeSize = 8;
  }
  at += 44;
  const times: number[] = [];
  for (let i = 0; i < timecnt; i++) times.push(timeSize === 8 ? Number(buf.readBigInt64BE(at + i * 8)) : buf.readInt32BE(at + i * 4));
  at += timecnt * timeSize;
  const indexes = Array.from(buf.subarray(at, at + timecnt));
  at += timecnt;
  const types: { offset: number; isDST: boolean; abbr: number }[] = [];
  for (let i = 0; i < typecnt; i++) types.push({ offset: buf.readInt32BE(at + i * 6), isDST: buf[at + i * 6 + 4] === 1, abbr: buf[at + i * 6 + 5] });
  at += typecnt * 6;
  const chars = buf.toString('latin1', at, at + charcnt);
  at += charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt;
  const zones = types.map((t) => ({ name: chars.slice(t.abbr, chars.indexOf('\0', t.abbr)), offset: t.offset, isDST: t.isDST }));
  let rule: PosixRule | undefined;
  if (timeSize === 8 && buf[at] === 0x0a) {
    const end = buf.indexOf(0x0a, at + 1);
    const footer = buf.toString('latin1', at + 1, end < 0 ? buf.length : end);
    if (footer !== '') rule = PosixRule.parse(footer);
  }
  return new Location(name, zones, times.map((when, i) => ({ when, zone: indexes[i] })), rule);
}

type RuleDate = { kind: 'J' | 'n'; day: number; time: number } | { kind: 'M'; month: number; week: number; weekday: number; time: number };

/** A POSIX TZ string such as `CET-1CEST,M3.5.0,M10.5.0/3`. */
class PosixRule {
  private constructor(
    private readonly std: ZoneInfo,
    private readonly dst?: ZoneInfo,
    private readonly start?: RuleDate,
    private readonly end?: RuleDate,
  ) {}

  static parse(s: string): PosixRule | undefined {
    let rest = s;
    const takeName = (): string | undefined => {
      const m = /^(<[^>]*>|[A-Za-z]{3,})/.exec(rest);
      if (!m) return undefined;
      rest = rest.slice(m[0].length);
      return m[0].startsWith('<') ? m[0].slice(1, -1) : m[0];
    };
    const takeOffset = (): number | undefined => {
      const m = /^([+-]?)(\d{1,3})(?::(\d{1,2}))?(?::(\d{1,2}))?/.exec(rest);
      if (!m) return undefined;
      rest = rest.slice(m[0].length);
      const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
      return m[1] === '-' ? -secs : secs;
    };
    const stdName = takeName();
    const stdOffset = takeOffset();
    if (stdName === undefined || stdOffset === undefined) return undefined;
    const std = { name: stdName, offset: -stdOffset, isDST: false };
    if (rest === '') return new PosixRule(std);
    const dstName = takeName();
    if (dstName === undefined) return undefined;
    let dstOffset = std.offset + 3600;
    if (rest !== '' && rest[0] !== ',') {
      const o = takeOffset();
      if (o === undefined) return undefined;
      dstOffset = -o;
    }
    const dst = { name: dstName, offset: dstOffset, isDST: true };
    if (rest === '') rest = ',M3.2.0,M11.1.0';
    const takeDate = (): RuleDate | undefined => {
      if (rest[0] !== ',') return undefined;
      rest = rest.slice(1);
      let date: RuleDate;
      let m: RegExpExecArray | null;
      if ((m = /^J(\d+)/.exec(rest))) date = { kind: 'J', day: Number(m[1]), time: 7200 };
      else if ((m = /^M(\d+)\.(\d)\.(\d)/.exec(rest))) date = { kind: 'M', month: Number(m[1]), week: Number(m[2]), weekday: Number(m[3]), time: 7200 };
      else if ((m = /^(\d+)/.exec(rest))) date = { kind: 'n', day: Number(m[1]), time: 7200 };
      else return undefined;
      rest = rest.slice(m[0].length);
      if (rest[0] === '/') {
        rest = rest.slice(1);
        const t = takeOffset();
        if (t === undefined) return undefined;
        date.time = t;
      }
      return date;
    };
    const start = takeDate();
    const end = takeDate();
    return start && end ? new PosixRule(std, dst, start, end) : new PosixRule(std);
  }

  zoneNamed(name: string): ZoneInfo | undefined {
    return [this.std, this.dst].find((z) => z?.name === name);
  }

  lookup(unixSec: number): ZoneInfo {
    if (!this.dst || !this.start || !this.end) return this.std;
    const year = new Date((unixSec + this.std.offset) * 1000).getUTCFullYear();
    // Transitions happen at local wall times: the start in standard time, the end in DST.
    const start = ruleWallSeconds(year, this.start) - this.std.offset;
    const end = ruleWallSeconds(year, this.end) - this.dst.offset;
    const inDST = start < end ? unixSec >= start && unixSec < end : !(unixSec >= end && unixSec < start);
    return inDST ? this.dst : this.std;
  }
}

/** Seconds since the epoch of the rule's local wall time in `year`, as if UTC. */
function ruleWallSeconds(year: number, r: RuleDate): number {
  const yearStart = Date.UTC(year, 0, 1) / 1000;
  let day: number;
  if (r.kind !== 'M') {
    // Jn counts 1-365 ignoring February 29; n counts 0-365.
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    day = r.kind === 'n' ? r.day : r.day - 1 + (leap && r.day >= 60 ? 1 : 0);
  } else {
    const first = new Date(Date.UTC(year, r.month - 1, 1));
    let mday = 1 + ((r.weekday - first.getUTCDay() + 7) % 7) + (r.week - 1) * 7;
    const daysInMonth = new Date(Date.UTC(year, r.month, 0)).getUTCDate();
    while (mday > daysInMonth) mday -= 7;
    day = (Date.UTC(year, r.month - 1, mday) / 1000 - yearStart) / 86400;
  }
  return yearStart + day * 86400 + r.time;
}

/** Go's Local: $TZ unset → /etc/localtime; empty or unloadable → UTC; otherwise the named zone. */
function initLocal(): Location {
  const tz = process.env.TZ;
  let loaded: Location | undefined;
  if (tz === undefined) loaded = readZoneFile('/etc/localtime', 'Local');
  else if (tz !== '') {
    const name = tz.startsWith(':') ? tz.slice(1) : tz;
    if (name.startsWith('/')) loaded = readZoneFile(name, 'Local');
    else if (name !== '' && name !== 'UTC') loaded = loadLocation(name);
  }
  if (!loaded) return new Location('UTC', [{ name: 'UTC', offset: 0, isDST: false }]);
  return Object.assign(Object.create(Location.prototype) as Location, loaded, { name: 'Local' });
}

let local: Location | undefined;

/** Go's Local, read from $TZ at first use (not at load: a startup snapshot is built in another process). */
export function localLocation(): Location {
  return (local ??= initLocal());
}
