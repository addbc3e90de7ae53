// Semantic versions as Masterminds/semver v3.4.0 (the version helm 4.1.4 and sprig vendor) parses,
// prints and orders them. NewVersion is the lenient parser Helm uses everywhere (`v` prefix, `1.2`,
// leading zeros coerced); StrictNewVersion accepts only SemVer 2.0.

/** An error with Masterminds' exact text. */
export class SemverError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SemverError';
  }
}

export const ERR_INVALID_SEMVER = 'invalid semantic version';
const ERR_EMPTY_STRING = 'version string empty';
const ERR_INVALID_CHARACTERS = 'invalid characters in version';
const ERR_SEGMENT_STARTS_ZERO = 'version segment starts with 0';
const ERR_INVALID_METADATA = 'invalid metadata string';
const ERR_INVALID_PRERELEASE = 'invalid prerelease string';

// NewVersion's regular expression: groups 1-3 are the numbers (2 and 3 with their dot), 5 the
// prerelease, 8 the metadata. Unambiguous, so JavaScript's backtracking matches as Go's RE2 does.
const LOOSE_VERSION = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const DIGITS = /^[0-9]*$/;
const IDENTIFIER_CHARS = /^[0-9A-Za-z-]*$/;
const UINT64_MAX = (1n << 64n) - 1n;

export class Version {
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly prerelease: string,
    readonly metadata: string,
    /** The text the version was parsed from (Masterminds' Original()). */
    readonly original: string,
  ) {}

  /** Canonical form without a `v` prefix (Masterminds' String()). */
  toString(): string {
    let s = `${this.major}.${this.minor}.${this.patch}`;
    if (this.prerelease !== '') s += '-' + this.prerelease;
    if (this.metadata !== '') s += '+' + this.metadata;
    return s;
  }

  /** -1, 0 or 1; metadata is ignored, a prerelease sorts before its release. */
  compare(o: Version): number {
    if (this.major !== o.major) return this.major < o.major ? -1 : 1;
    if (this.minor !== o.minor) return this.minor < o.minor ? -1 : 1;
    if (this.patch !== o.patch) return this.patch < o.patch ? -1 : 1;
    const ps = this.prerelease;
    const po = o.prerelease;
    if (ps === '' && po === '') return 0;
    if (ps === '') return 1;
    if (po === '') return -1;
    return comparePrerelease(ps, po);
  }

  equal(o: Version): boolean {
    return this.compare(o) === 0;
  }

  lessThan(o: Version): boolean {
    return this.compare(o) < 0;
  }

  greaterThan(o: Version): boolean {
    return this.compare(o) > 0;
  }
}

/** Masterminds' NewVersion (with its default CoerceNewVersion = true). Throws SemverError. */
export function parseVersion(v: string): Version {
  const m = LOOSE_VERSION.exec(v);
  if (m === null) throw new SemverError(ERR_INVALID_SEMVER);
  const major = parseSegment(m[1]);
  const minor = m[2] === undefined ? 0n : parseSegment(m[2].slice(1));
  const patch = m[3] === undefined ? 0n : parseSegment(m[3].slice(1));
  const pre = m[5] ?? '';
  const metadata = m[8] ?? '';
  if (pre !== '') validatePrerelease(pre);
  if (metadata !== '') validateMetadata(metadata);
  return new Version(major, minor, patch, pre, metadata, v);
}

/** Masterminds' StrictNewVersion: SemVer 2.0 only. Throws SemverError. */
export function parseStrictVersion(v: string): Version {
  if (v.length === 0) throw new SemverError(ERR_EMPTY_STRING);
  const parts = splitN(v, '.', 3);
  if (parts.length !== 3) throw new SemverError(ERR_INVALID_SEMVER);
  let metadata = '';
  let pre = '';
  const plus = parts[2].indexOf('+');
  if (plus >= 0) {
    metadata = parts[2].slice(plus + 1);
    parts[2] = parts[2].slice(0, plus);
    validateMetadata(metadata);
  }
  const dash = parts[2].indexOf('-');
  if (dash >= 0) {
    pre = parts[2].slice(dash + 1);
    parts[2] = parts[2].slice(0, dash);
    validatePrerelease(pre);
  }
  for (const p of parts) {
    if (!DIGITS.test(p)) throw new SemverError(ERR_INVALID_CHARACTERS);
    if (p.length > 1 && p[0] === '0') throw new SemverError(ERR_SEGMENT_STARTS_ZERO);
  }
  const [major, minor, patch] = parts.map(strictUint);
  return new Version(major, minor, patch, pre, metadata, v);
}

function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  out.push(rest);
  return out;
}

/** strconv.ParseUint(s, 10, 64) on a string of digits, with NewVersion's error wrapping. */
function parseSegment(digits: string): bigint {
  const n = BigInt(digits);
  if (n > UINT64_MAX) {
    throw new SemverError(`error parsing version segment: strconv.ParseUint: parsing "${digits}": value out of range`);
  }
  return n;
}

function strictUint(digits: string): bigint {
  if (digits === '') throw new SemverError('strconv.ParseUint: parsing "": invalid syntax');
  const n = BigInt(digits);
  if (n > UINT64_MAX) throw new SemverError(`strconv.ParseUint: parsing "${digits}": value out of range`);
  return n;
}

function validatePrerelease(p: string): void {
  for (const part of p.split('.')) {
    if (part === '') throw new SemverError(ERR_INVALID_PRERELEASE);
    if (DIGITS.test(part)) {
      if (part.length > 1 && part[0] === '0') throw new SemverError(ERR_SEGMENT_STARTS_ZERO);
    } else if (!IDENTIFIER_CHARS.test(part)) {
      throw new SemverError(ERR_INVALID_PRERELEASE);
    }
  }
}

function validateMetadata(m: string): void {
  for (const part of m.split('.')) {
    if (part === '' || !IDENTIFIER_CHARS.test(part)) throw new SemverError(ERR_INVALID_METADATA);
  }
}

/** Orders dot-separated prerelease identifiers; also used by `!=` on wildcard constraints. */
export function comparePrerelease(v: string, o: string): number {
  const sparts = v.split('.');
  const oparts = o.split('.');
  const l = Math.max(sparts.length, oparts.length);
  for (let i = 0; i < l; i++) {
    const d = comparePrePart(sparts[i] ?? '', oparts[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

const UINT_TEXT = /^[0-9]+$/;

function asUint(s: string): bigint | undefined {
  if (!UINT_TEXT.test(s)) return undefined;
  const n = BigInt(s);
  return n > UINT64_MAX ? undefined : n;
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  // Numeric identifiers sort before alphanumeric ones, and numerically among themselves.
  const oi = asUint(o);
  const si = asUint(s);
  if (oi === undefined && si === undefined) return compareBytes(s, o);
  if (oi === undefined) return -1;
  if (si === undefined) return 1;
  return si > oi ? 1 : -1;
}

// Identifiers are ASCII once validated, but compare by code unit order either way as Go does bytes.
function compareBytes(a: string, b: string): number {
  return a > b ? 1 : -1;
}

/** Sorts versions ascending (Masterminds' Collection). */
export function sortVersions(versions: Version[]): Version[] {
  return versions.sort((a, b) => a.compare(b));
}
