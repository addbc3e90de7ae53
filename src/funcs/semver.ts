// sprig's semver and semverCompare, over Masterminds/semver v3 (src/semver).
import { GoError, GoInt, GoObject, goFunc, goInt, type GoFunction, type GoValue } from '../gotemplate/value.js';
import { type Constraint, Version, parseConstraint, parseVersion } from '../semver/index.js';

/**
 * A *semver.Version in a template: methods only (its fields are unexported), printed by its
 * String method, encoded to JSON as that string.
 */
export class SemverVersion extends GoObject {
  private methods?: Map<string, GoFunction>;

  constructor(
    readonly version: Version,
    /** `*semver.Version` from semver, `semver.Version` from IncMajor and friends. */
    private readonly pointer = true,
  ) {
    super();
  }

  goType(): string {
    return this.pointer ? '*semver.Version' : 'semver.Version';
  }

  override goString(): string {
    return this.version.toString();
  }

  override jsonValue(): GoValue {
    return this.version.toString();
  }

  override method(name: string): GoFunction | undefined {
    this.methods ??= this.buildMethods();
    return this.methods.get(name);
  }

  private buildMethods(): Map<string, GoFunction> {
    const v = this.version;
    const other = (x: GoValue): Version => {
      if (x instanceof SemverVersion) return x.version;
      throw new GoError('invalid memory address or nil pointer dereference');
    };
    const uint = (n: bigint) => new GoInt(n, 'uint64');
    const value = (nv: Version) => new SemverVersion(nv, false);
    const list: GoFunction[] = [
      goFunc('Major', [], () => uint(v.major), { result: 'uint64' }),
      goFunc('Minor', [], () => uint(v.minor), { result: 'uint64' }),
      goFunc('Patch', [], () => uint(v.patch), { result: 'uint64' }),
      goFunc('Prerelease', [], () => v.prerelease, { result: 'string' }),
      goFunc('Metadata', [], () => v.metadata, { result: 'string' }),
      goFunc('String', [], () => v.toString(), { result: 'string' }),
      goFunc('Compare', ['*semver.Version'], (o) => goInt(v.compare(other(o))), { result: 'int' }),
      goFunc('Equal', ['*semver.Version'], (o) => v.compare(other(o)) === 0, { result: 'bool' }),
      goFunc('LessThan', ['*semver.Version'], (o) => v.compare(other(o)) < 0, { result: 'bool' }),
      goFunc('LessThanEqual', ['*semver.Version'], (o) => v.compare(other(o)) <= 0, { result: 'bool' }),
      goFunc('GreaterThan', ['*semver.Version'], (o) => v.compare(other(o)) > 0, { result: 'bool' }),
      goFunc('GreaterThanEqual', ['*semver.Version'], (o) => v.compare(other(o)) >= 0, { result: 'bool' }),
      goFunc('IncMajor', [], () => value(increment(v, 'major')), { result: 'semver.Version' }),
      goFunc('IncMinor', [], () => value(increment(v, 'minor')), { result: 'semver.Version' }),
      goFunc('IncPatch', [], () => value(increment(v, 'patch')), { result: 'semver.Version' }),
    ];
    // Original has a pointer receiver: only a *semver.Version has it.
    if (this.pointer) list.push(goFunc('Original', [], () => v.original, { result: 'string' }));
    return new Map(list.map((f) => [f.name, f]));
  }
}

/** Masterminds' IncMajor/IncMinor/IncPatch: the original keeps its `v` prefix. */
function increment(v: Version, part: 'major' | 'minor' | 'patch'): Version {
  let { major, minor, patch } = v;
  if (part === 'major') [major, minor, patch] = [major + 1n, 0n, 0n];
  else if (part === 'minor') [minor, patch] = [minor + 1n, 0n];
  // A prerelease or metadata-only version's next patch is the release itself.
  else if (v.prerelease === '') patch = patch + 1n;
  const prefix = v.original.startsWith('v') ? 'v' : '';
  const bare = new Version(major, minor, patch, '', '', '');
  return new Version(major, minor, patch, '', '', prefix + bare.toString());
}

// Charts call semverCompare with the same few constraints and versions many times per render.
const CACHE_LIMIT = 512;
const constraintCache = new Map<string, Constraint | SemverCacheError>();
const versionCache = new Map<string, Version | SemverCacheError>();

class SemverCacheError {
  constructor(readonly message: string) {}
}

function cached<T>(cache: Map<string, T | SemverCacheError>, key: string, parse: (s: string) => T): T {
  let entry = cache.get(key);
  if (entry === undefined) {
    try {
      entry = parse(key);
    } catch (e) {
      entry = new SemverCacheError((e as Error).message);
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, entry);
  }
  if (entry instanceof SemverCacheError) throw new GoError(entry.message);
  return entry;
}

export const semverFuncs: GoFunction[] = [
  goFunc(
    'semverCompare',
    ['string', 'string'],
    (constraint, version) => {
      const c = cached(constraintCache, constraint as string, parseConstraint);
      const v = cached(versionCache, version as string, parseVersion);
      return c.check(v);
    },
    { result: 'bool', returnsError: true },
  ),
  goFunc('semver', ['string'], (version) => new SemverVersion(cached(versionCache, version as string, parseVersion)), {
    result: '*semver.Version',
    returnsError: true,
  }),
];
