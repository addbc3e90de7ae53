// sprig's regex functions (regex.go) on re2js, which implements Go's RE2 syntax. Patterns are
// compiled once and cached. Plain names panic on a bad pattern with regexp.MustCompile's text; the
// must* names return regexp.Compile's error; regexMatch swallows it and answers false.
import { RE2JS } from 're2js';
import { canBackquote, quote } from '../gotemplate/strconv.js';
import { GoError, goFunc, sliceOf, type GoFunction, type GoValue } from '../gotemplate/value.js';

const STR = 'string';
const INT = 'int';

interface Compiled {
  re: RE2JS;
  /** Group index of each named group. */
  names: Map<string, number>;
}

const cache = new Map<string, Compiled | Error>();
const CACHE_LIMIT = 1000;

function compileCached(pattern: string): Compiled | Error {
  let c = cache.get(pattern);
  if (c === undefined) {
    try {
      const re = RE2JS.compile(pattern);
      c = { re, names: new Map(Object.entries(re.namedGroups())) };
    } catch (e) {
      c = new Error((e as Error).message);
    }
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(pattern, c);
  }
  return c;
}

/** regexp.Compile: the compiled pattern or Go's error. */
function compile(pattern: string): Compiled {
  const c = compileCached(pattern);
  if (c instanceof Error) throw new GoError(c.message);
  return c;
}

/** regexp.MustCompile: the same, panicking with Go's MustCompile wording. */
function mustCompile(pattern: string): Compiled {
  const c = compileCached(pattern);
  if (c instanceof Error) throw new GoError(`regexp: Compile(${quoteBackticks(pattern)}): ${c.message}`);
  return c;
}

/** regexp's quote(): backquoted when strconv.CanBackquote allows, else strconv.Quote. */
function quoteBackticks(s: string): string {
  return canBackquote(s) ? '`' + s + '`' : quote(s);
}

/** Every match's group boundaries (UTF-16 offsets, -1 for unmatched groups), at most n (n < 0: all). */
function allMatches(c: Compiled, s: string, n: number): number[][] {
  if (n === 0) return [];
  const found = c.re.re2().findAllSubmatchIndex(s, n < 0 ? -1 : n) as number[][] | null;
  return found ?? [];
}

function findAll(c: Compiled, s: string, n: number): GoValue {
  const matches = allMatches(c, s, n);
  // FindAllString returns a nil slice when nothing matches.
  return sliceOf(matches.map((m) => s.slice(m[0], m[1])), '[]string');
}

function find(c: Compiled, s: string): string {
  const m = allMatches(c, s, 1)[0];
  return m ? s.slice(m[0], m[1]) : '';
}

/** Regexp.Split. */
function split(c: Compiled, s: string, n: number): GoValue {
  if (n === 0) return sliceOf([], '[]string');
  if (c.re.pattern().length > 0 && s.length === 0) return sliceOf([''], '[]string');
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of allMatches(c, s, n)) {
    if (n > 0 && out.length === n - 1) break;
    end = m[0];
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1];
  }
  if (end !== s.length) out.push(s.slice(beg));
  return sliceOf(out, '[]string');
}

const WORD_RE = /^[\p{L}\p{Nd}_]+/u;

/** Regexp.Expand: `$name`/`${name}` take the longest run of letters, digits and `_`, so `$1x` names group "1x". */
function expand(c: Compiled, template: string, s: string, m: number[]): string {
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const brace = rest.startsWith('{');
    const body = brace ? rest.slice(1) : rest;
    const name = WORD_RE.exec(body)?.[0];
    if (name === undefined || (brace && body[name.length] !== '}')) {
      out += '$';
      continue;
    }
    rest = body.slice(name.length + (brace ? 1 : 0));
    const group = groupIndex(c, name);
    if (group !== undefined && 2 * group + 1 < m.length && m[2 * group] >= 0) out += s.slice(m[2 * group], m[2 * group + 1]);
  }
  return out + rest;
}

function groupIndex(c: Compiled, name: string): number | undefined {
  if (/^[0-9]+$/.test(name) && !(name.length > 1 && name[0] === '0') && name.length <= 8) return Number(name);
  return c.names.get(name);
}

function replaceAll(c: Compiled, s: string, repl: string, literal: boolean): string {
  let out = '';
  let last = 0;
  for (const m of allMatches(c, s, -1)) {
    out += s.slice(last, m[0]) + (literal ? repl : expand(c, repl, s, m));
    last = m[1];
  }
  return out + s.slice(last);
}

/** regexp.QuoteMeta. */
function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const str = (v: GoValue): string => v as string;
const num = (v: GoValue): number => Number((v as { value: bigint }).value);

type Compiler = (pattern: string) => Compiled;

function family(prefix: '' | 'must', comp: Compiler): GoFunction[] {
  const name = (n: string): string => (prefix ? 'must' + n[0].toUpperCase() + n.slice(1) : n);
  const opts = (result: string) => ({ result, returnsError: prefix === 'must' });
  return [
    goFunc(name('regexFindAll'), [STR, STR, INT], (r, s, n) => findAll(comp(str(r)), str(s), num(n)), opts('[]string')),
    goFunc(name('regexFind'), [STR, STR], (r, s) => find(comp(str(r)), str(s)), opts(STR)),
    goFunc(name('regexReplaceAll'), [STR, STR, STR], (r, s, t) => replaceAll(comp(str(r)), str(s), str(t), false), opts(STR)),
    goFunc(name('regexReplaceAllLiteral'), [STR, STR, STR], (r, s, t) => replaceAll(comp(str(r)), str(s), str(t), true), opts(STR)),
    goFunc(name('regexSplit'), [STR, STR, INT], (r, s, n) => split(comp(str(r)), str(s), num(n)), opts('[]string')),
  ];
}

function regexMatch(pattern: string, s: string): boolean {
  const c = compileCached(pattern);
  return !(c instanceof Error) && c.re.re2().match(s);
}

export const regexFuncs: GoFunction[] = [
  goFunc('regexMatch', [STR, STR], (r, s) => regexMatch(str(r), str(s)), { result: 'bool' }),
  goFunc('mustRegexMatch', [STR, STR], (r, s) => compile(str(r)).re.re2().match(str(s)), { result: 'bool', returnsError: true }),
  ...family('', mustCompile),
  ...family('must', compile),
  goFunc('regexQuoteMeta', [STR], (s) => quoteMeta(str(s)), { result: STR }),
];
