// Version constraints as Masterminds/semver v3.4.0 parses and checks them: `,` or spaces mean AND,
// `||` means OR, `a - b` is a hyphen range, x/X/* are wildcards, and a prerelease version only
// satisfies an AND group in which some constraint names a prerelease.
//
// The grammar is Masterminds' regular expressions, kept as regular expressions and run with RE2
// (re2js) so that matching, submatches and the linear running time are those of Go.
import { RE2JS } from 're2js';
import { SemverError, Version, comparePrerelease, parseStrictVersion, parseVersion } from './version.js';

const CV = String.raw`v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?`;
// The empty alternative is Masterminds' own: an operator may be omitted.
const OPS = String.raw`=||!=|>|<|>=|=>|<=|=<|~|~>|\^`;

/** A regular expression compiled on first use: compiling these takes RE2 a while, and many runs need none. */
function lazyRE2(source: string): () => RE2JS {
  let re: RE2JS | undefined;
  return () => (re ??= RE2JS.compile(source));
}

const CONSTRAINT = lazyRE2(String.raw`^\s*(${OPS})\s*(${CV})\s*$`);
const RANGE = lazyRE2(String.raw`\s*(${CV})\s+-\s+(${CV})\s*`);
const FIND_CONSTRAINT = lazyRE2(String.raw`(${OPS})\s*(${CV})`);
const VALID_CONSTRAINT = lazyRE2(String.raw`^(\s*(${OPS})\s*(${CV})\s*)((?:\s+|,\s*)(${OPS})\s*(${CV})\s*)*$`);

type Operator = '' | '=' | '!=' | '>' | '<' | '>=' | '=>' | '<=' | '=<' | '~' | '~>' | '^';

/** A failed check: the reason, or undefined when the version satisfies the constraint. */
type Outcome = string | undefined;

class SingleConstraint {
  constructor(
    /** The version compared against; wildcards are zeroed (`1.x` → 1.0.0). */
    readonly con: Version,
    /** The version text as written, used in messages. */
    readonly orig: string,
    readonly op: Operator,
    /** `1`, `1.x`: any minor. */
    readonly minorDirty: boolean,
    /** Some wildcard or omitted part. */
    readonly dirty: boolean,
    /** `1.2`, `1.2.x`: any patch. */
    readonly patchDirty: boolean,
  ) {}

  toString(): string {
    return this.op + this.orig;
  }

  check(v: Version, includePre: boolean): Outcome {
    if (v.prerelease !== '' && !includePre) {
      return `${v} is a prerelease version and the constraint is only looking for release versions`;
    }
    switch (this.op) {
      case '':
      case '=':
        return this.dirty ? this.tilde(v) : v.equal(this.con) ? undefined : `${v} is not equal to ${this.orig}`;
      case '!=':
        return this.notEqual(v);
      case '>':
        return this.greaterThan(v);
      case '<':
        return v.compare(this.con) < 0 ? undefined : `${v} is greater than or equal to ${this.orig}`;
      case '>=':
      case '=>':
        return v.compare(this.con) >= 0 ? undefined : `${v} is less than ${this.orig}`;
      case '<=':
      case '=<':
        return this.lessThanEqual(v);
      case '~':
      case '~>':
        return this.tilde(v);
      case '^':
        return this.caret(v);
    }
  }

  private notEqual(v: Version): Outcome {
    const c = this.con;
    const equalMessage = `${v} is equal to ${this.orig}`;
    if (this.dirty) {
      if (c.major !== v.major) return undefined;
      if (c.minor !== v.minor && !this.minorDirty) return undefined;
      if (this.minorDirty) return equalMessage;
      if (c.patch !== v.patch && !this.patchDirty) return undefined;
      if (this.patchDirty) {
        if (v.prerelease !== '' || c.prerelease !== '') {
          return comparePrerelease(v.prerelease, c.prerelease) !== 0 ? undefined : equalMessage;
        }
        return equalMessage;
      }
    }
    return v.equal(c) ? equalMessage : undefined;
  }

  private greaterThan(v: Version): Outcome {
    const c = this.con;
    const message = `${v} is less than or equal to ${this.orig}`;
    if (!this.dirty) return v.compare(c) === 1 ? undefined : message;
    if (v.major > c.major) return undefined;
    if (v.major < c.major) return message;
    // `>1` needs 2.0.0 or above; `>1.1` needs 1.2.0 or above.
    if (this.minorDirty) return message;
    if (this.patchDirty) return v.minor > c.minor ? undefined : message;
    return v.compare(c) === 1 ? undefined : message;
  }

  private lessThanEqual(v: Version): Outcome {
    const c = this.con;
    const message = `${v} is greater than ${this.orig}`;
    if (!this.dirty) return v.compare(c) <= 0 ? undefined : message;
    if (v.major > c.major) return message;
    if (v.major === c.major && v.minor > c.minor && !this.minorDirty) return message;
    return undefined;
  }

  private tilde(v: Version): Outcome {
    const c = this.con;
    if (v.lessThan(c)) return `${v} is less than ${this.orig}`;
    // ~0.0.0 accepts everything.
    if (c.major === 0n && c.minor === 0n && c.patch === 0n && !this.minorDirty && !this.patchDirty) return undefined;
    if (v.major !== c.major) return `${v} does not have same major version as ${this.orig}`;
    if (v.minor !== c.minor && !this.minorDirty) return `${v} does not have same major and minor version as ${this.orig}`;
    return undefined;
  }

