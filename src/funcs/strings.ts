// sprig's string functions (strings.go and the string entries of functions.go, sprig v3.3.0).
// Go strings are byte sequences: functions that slice by byte index (trunc, substr, abbrev) work on
// the UTF-8 bytes, with a direct path for ASCII text.
import { formatValue } from '../gotemplate/fmt.js';
import { goStringByteLength, goStringBytes, goStringFromBytes } from '../gotemplate/gostring.js';
import { quote } from '../gotemplate/strconv.js';
import { GoError, goFunc, mapOf, sliceOf, type GoFunction, type GoValue } from '../gotemplate/value.js';
import { strslice, strval } from './cast.js';
import {
  abbreviateFull,
  camelCaseToLowerCase,
  deleteWhiteSpace,
  goTitle,
  goToLower,
  goToUpper,
  initials,
  swapCase,
  toPascalCase,
  trimSpace,
  uncapitalize,
  wrapCustom,
} from './strcase.js';

const ANY = 'interface {}';
const STR = 'string';
const INT = 'int';

const num = (v: GoValue): number => Number((v as { value: bigint }).value);
const str = (v: GoValue): string => v as string;

const isAscii = (s: string): boolean => Buffer.byteLength(s, 'utf8') === s.length;

/** Go's `s[low:high]` on a string's bytes, with Go's bounds panics. `low`/`high` undefined mean omitted. */
export function sliceString(s: string, low: number | undefined, high: number | undefined): string {
  const ascii = isAscii(s);
  const bytes = ascii ? undefined : goStringBytes(s);
  const len = bytes ? bytes.length : s.length;
  const lo = low ?? 0;
  const hi = high ?? len;
  if (high !== undefined && (hi < 0 || hi > len)) {
    throw new GoError(hi < 0 ? `runtime error: slice bounds out of range [:${hi}]` : `runtime error: slice bounds out of range [:${hi}] with length ${len}`);
  }
  if (lo < 0) throw new GoError(`runtime error: slice bounds out of range [${lo}:]`);
  if (lo > hi) throw new GoError(`runtime error: slice bounds out of range [${lo}:${hi}]`);
  return bytes ? goStringFromBytes(bytes.subarray(lo, hi)) : s.slice(lo, hi);
}

function repeat(s: string, count: number): string {
  if (count < 0) throw new GoError('strings: negative Repeat count');
  return s.repeat(count);
}

/** strings.Trim with a cutset of runes. */
function trimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const set = new Set(Array.from(cutset));
  const runes = Array.from(s);
  let start = 0;
  let end = runes.length;
  while (start < end && set.has(runes[start])) start++;
  while (end > start && set.has(runes[end - 1])) end--;
  return runes.slice(start, end).join('');
}

/** strings.SplitN (n < 0: all parts; n == 0: none); an empty separator splits into runes. */
export function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const runes = Array.from(s);
    if (n < 0 || n >= runes.length) return runes;
    return [...runes.slice(0, n - 1), runes.slice(n - 1).join('')];
  }
  if (n < 0) return s.split(sep);
  const parts: string[] = [];
  let rest = s;
  while (parts.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    parts.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  parts.push(rest);
  return parts;
}

function indexedMap(parts: string[]): Map<string, GoValue> {
  const m = new Map<string, GoValue>();
  parts.forEach((p, i) => m.set(`_${i}`, p));
  return mapOf(m, 'map[string]string');
}

function trunc(c: number, s: string): string {
  const len = goStringByteLength(s);
  if (c < 0 && len + c > 0) return sliceString(s, len + c, undefined);
  if (c >= 0 && len > c) return sliceString(s, undefined, c);
  return s;
}

function substr(start: number, end: number, s: string): string {
  if (start < 0) return sliceString(s, undefined, end);
  if (end < 0 || end > goStringByteLength(s)) return sliceString(s, start, undefined);
  return sliceString(s, start, end);
}

function abbrev(width: number, s: string): string {
  if (width < 4) return s;
  try {
    return abbreviateFull(s, 0, width);
  } catch {
    return '';
  }
}

function abbrevboth(left: number, right: number, s: string): string {
  if (right < 4 || (left > 0 && right < 7)) return s;
  try {
    return abbreviateFull(s, left, right);
  } catch {
    return '';
  }
}

/** strings.Replace(s, old, new, -1): an empty `old` matches before every rune and at the end. */
function replaceAll(s: string, old: string, replacement: string): string {
  if (old !== '') return s.replaceAll(old, replacement);
  return replacement + Array.from(s, (r) => r + replacement).join('');
}

function indent(spaces: number, v: string): string {
  const pad = repeat(' ', spaces);
  return pad + v.replaceAll('\n', '\n' + pad);
}

const STRING_SLICE = '[]string';

