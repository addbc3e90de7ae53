// The `--set` family of Helm's command line (pkg/strvals): `a.b[0]=x,c={1,2}` into a values map.
//
// The grammar and its corner cases (escapes, gaps in lists filled with nil, the type assertions that
// Go recovers from as "unable to parse key" errors) follow helm 4.1.4 exactly; errors carry Go's texts.
import { quote, quoteRune } from '../gotemplate/quote.js';
import { GoError, GoInt, fromJS, typeName, type GoValue } from '../gotemplate/value.js';

/** Reads the file a `--set-file` value names; throws a GoError with Go's text when it cannot. */
export type SetFileReader = (path: string) => string;

/** Largest list index accepted (strvals.MaxIndex). */
export const MAX_INDEX = 65536n;
/** Deepest `a.b.c` nesting accepted (strvals.MaxNestedNameLevel). */
export const MAX_NESTED_NAME_LEVEL = 30;

/** A Go error of the parser; `eof` marks io.EOF and errors wrapping it (end of input is not a failure). */
class StrvalsError extends GoError {
  constructor(
    message: string,
    readonly eof = false,
  ) {
    super(message);
  }
  wrap(prefix: string): StrvalsError {
    return new StrvalsError(`${prefix}: ${this.message}`, this.eof);
  }
}

const EOF = new StrvalsError('EOF', true);
const NOT_LIST = new StrvalsError('not a list');

/** A failed Go type assertion: a panic that the nearest `key` call turns into an error. */
class AssertionPanic extends Error {}

type Mode = 'typed' | 'string' | 'json' | 'file' | 'literal';

const KEY_STOP = new Set(['=', '[', ',', '.']);
const LITERAL_KEY_STOP = new Set(['=', '[', '.']);
const INDEX_STOP = new Set([']']);
const ITEM_STOP = new Set(['[', '.', '=']);
const VALUE_STOP = new Set([',']);
const LIST_STOP = new Set([',', '}']);
const NO_STOP = new Set<string>();

interface Runes {
  text: string;
  /** The stop rune that ended the run; undefined at end of input. */
  last: string | undefined;
  err: StrvalsError | null;
}

class Parser {
  private readonly runes: string[];
  private pos = 0;

  constructor(
    input: string,
    private readonly mode: Mode,
    private readonly readFile?: SetFileReader,
  ) {
    this.runes = Array.from(input);
  }

  parse(data: Map<string, GoValue>): void {
    for (;;) {
      const err = this.key(data, 0);
      if (err === null) continue;
      if (err.eof) return;
      throw err;
    }
  }

  private readRune(): string | undefined {
    return this.pos < this.runes.length ? this.runes[this.pos++] : undefined;
  }

  private runesUntil(stop: Set<string>): Runes {
    let text = '';
    const escapes = this.mode !== 'literal';
    for (;;) {
      const r = this.readRune();
      if (r === undefined) return { text, last: undefined, err: EOF };
      if (stop.has(r)) return { text, last: r, err: null };
      if (r === '\\' && escapes) {
        const next = this.readRune();
        if (next === undefined) return { text, last: undefined, err: EOF };
        text += next;
      } else {
        text += r;
      }
    }
  }

  private key(data: Map<string, GoValue>, level: number): StrvalsError | null {
    try {
      return this.keyUnguarded(data, level);
    } catch (e) {
      if (e instanceof AssertionPanic) return new StrvalsError(`unable to parse key: ${e.message}`);
      throw e;
    }
  }

