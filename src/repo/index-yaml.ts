// A fast reader for the block-style YAML that repository indexes are written in (yaml.v2's output as
// helm, chart-releaser and chartmuseum write it, yaml.v3's, and hand-edited files in the same style).
// It reads line by line straight into Go values, without the general reader's document tree: a
// 20,000-entry index takes a small fraction of that reader's time and memory. On anything outside
// the subset it knows (anchors, tags, folded or indented block scalars, flow collections over several
// lines, tabs in indentation, several documents, every error) it gives up, and the caller uses the
// general reader (src/yaml/read.ts), so its value is always the one that reader gives.
import type { GoValue } from '../gotemplate/value.js';
import { resolvePlain } from '../yaml/resolve.js';

const NL = 0x0a;
const TAB = 0x09;
const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const PIPE = 0x7c;

/** Thrown (one shared instance) when the text leaves the subset; never escapes this module. */
const OUTSIDE_SUBSET = new Error('outside the fast reader subset');

function giveUp(): never {
  throw OUTSIDE_SUBSET;
}

/** Characters that start something other than a plain scalar (or might: the reader stays safe). */
function startsNonPlain(c: number): boolean {
  // ! " # % & ' * , > ? @ [ ] ` { | } and ':' (a '-' is checked by the callers: "-1" is plain).
  return c === 0x21 || c === DQUOTE || c === HASH || c === 0x25 || c === 0x26 || c === SQUOTE || c === 0x2a || c === COMMA || c === 0x3e || c === 0x3f || c === 0x40 || c === LBRACKET || c === RBRACKET || c === 0x60 || c === LBRACE || c === PIPE || c === RBRACE || c === COLON;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** A plain scalar's Go value, as the general reader resolves it. */
function plainValue(s: string): GoValue {
  const r = resolvePlain(s);
  switch (r.kind) {
    case 'str':
    case 'timestamp':
      return r.value;
    case 'bool':
      return r.value;
    case 'null':
      return null;
    case 'int':
      return Number(r.value);
    case 'float':
      // NaN and infinities are errors after the JSON step: the general reader words them.
      if (!Number.isFinite(r.value)) giveUp();
      return r.value;
    case 'merge':
      return giveUp();
  }
}

/** The escapes of a double-quoted scalar that stand for one fixed character. */
const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', "'": "'", '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };
const HEX_DIGITS = /^[0-9a-fA-F]+$/;
// The characters the fast reader reads: yaml.v2's printable ones less the line breaks other than
// LF (CR, NEL, U+2028, U+2029) and the byte order mark, which it leaves to the general reader.
// eslint-disable-next-line no-control-regex -- control characters are what it matches
const OUTSIDE_CHARACTERS = /[^\x09\x0A\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]/u;

class BlockReader {
  /** Start of the current line. */
  private pos = 0;

  constructor(private readonly text: string) {}

  document(): GoValue {
    if (this.nextContent() !== 0) giveUp();
    const root = this.mapping(0, -1);
    if (this.nextContent() !== -1) giveUp();
    return root;
  }

  private lineEnd(from: number): number {
    const nl = this.text.indexOf('\n', from);
    return nl < 0 ? this.text.length : nl;
  }

  /** Offset of the line after the one holding `from` (the text's length on the last line). */
  private nextLine(from: number): number {
    const nl = this.text.indexOf('\n', from);
    return nl < 0 ? this.text.length : nl + 1;
  }

  /**
   * Moves to the next line with content (skipping empty and comment lines) and returns its
   * indentation, or -1 at the end of the text.
   */
  private nextContent(): number {
    const t = this.text;
    while (this.pos < t.length) {
      let i = this.pos;
      while (t.charCodeAt(i) === SPACE) i++;
      if (i >= t.length) {
        this.pos = t.length;
        return -1;
      }
      const c = t.charCodeAt(i);
      if (c === NL) {
        this.pos = i + 1;
        continue;
      }
      if (c === HASH) {
        this.pos = this.nextLine(i);
        continue;
      }
      if (c === TAB) giveUp();
      // Document markers (and keys that merely start like them) are left to the general reader.
      if (i === this.pos && (t.startsWith('---', i) || t.startsWith('...', i))) giveUp();
      return i - this.pos;
    }
    return -1;
  }

