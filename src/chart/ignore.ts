// .helmignore rules (helm's pkg/ignore): its own rule language over Go's filepath.Match globs.
//
// Rules are evaluated in order and the first decisive one wins. A negated rule (`!pat`) is decisive
// when the path does NOT match it: such a path is ignored. That is helm's (surprising) behaviour, kept
// on purpose: a .helmignore made of only `!x` ignores everything but x.

/** The error Go's filepath.Match returns for a malformed pattern (path.ErrBadPattern). */
export const BAD_PATTERN = 'syntax error in pattern';

export const HELM_IGNORE = '.helmignore';

interface Pattern {
  negate: boolean;
  mustDir: boolean;
  match(path: string): boolean;
}

export class IgnoreRules {
  private readonly patterns: Pattern[] = [];

  /** Parses .helmignore text; throws with helm's message on a rule helm refuses. */
  static parse(text: string): IgnoreRules {
    const rules = new IgnoreRules();
    // bufio.Scanner splits on \n and drops a trailing \r.
    for (const line of text.split('\n')) rules.addRule(line.endsWith('\r') ? line.slice(0, -1) : line);
    return rules;
  }

  /** Helm's default rule: dot files directly under templates/. */
  addDefaults(): void {
    this.addRule('templates/.?*');
  }

  get length(): number {
    return this.patterns.length;
  }

  /** Whether `path` (relative, `/`-separated) should be skipped. */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '' || path === '.' || path === './') return false;
    for (const p of this.patterns) {
      if (p.negate) {
        if (p.mustDir && !isDir) return true;
        if (!p.match(path)) return true;
        continue;
      }
      if (p.mustDir && !isDir) continue;
      if (p.match(path)) return true;
    }
    return false;
  }

  private addRule(line: string): void {
    let rule = line.trim();
    if (rule === '' || rule.startsWith('#')) return;
    if (rule.includes('**')) throw new Error('double-star (**) syntax is not supported');
    goPathMatch(rule, 'abc'); // validates the whole rule as Go does, `!` and trailing `/` included
    const p: Pattern = { negate: false, mustDir: false, match: () => false };
    if (rule.startsWith('!')) {
      p.negate = true;
      rule = rule.slice(1);
    }
    if (rule.endsWith('/')) {
      p.mustDir = true;
      rule = rule.slice(0, -1);
    }
    if (rule.startsWith('/')) {
      const anchored = rule.slice(1);
      p.match = (n) => safeMatch(anchored, n);
    } else if (rule.includes('/')) {
      const structural = rule;
      p.match = (n) => safeMatch(structural, n);
    } else {
      const base = rule;
      p.match = (n) => safeMatch(base, goBase(n));
    }
    this.patterns.push(p);
  }
}

function safeMatch(pattern: string, name: string): boolean {
  try {
    return goPathMatch(pattern, name);
  } catch {
    return false;
  }
}

/** Go's filepath.Base for `/`-separated paths. */
export function goBase(p: string): string {
  if (p === '') return '.';
  let s = p;
  while (s.length > 0 && s.endsWith('/')) s = s.slice(0, -1);
  if (s === '') return '/';
  const i = s.lastIndexOf('/');
  return i >= 0 ? s.slice(i + 1) : s;
}

/**
 * Go's filepath.Match on Unix: `*` any run of non-`/`, `?` one non-`/` rune, `[...]` classes with
 * `^` negation and ranges, `\` escapes. Throws BAD_PATTERN for a malformed pattern, also when the
 * mismatch is found before the malformed part (Go validates the rest of the pattern).
 */
export function goPathMatch(pattern: string, name: string): boolean {
  let pat = Array.from(pattern);
  let str = Array.from(name);
  outer: while (pat.length > 0) {
    const { star, chunk, rest } = scanChunk(pat);
    pat = rest;
    if (star && chunk.length === 0) return !str.includes('/');
    const first = matchChunk(chunk, str);
    if (first !== undefined && (first.length === 0 || pat.length > 0)) {
      str = first;
      continue;
    }
    if (star) {
      for (let i = 0; i < str.length && str[i] !== '/'; i++) {
        const t = matchChunk(chunk, str.slice(i + 1));
        if (t !== undefined) {
          if (pat.length === 0 && t.length > 0) continue;
          str = t;
          continue outer;
        }
      }
    }
    while (pat.length > 0) {
      const next = scanChunk(pat);
      pat = next.rest;
      matchChunk(next.chunk, []);
    }
    return false;
  }
  return str.length === 0;
}

function scanChunk(pattern: string[]): { star: boolean; chunk: string[]; rest: string[] } {
  let i = 0;
  let star = false;
  while (i < pattern.length && pattern[i] === '*') {
    i++;
    star = true;
  }
  const start = i;
  let inRange = false;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (i + 1 < pattern.length) i++;
    } else if (c === '[') inRange = true;
    else if (c === ']') inRange = false;
    else if (c === '*' && !inRange) break;
  }
  return { star, chunk: pattern.slice(start, i), rest: pattern.slice(i) };
}

/** Matches one chunk at the start of s: the rest of s, or undefined. Throws on a malformed chunk. */
function matchChunk(chunk: string[], s: string[]): string[] | undefined {
  let failed = false;
  let si = 0;
  let ci = 0;
  while (ci < chunk.length) {
    if (!failed && si >= s.length) failed = true;
    const c = chunk[ci];
    if (c === '[') {
      let r = '';
      if (!failed) r = s[si++];
      ci++;
      let negated = false;
      if (ci < chunk.length && chunk[ci] === '^') {
        negated = true;
        ci++;
      }
      let match = false;
      let nrange = 0;
      for (;;) {
        if (ci < chunk.length && chunk[ci] === ']' && nrange > 0) {
          ci++;
          break;
        }
        const lo = getEsc(chunk, ci);
        ci = lo.next;
        let hi = lo.rune;
        if (chunk[ci] === '-') {
          const h = getEsc(chunk, ci + 1);
          ci = h.next;
          hi = h.rune;
        }
        if (!failed && (lo.rune.codePointAt(0) ?? 0) <= (r.codePointAt(0) ?? 0) && (r.codePointAt(0) ?? 0) <= (hi.codePointAt(0) ?? 0)) match = true;
        nrange++;
      }
      if (match === negated) failed = true;
    } else if (c === '?') {
      if (!failed) {
        if (s[si] === '/') failed = true;
        si++;
      }
      ci++;
    } else {
      let lit = c;
      if (c === '\\') {
        ci++;
        if (ci >= chunk.length) throw new Error(BAD_PATTERN);
        lit = chunk[ci];
      }
      if (!failed) {
        if (lit !== s[si]) failed = true;
        si++;
      }
      ci++;
    }
  }
  return failed ? undefined : s.slice(si);
}

function getEsc(chunk: string[], i: number): { rune: string; next: number } {
  if (i >= chunk.length || chunk[i] === '-' || chunk[i] === ']') throw new Error(BAD_PATTERN);
  if (chunk[i] === '\\') {
    i++;
    if (i >= chunk.length) throw new Error(BAD_PATTERN);
  }
  const rune = chunk[i];
  if (rune === '\uFFFD') throw new Error(BAD_PATTERN);
  if (i + 1 >= chunk.length) throw new Error(BAD_PATTERN);
  return { rune, next: i + 1 };
}