  private keyUnguarded(data: Map<string, GoValue>, level: number): StrvalsError | null {
    const { text: k, last, err } = this.runesUntil(this.mode === 'literal' ? LITERAL_KEY_STOP : KEY_STOP);
    if (err) return k.length === 0 ? err : new StrvalsError(`key ${quote(k)} has no value`);
    switch (last) {
      case '[': {
        const index = this.keyIndex();
        if (index instanceof StrvalsError) return index.wrap('error parsing index');
        const list = data.has(k) ? assertList(data.get(k)!) : [];
        const [result, itemErr] = this.listItem(list, index, level);
        set(data, k, result);
        return itemErr;
      }
      case '=':
        return this.keyValue(data, k);
      case ',':
        set(data, k, '');
        return new StrvalsError(`key ${quote(k)} has no value (cannot end with ,)`);
      default: {
        // '.': a nested map.
        level++;
        if (level > MAX_NESTED_NAME_LEVEL) {
          return new StrvalsError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
        }
        const inner = data.has(k) ? assertMap(data.get(k)!) : new Map<string, GoValue>();
        const innerErr = this.key(inner, level);
        if (innerErr === null && inner.size === 0) return new StrvalsError(`key map ${quote(k)} has no value`);
        if (inner.size !== 0) set(data, k, inner);
        return innerErr;
      }
    }
  }

  /** After `key=`: the value, in the form the mode reads. */
  private keyValue(data: Map<string, GoValue>, k: string): StrvalsError | null {
    if (this.mode === 'literal') {
      set(data, k, this.runesUntil(NO_STOP).text);
      return null;
    }
    if (this.mode === 'json') {
      if (this.emptyValue()) {
        set(data, k, null);
        return null;
      }
      const value = this.jsonValue();
      if (value instanceof StrvalsError) return value;
      set(data, k, value);
      this.emptyValue();
      return null;
    }
    const [list, listErr] = this.valueList();
    if (listErr === null) {
      set(data, k, list);
      return null;
    }
    if (listErr.eof) {
      set(data, k, '');
      return listErr;
    }
    if (listErr !== NOT_LIST) return listErr;
    const raw = this.runesUntil(VALUE_STOP);
    if (raw.err && !raw.err.eof) return raw.err;
    const [v, readErr] = this.read(raw.text);
    set(data, k, v);
    return readErr;
  }

  private keyIndex(): bigint | StrvalsError {
    const { text, err } = this.runesUntil(INDEX_STOP);
    if (err) return err;
    return atoi(text);
  }

  private listItem(list: GoValue[], i: bigint, level: number): [GoValue[], StrvalsError | null] {
    if (i < 0n) return [list, new StrvalsError(`negative ${i} index not allowed`)];
    const { text: k, last, err } = this.runesUntil(ITEM_STOP);
    if (k.length > 0) return [list, new StrvalsError(`unexpected data at end of array index: ${goQuoteRunes(k)}`)];
    if (err) return [list, err];
    switch (last) {
      case '=':
        return this.itemValue(list, i);
      case '[': {
        const next = this.keyIndex();
        if (next instanceof StrvalsError) return [list, next.wrap('error parsing index')];
        const existing = list.length > i ? list[Number(i)] : null;
        const current = existing === null ? [] : assertList(existing);
        const [inner, innerErr] = this.listItem(current, next, level);
        if (innerErr) return [list, innerErr];
        return setIndex(list, i, inner);
      }
      default: {
        // '.': a map inside the list; a non-map already there is replaced.
        let inner = new Map<string, GoValue>();
        if (list.length > i) {
          const existing = list[Number(i)];
          if (existing instanceof Map) inner = existing;
          else list[Number(i)] = inner;
        }
        const innerErr = this.key(inner, level);
        if (innerErr) return [list, innerErr];
        return setIndex(list, i, inner);
      }
    }
  }

  private itemValue(list: GoValue[], i: bigint): [GoValue[], StrvalsError | null] {
    if (this.mode === 'literal') return setIndex(list, i, this.runesUntil(NO_STOP).text);
    if (this.mode === 'json') {
      if (this.emptyValue()) return setIndex(list, i, null);
      const value = this.jsonValue();
      if (value instanceof StrvalsError) return [list, value];
      const result = setIndex(list, i, value);
      if (result[1]) return result;
      this.emptyValue();
      return result;
    }
    const [vl, listErr] = this.valueList();
    if (listErr === null) return setIndex(list, i, vl);
    if (listErr.eof) return setIndex(list, i, '');
    if (listErr !== NOT_LIST) return [list, listErr];
    const raw = this.runesUntil(VALUE_STOP);
    if (raw.err && !raw.err.eof) return [list, raw.err];
    const [v, readErr] = this.read(raw.text);
    if (readErr) return [list, readErr];
    return setIndex(list, i, v);
  }