export const stringFuncs: GoFunction[] = [
  goFunc('hello', [], () => 'Hello!', { result: STR }),
  goFunc('abbrev', [INT, STR], (w, s) => abbrev(num(w), str(s)), { result: STR }),
  goFunc('abbrevboth', [INT, INT, STR], (l, r, s) => abbrevboth(num(l), num(r), str(s)), { result: STR }),
  goFunc('trunc', [INT, STR], (c, s) => trunc(num(c), str(s)), { result: STR }),
  goFunc('trim', [STR], (s) => trimSpace(str(s)), { result: STR }),
  goFunc('upper', [STR], (s) => goToUpper(str(s)), { result: STR }),
  goFunc('lower', [STR], (s) => goToLower(str(s)), { result: STR }),
  goFunc('title', [STR], (s) => goTitle(str(s)), { result: STR }),
  goFunc('untitle', [STR], (s) => uncapitalize(str(s)), { result: STR }),
  goFunc('substr', [INT, INT, STR], (a, b, s) => substr(num(a), num(b), str(s)), { result: STR }),
  goFunc('repeat', [INT, STR], (c, s) => repeat(str(s), num(c)), { result: STR }),
  goFunc('trimall', [STR, STR], (a, b) => trimCutset(str(b), str(a)), { result: STR }),
  goFunc('trimAll', [STR, STR], (a, b) => trimCutset(str(b), str(a)), { result: STR }),
  goFunc('trimSuffix', [STR, STR], (a, b) => (str(b).endsWith(str(a)) ? str(b).slice(0, str(b).length - str(a).length) : str(b)), { result: STR }),
  goFunc('trimPrefix', [STR, STR], (a, b) => (str(b).startsWith(str(a)) ? str(b).slice(str(a).length) : str(b)), { result: STR }),
  goFunc('nospace', [STR], (s) => deleteWhiteSpace(str(s)), { result: STR }),
  goFunc('initials', [STR], (s) => initials(str(s)), { result: STR }),
  goFunc('swapcase', [STR], (s) => swapCase(str(s)), { result: STR }),
  goFunc('snakecase', [STR], (s) => camelCaseToLowerCase(str(s), '_'), { result: STR }),
  goFunc('camelcase', [STR], (s) => toPascalCase(str(s)), { result: STR }),
  goFunc('kebabcase', [STR], (s) => camelCaseToLowerCase(str(s), '-'), { result: STR }),
  goFunc('wrap', [INT, STR], (l, s) => wrapCustom(str(s), num(l), '', false), { result: STR }),
  goFunc('wrapWith', [INT, STR, STR], (l, sep, s) => wrapCustom(str(s), num(l), str(sep), true), { result: STR }),
  goFunc('contains', [STR, STR], (sub, s) => str(s).includes(str(sub)), { result: 'bool' }),
  goFunc('hasPrefix', [STR, STR], (p, s) => str(s).startsWith(str(p)), { result: 'bool' }),
  goFunc('hasSuffix', [STR, STR], (p, s) => str(s).endsWith(str(p)), { result: 'bool' }),
  goFunc('quote', [], (...args) => args.filter((a) => a !== null).map((a) => quote(strval(a))).join(' '), { variadic: ANY, result: STR }),
  goFunc('squote', [], (...args) => args.filter((a) => a !== null).map((a) => `'${formatValue(a)}'`).join(' '), { variadic: ANY, result: STR }),
  goFunc('cat', [], (...args) => args.filter((a) => a !== null).map(formatValue).join(' '), { variadic: ANY, result: STR }),
  goFunc('indent', [INT, STR], (n, v) => indent(num(n), str(v)), { result: STR }),
  goFunc('nindent', [INT, STR], (n, v) => '\n' + indent(num(n), str(v)), { result: STR }),
  goFunc('replace', [STR, STR, STR], (o, n, s) => replaceAll(str(s), str(o), str(n)), { result: STR }),
  goFunc('plural', [STR, STR, INT], (one, many, c) => (num(c) === 1 ? one : many), { result: STR }),
  goFunc('toString', [ANY], (v) => strval(v), { result: STR }),
  goFunc('split', [STR, STR], (sep, s) => indexedMap(splitN(str(s), str(sep), -1)), { result: 'map[string]string' }),
  goFunc('splitList', [STR, STR], (sep, s) => sliceOf(splitN(str(s), str(sep), -1), STRING_SLICE), { result: STRING_SLICE }),
  goFunc('splitn', [STR, INT, STR], (sep, n, s) => indexedMap(splitN(str(s), str(sep), num(n))), { result: 'map[string]string' }),
  goFunc('toStrings', [ANY], (v) => sliceOf(strslice(v).slice(), STRING_SLICE), { result: STRING_SLICE }),
  goFunc('join', [STR, ANY], (sep, v) => strslice(v).join(str(sep)), { result: STR }),
];