  private isSequenceEntry(at: number): boolean {
    if (this.text.charCodeAt(at) !== DASH) return false;
    const next = this.text.charCodeAt(at + 1);
    return next === SPACE || next === NL || at + 1 >= this.text.length || next === TAB;
  }

  /**
   * A block mapping whose keys stand at column `indent`. `firstKeyAt` is the offset of its first key
   * when that key follows a sequence entry's "- " on the current line, else -1.
   */
  private mapping(indent: number, firstKeyAt: number): Map<string, GoValue> {
    const out = new Map<string, GoValue>();
    let at = firstKeyAt;
    for (;;) {
      if (at < 0) {
        const lineIndent = this.nextContent();
        if (lineIndent < indent) return out;
        if (lineIndent > indent) giveUp();
        at = this.pos + indent;
        if (this.isSequenceEntry(at)) return out;
      }
      const { key, after } = this.key(at);
      out.set(key, this.valueAfterIndicator(after, indent));
      at = -1;
    }
  }

  /** The key starting at `at` and the offset after its ':' (which a blank or the line's end follows). */
  private key(at: number): { key: string; after: number } {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === DQUOTE || c === SQUOTE) {
      const quoted = this.quoted(at, -1);
      if (quoted === undefined) giveUp();
      let i = quoted.end;
      while (t.charCodeAt(i) === SPACE) i++;
      if (t.charCodeAt(i) !== COLON || !this.endsToken(i + 1)) giveUp();
      return { key: quoted.value, after: i + 1 };
    }
    if (startsNonPlain(c) || c === DASH) giveUp();
    const colon = this.keyColon(at);
    if (colon < 0) giveUp();
    let end = colon;
    while (t.charCodeAt(end - 1) === SPACE) end--;
    const key = t.slice(at, end);
    if (key.length > 1000 || key === '<<' || key.includes(' #') || key.includes('\t')) giveUp();
    const r = resolvePlain(key);
    if (r.kind !== 'str' && r.kind !== 'timestamp') giveUp();
    return { key, after: colon + 1 };
  }

  /** Whether `i` is a blank or the end of a line. */
  private endsToken(i: number): boolean {
    const c = this.text.charCodeAt(i);
    return c === SPACE || c === NL || c === TAB || i >= this.text.length;
  }

  /** The offset of the ':' that ends a plain key starting at `at` on its line, or -1. */
  private keyColon(at: number): number {
    const t = this.text;
    const end = this.lineEnd(at);
    for (let colon = t.indexOf(':', at); colon >= 0 && colon < end; colon = t.indexOf(':', colon + 1)) {
      if (this.endsToken(colon + 1)) return colon;
    }
    return -1;
  }

  /** The value after a mapping's ':' at `i - 1`, in a mapping at column `indent`. */
  private valueAfterIndicator(i: number, indent: number): GoValue {
    const t = this.text;
    while (t.charCodeAt(i) === SPACE) i++;
    const c = t.charCodeAt(i);
    if (i >= t.length || c === NL || c === HASH) {
      this.pos = this.nextLine(i);
      return this.nested(indent, true);
    }
    if (c === TAB) giveUp();
    return this.inlineValue(i, indent);
  }

  /** A block collection on the lines below a key or "-" at column `parentIndent`, or null. */
  private nested(parentIndent: number, afterKey: boolean): GoValue {
    const lineIndent = this.nextContent();
    if (lineIndent < 0) return null;
    const at = this.pos + lineIndent;
    if (lineIndent > parentIndent) return this.isSequenceEntry(at) ? this.sequence(lineIndent) : this.mapping(lineIndent, -1);
    // yaml.v2 writes a mapping's sequences at the mapping's own column.
    if (lineIndent === parentIndent && afterKey && this.isSequenceEntry(at)) return this.sequence(lineIndent);
    return null;
  }

  /** A block sequence whose "-" stand at column `indent`. */
  private sequence(indent: number): GoValue[] {
    const t = this.text;
    const out: GoValue[] = [];
    for (;;) {
      const lineIndent = this.nextContent();
      if (lineIndent < indent) return out;
      if (lineIndent > indent) giveUp();
      const dash = this.pos + indent;
      if (!this.isSequenceEntry(dash)) return out;
      let i = dash + 1;
      while (t.charCodeAt(i) === SPACE) i++;
      const c = t.charCodeAt(i);
      if (i >= t.length || c === NL || c === HASH) {
        this.pos = this.nextLine(i);
        out.push(this.nested(indent, false));
        continue;
      }
      if (c === TAB || this.isSequenceEntry(i)) giveUp();
      out.push(this.startsKey(i) ? this.mapping(i - this.pos, i) : this.inlineValue(i, indent));
    }
  }

  /** Whether a mapping key starts at `i` (after a sequence entry's "- "). */
  private startsKey(i: number): boolean {
    const c = this.text.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const quoted = this.quoted(i, -1);
      if (quoted === undefined) return false;
      let j = quoted.end;
      while (this.text.charCodeAt(j) === SPACE) j++;
      return this.text.charCodeAt(j) === COLON;
    }
    if (c === LBRACKET || c === LBRACE || c === PIPE) return false;
    return this.keyColon(i) >= 0;
  }

  /** A scalar or flow collection starting at `i` on the current line, in a collection at column `indent`. */
  private inlineValue(i: number, indent: number): GoValue {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const quoted = this.quoted(i, indent);
      if (quoted === undefined) giveUp();
      this.finishLine(quoted.end);
      return quoted.value;
    }
    if (c === LBRACKET || c === LBRACE) {
      const flow = new FlowReader(t, i);
      const value = flow.node();
      this.finishLine(flow.pos);
      return value;
    }
    if (c === PIPE) return this.literal(i, indent);
    if (c === DASH || c === 0x3f || c === COLON ? this.endsToken(i + 1) : startsNonPlain(c)) giveUp();
    return this.plain(i, indent);
  }

  /** After a value ending at `i`: only blanks and a comment may follow on its line. */
  private finishLine(i: number): void {
    const t = this.text;
    const start = i;
    while (t.charCodeAt(i) === SPACE) i++;
    const c = t.charCodeAt(i);
    if (i >= t.length || c === NL || (c === HASH && i > start)) {
      this.pos = this.nextLine(i);
      return;
    }
    giveUp();
  }

  /** A plain scalar starting at `i`, continued on more indented lines (folded as YAML folds them). */
  private plain(i: number, indent: number): GoValue {
    const t = this.text;
    const lineEnd = this.lineEnd(i);
    const first = this.plainLine(i, lineEnd);
    this.pos = this.nextLine(lineEnd);
    if (first.comment) return plainValue(first.text);
    let value = first.text;
    let breaks = 0;
    while (this.pos < t.length) {
      let k = this.pos;
      while (t.charCodeAt(k) === SPACE) k++;
      const c = t.charCodeAt(k);
      if (c === NL) {
        breaks++;
        this.pos = k + 1;
        continue;
      }
      if (k >= t.length || k - this.pos <= indent || c === HASH) break;
      if (c === TAB || startsNonPlain(c) || c === DASH) giveUp();
      const end = this.lineEnd(k);
      const line = this.plainLine(k, end);
      if (line.comment) giveUp();
      value += breaks === 0 ? ' ' + line.text : '\n'.repeat(breaks) + line.text;
      breaks = 0;
      this.pos = this.nextLine(end);
    }
    return plainValue(value);
  }

  /** One line of a plain scalar, without trailing blanks; `comment` when a comment ends it. */
  private plainLine(i: number, end: number): { text: string; comment: boolean } {
    const t = this.text;
    let stop = end;
    let comment = false;
    for (let j = i; j < end; j++) {
      const c = t.charCodeAt(j);
      if (c === COLON && (j + 1 === end || isBlank(t.charCodeAt(j + 1)))) giveUp();
      if (c === HASH && isBlank(t.charCodeAt(j - 1))) {
        stop = j;
        comment = true;
        break;
      }
    }
    while (stop > i && isBlank(t.charCodeAt(stop - 1))) stop--;
    return { text: t.slice(i, stop), comment };
  }

  /**
   * A single- or double-quoted scalar starting at `i`; it may span lines when `indent` >= 0 (its
   * continuation lines must be indented past that column), else it must end on its line
   * (undefined when it does not). Moves to the line where it ends.
   */
  private quoted(i: number, indent: number): { value: string; end: number } | undefined {
    const t = this.text;
    const quote = t.charCodeAt(i);
    const double = quote === DQUOTE;
    // Fast path: no escapes and no line break before the closing quote.
    const close = t.indexOf(double ? '"' : "'", i + 1);
    if (close >= 0) {
      const nl = t.indexOf('\n', i + 1);
      if ((nl < 0 || close < nl) && (double ? !this.hasBackslash(i + 1, close) : t.charCodeAt(close + 1) !== SQUOTE)) {
        return { value: t.slice(i + 1, close), end: close + 1 };
      }
    }
    let out = '';
    let blanks = '';
    let j = i + 1;
    for (;;) {
      if (j >= t.length) giveUp();
      const c = t.charCodeAt(j);
      if (c === quote) {
        if (!double && t.charCodeAt(j + 1) === SQUOTE) {
          out += blanks + "'";
          blanks = '';
          j += 2;
          continue;
        }
        return { value: out + blanks, end: j + 1 };
      }
      if (c === SPACE || c === TAB) {
        blanks += t[j];
        j++;
        continue;
      }
      if (c === NL) {
        if (indent < 0) return undefined;
        const fold = this.foldLines(j + 1, indent);
        out += fold.breaks === 0 ? ' ' : '\n'.repeat(fold.breaks);
        blanks = '';
        j = fold.next;
        continue;
      }
      out += blanks;
      blanks = '';
      if (double && c === BACKSLASH) {
        const e = t[j + 1];
        if (e === '\n') {
          if (indent < 0) return undefined;
          const fold = this.foldLines(j + 2, indent);
          out += '\n'.repeat(fold.breaks);
          j = fold.next;
          continue;
        }
        const simple = SIMPLE_ESCAPES[e];
        if (simple !== undefined) {
          out += simple;
          j += 2;
          continue;
        }
        const length = HEX_ESCAPE_LENGTH[e];
        if (length === undefined) giveUp();
        const hex = t.slice(j + 2, j + 2 + length);
        if (hex.length !== length || !HEX_DIGITS.test(hex)) giveUp();
        const code = parseInt(hex, 16);
        if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) giveUp();
        out += String.fromCodePoint(code);
        j += 2 + length;
        continue;
      }
      // A run of ordinary characters.
      let k = j + 1;
      for (; k < t.length; k++) {
        const d = t.charCodeAt(k);
        if (d === quote || d === SPACE || d === TAB || d === NL || (double && d === BACKSLASH)) break;
      }
      out += t.slice(j, k);
      j = k;
    }
  }

  private hasBackslash(from: number, to: number): boolean {
    for (let k = from; k < to; k++) if (this.text.charCodeAt(k) === BACKSLASH) return true;
    return false;
  }

  /**
   * Skips a quoted scalar's line break at `from - 1`: empty lines (counted) and the next line's
   * indentation, which must go past column `indent`. Returns the offset of its first character.
   */
  private foldLines(from: number, indent: number): { breaks: number; next: number } {
    const t = this.text;
    let breaks = 0;
    let k = from;
    for (;;) {
      const lineStart = k;
      while (t.charCodeAt(k) === SPACE) k++;
      const c = t.charCodeAt(k);
      if (k >= t.length || c === TAB) giveUp();
      if (c === NL) {
        breaks++;
        k++;
        continue;
      }
      if (k - lineStart <= indent) giveUp();
      this.pos = lineStart;
      return { breaks, next: k };
    }
  }

  /** A literal block scalar (`|`, `|-`, `|+`) whose header is at `i`, in a collection at column `indent`. */
  private literal(i: number, indent: number): string {
    const t = this.text;
    let h = i + 1;
    let chomp = '';
    let explicitIndent = 0;
    for (let n = 0; n < 2; n++, h++) {
      const c = t[h];
      if ((c === '-' || c === '+') && chomp === '') chomp = c;
      else if (c >= '1' && c <= '9' && explicitIndent === 0) explicitIndent = Number(c);
      else break;
    }
    this.finishLine(h);
    let contentIndent = explicitIndent > 0 ? indent + explicitIndent : -1;
    let out = '';
    // Line breaks since the last content (before the first: empty lines, kept as such).
    let breaks = 0;
    let leadingMax = 0;
    let sawContent = false;
    while (this.pos < t.length) {
      let k = this.pos;
      while (t.charCodeAt(k) === SPACE) k++;
      const spaces = k - this.pos;
      const c = t.charCodeAt(k);
      const empty = k >= t.length || c === NL;
      if (contentIndent < 0) {
        if (empty) {
          leadingMax = Math.max(leadingMax, spaces);
          if (k >= t.length) break;
          breaks++;
          this.pos = k + 1;
          continue;
        }
        if (spaces <= indent || spaces < leadingMax || c === TAB) giveUp();
        contentIndent = spaces;
      }
      if (empty && spaces <= contentIndent) {
        if (k >= t.length) {
          this.pos = t.length;
          break;
        }
        breaks++;
        this.pos = k + 1;
        continue;
      }
      if (spaces < contentIndent) {
        if (c === TAB) giveUp();
        break;
      }
      const end = this.lineEnd(k);
      out += '\n'.repeat(breaks) + t.slice(this.pos + contentIndent, end);
      sawContent = true;
      breaks = end < t.length ? 1 : 0;
      this.pos = this.nextLine(end);
    }
    if (!sawContent) giveUp();
    if (chomp === '-') return out;
    if (chomp === '+') return out + '\n'.repeat(breaks);
    return breaks > 0 ? out + '\n' : out;
  }
}