  /** `{a,b}`: NOT_LIST (nothing consumed) when the value does not start with `{`. */
  private valueList(): [GoValue[], StrvalsError | null] {
    const r = this.readRune();
    if (r === undefined) return [[], EOF];
    if (r !== '{') {
      this.pos--;
      return [[], NOT_LIST];
    }
    const list: GoValue[] = [];
    for (;;) {
      const { text, last, err } = this.runesUntil(LIST_STOP);
      if (err) return [list, err.eof ? new StrvalsError("list must terminate with '}'") : err];
      if (last === '}') {
        const next = this.readRune();
        if (next !== undefined && next !== ',') this.pos--;
        const [v, readErr] = this.read(text);
        list.push(v);
        return [list, readErr];
      }
      const [v, readErr] = this.read(text);
      if (readErr) return [list, readErr];
      list.push(v);
    }
  }

  /** The value of a scalar position: typed, string, or a file's contents. */
  private read(text: string): [GoValue, StrvalsError | null] {
    if (this.mode === 'file') {
      try {
        return [this.readFile!(text), null];
      } catch (e) {
        return [null, new StrvalsError(e instanceof Error ? e.message : String(e))];
      }
    }
    return [this.mode === 'string' ? text : typedValue(text), null];
  }

  /** Skips white space; consumes a `,` or the end (an empty value, true) or stops before anything else. */
  private emptyValue(): boolean {
    for (;;) {
      const r = this.readRune();
      if (r === undefined || r === ',') return true;
      if (!isGoSpace(r)) {
        this.pos--;
        return false;
      }
    }
  }

  /** One JSON value as Go's json.Decoder reads it from the rest of the input; consumes just that value. */
  private jsonValue(): GoValue | StrvalsError {
    const rest = this.runes.slice(this.pos).join('');
    const end = jsonValueEnd(rest);
    if (end < 0) return new StrvalsError('invalid JSON value');
    let parsed: unknown;
    try {
      parsed = JSON.parse(rest.slice(0, end));
    } catch (e) {
      return new StrvalsError((e as Error).message);
    }
    if (!finiteNumbers(parsed)) return new StrvalsError('json: cannot unmarshal number into Go value of type float64');
    this.pos += Array.from(rest.slice(0, end)).length;
    return fromJS(parsed);
  }
}

function set(data: Map<string, GoValue>, key: string, value: GoValue): void {
  if (key.length === 0) return;
  data.set(key, value);
}