  private caret(v: Version): Outcome {
    const c = this.con;
    if (v.lessThan(c)) return `${v} is less than ${this.orig}`;
    if (c.major > 0n || this.minorDirty) {
      return v.major === c.major ? undefined : `${v} does not have same major version as ${this.orig}`;
    }
    if (v.major > 0n) return `${v} does not have same major version as ${this.orig}`;
    if (c.minor > 0n || this.patchDirty) {
      return v.minor === c.minor
        ? undefined
        : `${v} does not have same minor version as ${this.orig}. Expected minor versions to match when constraint major version is 0`;
    }
    if (v.minor > 0n) return `${v} does not have same minor version as ${this.orig}`;
    return c.patch === v.patch
      ? undefined
      : `${v} does not equal ${this.orig}. Expect version and constraint to equal when major and minor versions are 0`;
  }
}

export interface ValidationResult {
  ok: boolean;
  /** Why the version fails, one message per failed constraint (empty when ok). */
  errors: string[];
}

/** One or more constraints: an OR of AND groups (Masterminds' Constraints). */
export class Constraint {
  constructor(
    private readonly groups: SingleConstraint[][],
    /** Per group: whether some constraint names a prerelease, which lets prereleases match. */
    private readonly groupHasPrerelease: boolean[],
    /** Masterminds' IncludePrerelease: prereleases match every group. */
    readonly includePrerelease = false,
  ) {}

  check(v: Version): boolean {
    return this.groups.some((group, i) => {
      const includePre = this.includePrerelease || this.groupHasPrerelease[i];
      return group.every((c) => c.check(v, includePre) === undefined);
    });
  }

  validate(v: Version): ValidationResult {
    const errors: string[] = [];
    let prereleaseReported = false;
    for (let i = 0; i < this.groups.length; i++) {
      const includePre = this.includePrerelease || this.groupHasPrerelease[i];
      let ok = true;
      for (const c of this.groups[i]) {
        if (!includePre && v.prerelease !== '') {
          if (!prereleaseReported) {
            errors.push(`${v} is a prerelease version and the constraint is only looking for release versions`);
            prereleaseReported = true;
          }
          ok = false;
        } else {
          const failure = c.check(v, includePre);
          if (failure !== undefined) {
            errors.push(failure);
            ok = false;
          }
        }
      }
      if (ok) return { ok: true, errors: [] };
    }
    return { ok: false, errors };
  }

  toString(): string {
    return this.groups.map((g) => g.map(String).join(' ')).join(' || ');
  }
}

/** Masterminds' NewConstraint. Throws SemverError (`improper constraint: ...`). */
export function parseConstraint(text: string): Constraint {
  const ors = rewriteRange(text).split('||');
  const groups: SingleConstraint[][] = [];
  const hasPre: boolean[] = [];
  for (const segment of ors) {
    if (!VALID_CONSTRAINT().test(segment)) throw new SemverError(`improper constraint: ${segment}`);
    const found = findAll(FIND_CONSTRAINT(), segment);
    const parts = found.length > 0 ? found : [segment];
    const group = parts.map(parseSingle);
    groups.push(group);
    hasPre.push(group.some((c) => c.con.prerelease !== ''));
  }
  return new Constraint(groups, hasPre);
}

function findAll(re: RE2JS, s: string): string[] {
  const out: string[] = [];
  const m = re.matcher(s);
  while (m.find()) out.push(m.group() ?? '');
  return out;
}

function isX(s: string): boolean {
  return s === 'x' || s === '*' || s === 'X';
}

function parseSingle(text: string): SingleConstraint {
  if (text.length === 0) {
    // Unreachable through parseConstraint (the validity check rejects it); kept as Masterminds has it.
    return new SingleConstraint(parseStrictVersion('0.0.0'), text, '', false, true, false);
  }
  const m = CONSTRAINT().matcher(text);
  if (!m.matches()) throw new SemverError(`improper constraint: ${text}`);
  const op = (m.group(1) ?? '') as Operator;
  const orig = m.group(2) ?? '';
  const major = m.group(3) ?? '';
  const minor = m.group(4) ?? '';
  const patch = m.group(5) ?? '';
  const pre = m.group(6) ?? '';
  let ver = orig;
  let minorDirty = false;
  let patchDirty = false;
  let dirty = false;
  if (isX(major) || major === '') {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(minor.slice(1)) || minor === '') {
    minorDirty = true;
    dirty = true;
    ver = `${major}.0.0${pre}`;
  } else if (isX(patch.slice(1)) || patch === '') {
    dirty = true;
    patchDirty = true;
    ver = `${major}${minor}.0${pre}`;
  }
  let con: Version;
  try {
    con = parseVersion(ver);
  } catch {
    throw new SemverError('constraint parser error');
  }
  return new SingleConstraint(con, orig, op, minorDirty, dirty, patchDirty);
}

/** Turns each `a - b` into `>= a, <= b `, as Masterminds does before anything else. */
function rewriteRange(text: string): string {
  if (!text.includes('-')) return text;
  const m = RANGE().matcher(text);
  let out = text;
  while (m.find()) {
    const whole = m.group() ?? '';
    const i = out.indexOf(whole);
    if (i >= 0) out = out.slice(0, i) + `>= ${m.group(1) ?? ''}, <= ${m.group(11) ?? ''} ` + out.slice(i + whole.length);
  }
  return out;
}