/** A flow collection (`[...]`, `{...}`) that ends on the line it starts on. */
class FlowReader {
  constructor(
    private readonly text: string,
    public pos: number,
  ) {}

  private skipSpaces(): number {
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
    return this.text.charCodeAt(this.pos);
  }

  node(): GoValue {
    const c = this.skipSpaces();
    if (c === LBRACKET) return this.sequence();
    if (c === LBRACE) return this.mapping();
    if (c === DQUOTE || c === SQUOTE) return this.quoted();
    return this.plain();
  }

  private sequence(): GoValue[] {
    const out: GoValue[] = [];
    this.pos++;
    if (this.skipSpaces() === RBRACKET) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.node());
      const c = this.skipSpaces();
      this.pos++;
      if (c === RBRACKET) return out;
      if (c !== COMMA || this.skipSpaces() === RBRACKET) giveUp();
    }
  }

  private mapping(): Map<string, GoValue> {
    const out = new Map<string, GoValue>();
    this.pos++;
    if (this.skipSpaces() === RBRACE) {
      this.pos++;
      return out;
    }
    for (;;) {
      const c = this.skipSpaces();
      const key = c === DQUOTE || c === SQUOTE ? this.quoted() : this.plain();
      if (typeof key !== 'string' || this.skipSpaces() !== COLON || this.text.charCodeAt(this.pos + 1) !== SPACE) giveUp();
      this.pos++;
      out.set(key, this.node());
      const d = this.skipSpaces();
      this.pos++;
      if (d === RBRACE) return out;
      if (d !== COMMA || this.skipSpaces() === RBRACE) giveUp();
    }
  }

  private quoted(): string {
    const t = this.text;
    const quote = t[this.pos];
    const close = t.indexOf(quote, this.pos + 1);
    if (close < 0) giveUp();
    const value = t.slice(this.pos + 1, close);
    // Escapes, doubled quotes and line breaks are left to the general reader.
    if (value.includes('\n') || (quote === '"' ? value.includes('\\') : t[close + 1] === "'")) giveUp();
    this.pos = close + 1;
    return value;
  }

  private plain(): GoValue {
    const t = this.text;
    const start = this.pos;
    const first = t.charCodeAt(start);
    if (startsNonPlain(first) || (first === DASH && isBlank(t.charCodeAt(start + 1)))) giveUp();
    let i = start;
    for (; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === COMMA || c === RBRACKET || c === RBRACE) break;
      if (c === COLON && (isBlank(t.charCodeAt(i + 1)) || t.charCodeAt(i + 1) === COMMA || t.charCodeAt(i + 1) === RBRACKET || t.charCodeAt(i + 1) === RBRACE)) break;
      if (c === NL || c === TAB || c === LBRACKET || c === LBRACE || (c === HASH && t.charCodeAt(i - 1) === SPACE)) giveUp();
    }
    let end = i;
    while (end > start && t.charCodeAt(end - 1) === SPACE) end--;
    if (end === start) giveUp();
    this.pos = i;
    return plainValue(t.slice(start, end));
  }
}

/**
 * The value of an index.yaml (or any block-style YAML mapping in the subset) exactly as
 * parseYaml gives it, or undefined when the text is outside the subset: then use parseYaml.
 */
export function readIndexYaml(text: string): GoValue | undefined {
  if (OUTSIDE_CHARACTERS.test(text)) return undefined;
  try {
    return new BlockReader(text).document();
  } catch (err) {
    if (err === OUTSIDE_SUBSET) return undefined;
    throw err;
  }
}