function setIndex(list: GoValue[], index: bigint, value: GoValue): [GoValue[], StrvalsError | null] {
  if (index < 0n) return [list, new StrvalsError(`negative ${index} index not allowed`)];
  if (index > MAX_INDEX) return [list, new StrvalsError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`)];
  const at = Number(index);
  while (list.length <= at) list.push(null);
  list[at] = value;
  return [list, null];
}

function assertList(v: GoValue): GoValue[] {
  if (Array.isArray(v)) return v;
  throw new AssertionPanic(`interface conversion: interface {} is ${v === null ? 'nil' : typeName(v)}, not []interface {}`);
}

function assertMap(v: GoValue): Map<string, GoValue> {
  if (v instanceof Map) return v;
  throw new AssertionPanic(`interface conversion: interface {} is ${v === null ? 'nil' : typeName(v)}, not map[string]interface {}`);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL = /^[+-]?[0-9]+$/;

/** strconv.Atoi, with its error texts. */
function atoi(s: string): bigint | StrvalsError {
  if (!DECIMAL.test(s)) return new StrvalsError(`strconv.Atoi: parsing ${quote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n < INT64_MIN || n > INT64_MAX) return new StrvalsError(`strconv.Atoi: parsing ${quote(s)}: value out of range`);
  return n;
}

/** `--set` scalars: true/false/null in any case, int64 without a leading zero, else the string. */
export function typedValue(s: string): GoValue {
  if (equalFold(s, 'true')) return true;
  if (equalFold(s, 'false')) return false;
  if (equalFold(s, 'null')) return null;
  if (s === '0') return new GoInt(0n, 'int64');
  if (s.length > 0 && s[0] !== '0' && DECIMAL.test(s)) {
    const n = BigInt(s);
    if (n >= INT64_MIN && n <= INT64_MAX) return new GoInt(n, 'int64');
  }
  return s;
}

/** strings.EqualFold against a lower-case ASCII word: Unicode simple folding also maps ſ to s and K (Kelvin) to k. */
function equalFold(s: string, word: string): boolean {
  const runes = Array.from(s);
  if (runes.length !== word.length) return false;
  for (let i = 0; i < runes.length; i++) {
    const r = runes[i];
    const folded = r === '\u017f' ? 's' : r === '\u212a' ? 'k' : r.length === 1 && r >= 'A' && r <= 'Z' ? r.toLowerCase() : r;
    if (folded !== word[i]) return false;
  }
  return true;
}

const GO_SPACES = new Set(['\t', '\n', '\v', '\f', '\r', ' ', '\u0085', '\u00a0', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000']);

/** unicode.IsSpace */
function isGoSpace(r: string): boolean {
  return GO_SPACES.has(r) || (r >= '\u2000' && r <= '\u200a');
}

const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/;
const JSON_SPACE = new Set([' ', '\t', '\n', '\r']);

/**
 * Where the first JSON value of `s` ends (UTF-16 offset), as Go's json.Decoder delimits it: any
 * character may follow a complete value; -1 when the text cannot start a valid value.
 */
function jsonValueEnd(s: string): number {
  let i = 0;
  while (i < s.length && JSON_SPACE.has(s[i])) i++;
  const c = s[i];
  if (c === '{' || c === '[') {
    let depth = 0;
    for (; i < s.length; i++) {
      const ch = s[i];
      if (ch === '"') {
        i = stringEnd(s, i) - 1;
        if (i < 0) return -1;
      } else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
    }
    return -1;
  }
  if (c === '"') return stringEnd(s, i);
  for (const literal of ['true', 'false', 'null']) if (s.startsWith(literal, i)) return i + literal.length;
  const m = JSON_NUMBER.exec(s.slice(i));
  if (!m) return -1;
  const end = i + m[0].length;
  // Go's scanner fails on a fraction or exponent that has started but has no digits.
  if (s[end] === '.' || s[end] === 'e' || s[end] === 'E') return -1;
  return end;
}

/** End (exclusive) of the JSON string starting at `start`, or -1 when unterminated. */
function stringEnd(s: string, start: number): number {
  for (let i = start + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i + 1;
  }
  return -1;
}

function finiteNumbers(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(finiteNumbers);
  if (v !== null && typeof v === 'object') return Object.values(v).every(finiteNumbers);
  return true;
}

/** Go's %q of a []rune: each rune single-quoted, space-separated, in brackets. */
function goQuoteRunes(s: string): string {
  return '[' + Array.from(s, (r) => quoteRune(r.codePointAt(0)!)).join(' ') + ']';
}

/** `--set`: parses `s` into `into` (strvals.ParseInto). Throws a GoError with strvals' text. */
export function parseSet(s: string, into: Map<string, GoValue>): void {
  new Parser(s, 'typed').parse(into);
}

/** `--set-string`: every scalar stays a string (strvals.ParseIntoString). */
export function parseSetString(s: string, into: Map<string, GoValue>): void {
  new Parser(s, 'string').parse(into);
}

/** `--set-json` in its `key=JSON,...` form (strvals.ParseJSON); an empty value is null. */
export function parseSetJSON(s: string, into: Map<string, GoValue>): void {
  new Parser(s, 'json').parse(into);
}

/** `--set-file`: each value names a file whose contents become the string value (strvals.ParseIntoFile). */
export function parseSetFile(s: string, into: Map<string, GoValue>, readFile: SetFileReader): void {
  new Parser(s, 'file', readFile).parse(into);
}

/** `--set-literal`: the rest of the argument after `=` is the value, commas and all (strvals.ParseLiteralInto). */
export function parseSetLiteral(s: string, into: Map<string, GoValue>): void {
  new Parser(s, 'literal').parse(into);
}
