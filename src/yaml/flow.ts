// How yaml.v2 (libyaml) reads a flow collection, `[...]` or `{...}`, from its opening bracket on:
// where it ends, or the first error it meets. The `yaml` package reports an unclosed collection
// where its own indentation rules end it; libyaml has no such rules inside a flow collection and
// reads on to the end of the stream, so its error (and its line) can only be found by reading as
// libyaml does. Only what can stand inside a flow collection is read here.

/** Where the collection ends (just after its closing bracket), or yaml.v2's first problem in it. */
export type FlowScan =
  | { end: number }
  | { kind: 'scanner' | 'parser'; pos: number; problem: string; atStreamEnd: boolean };

type TokenType = '[' | ']' | '{' | '}' | ',' | '?' | ':' | 'scalar' | 'alias' | 'anchor' | 'tag' | 'other' | 'end' | 'error';

interface Token {
  type: TokenType;
  pos: number;
  /** For 'error': the scanner's problem. */
  problem?: string;
}

interface SimpleKey {
  index: number;
  line: number;
  pos: number;
}

const isBlankz = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isBreak = (c: string | undefined) => c === '\n' || c === '\r';
const ANCHOR_CHAR = /[0-9A-Za-z_-]/;
const TAG_CHAR = /[0-9A-Za-z_\-;/?:@&=+$,.!~*'()[\]%]/;
const DQ_ESCAPES = new Set('0abt\tnvfre "\'\\N_LP/'.split(''));
const HEX = /^[0-9A-Fa-f]$/;
// A simple key longer than this is no longer a key candidate (libyaml's limit).
const MAX_SIMPLE_KEY = 1024;

class FlowTokenizer {
  readonly tokens: Token[] = [];
  private pos: number;
  private line = 0;
  private lineStart = 0;
  private keys: (SimpleKey | null)[] = [];
  private keyAllowed = true;

  constructor(private readonly text: string, start: number) {
    this.pos = start;
    // Lines are counted from the start only for the staleness of simple keys: relative is enough.
    this.lineStart = text.lastIndexOf('\n', start - 1) + 1;
  }

  private get column(): number {
    return this.pos - this.lineStart;
  }

  private newLine(): void {
    if (this.text[this.pos] === '\r' && this.text[this.pos + 1] === '\n') this.pos++;
    this.pos++;
    this.line++;
    this.lineStart = this.pos;
  }

  /** Reads tokens until the collection closes or nothing more can be read; the last token says which. */
  run(): Token[] {
    for (;;) {
      this.skipToToken();
      for (let i = 0; i < this.keys.length; i++) {
        const k = this.keys[i];
        if (k && (k.line < this.line || k.pos + MAX_SIMPLE_KEY < this.pos)) this.keys[i] = null;
      }
      const t = this.next();
      if (t.type === 'end' || t.type === 'other' || t.type === 'error' || this.keys.length === 0) return this.tokens;
    }
  }

  private skipToToken(): void {
    const text = this.text;
    for (;;) {
      while (text[this.pos] === ' ' || text[this.pos] === '\t') this.pos++;
      if (text[this.pos] === '#') while (this.pos < text.length && !isBreak(text[this.pos])) this.pos++;
      if (!isBreak(text[this.pos])) return;
      this.newLine();
    }
  }

  private push(type: TokenType, pos = this.pos, problem?: string): Token {
    const t: Token = { type, pos, problem };
    this.tokens.push(t);
    return t;
  }

  private error(problem: string, pos = this.pos): Token {
    return this.push('error', pos, problem);
  }

  private saveKey(): void {
    if (this.keyAllowed && this.keys.length > 0) this.keys[this.keys.length - 1] = { index: this.tokens.length, line: this.line, pos: this.pos };
  }

  private removeKey(): void {
    if (this.keys.length > 0) this.keys[this.keys.length - 1] = null;
  }

  private atDocumentIndicator(): boolean {
    const s = this.text.slice(this.pos, this.pos + 3);
    return this.column === 0 && (s === '---' || s === '...') && isBlankz(this.text[this.pos + 3]);
  }

  private next(): Token {
    const text = this.text;
    const c = text[this.pos];
    if (c === undefined) return this.push('end');
    if ((this.column === 0 && c === '%') || this.atDocumentIndicator()) return this.push('other');
    switch (c) {
      case '[':
      case '{': {
        this.saveKey();
        const t = this.push(c);
        this.keys.push(null);
        this.keyAllowed = true;
        this.pos++;
        return t;
      }
      case ']':
      case '}': {
        this.removeKey();
        this.keys.pop();
        this.keyAllowed = false;
        const t = this.push(c);
        this.pos++;
        return t;
      }
      case ',':
        this.removeKey();
        this.keyAllowed = true;
        return this.indicator(',');
      case '?':
        this.removeKey();
        this.keyAllowed = false;
        return this.indicator('?');
      case ':': {
        const key = this.keys[this.keys.length - 1];
        if (key) {
          this.tokens.splice(key.index, 0, { type: '?', pos: key.pos });
          this.keys[this.keys.length - 1] = null;
        }
        this.keyAllowed = false;
        return this.indicator(':');
      }
      case '*':
      case '&':
        return this.anchor(c === '*' ? 'alias' : 'anchor');
      case '!':
        return this.tag();
      case "'":
      case '"':
        return this.quoted(c);
      case '|':
      case '>':
      case '%':
      case '@':
      case '`':
        return this.error('found character that cannot start any token');
      case '-':
        // A block entry cannot stand in a flow collection: it is a token no flow state accepts.
        if (isBlankz(text[this.pos + 1])) return this.push('other');
        return this.plain();
      default:
        return this.plain();
    }
  }

  private indicator(type: TokenType): Token {
    const t = this.push(type);
    this.pos++;
    return t;
  }

  private anchor(type: 'alias' | 'anchor'): Token {
    this.saveKey();
    this.keyAllowed = false;
    const start = this.pos++;
    while (this.pos < this.text.length && ANCHOR_CHAR.test(this.text[this.pos])) this.pos++;
    const c = this.text[this.pos];
    if (this.pos === start + 1 || !(isBlankz(c) || '?:,]}%@`'.includes(c))) return this.error('did not find expected alphabetic or numeric character');
    return this.push(type, start);
  }

  private tag(): Token {
    this.saveKey();
    this.keyAllowed = false;
    const start = this.pos++;
    while (this.pos < this.text.length && TAG_CHAR.test(this.text[this.pos])) this.pos++;
    if (!isBlankz(this.text[this.pos])) return this.error('did not find expected whitespace or line break');
    return this.push('tag', start);
  }

  private quoted(quote: "'" | '"'): Token {
    this.saveKey();
    this.keyAllowed = false;
    const text = this.text;
    const start = this.pos++;
    for (;;) {
      if (this.atDocumentIndicator()) return this.error('found unexpected document indicator');
      const c = text[this.pos];
      if (c === undefined) return this.error('found unexpected end of stream');
      if (isBreak(c)) {
        this.newLine();
        continue;
      }
      if (quote === "'" && c === "'") {
        if (text[this.pos + 1] !== "'") break;
        this.pos += 2;
      } else if (quote === '"' && c === '"') {
        break;
      } else if (quote === '"' && c === '\\') {
        const e = text[this.pos + 1];
        if (isBreak(e)) {
          this.pos++;
          this.newLine();
          continue;
        }
        const length = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        if (length === 0 && !DQ_ESCAPES.has(e)) return this.error('found unknown escape character');
        this.pos += 2;
        if (length > 0) {
          const digits = text.slice(this.pos, this.pos + length);
          if (digits.length < length || ![...digits].every((d) => HEX.test(d))) return this.error('did not find expected hexdecimal number');
          const code = parseInt(digits, 16);
          if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return this.error('found invalid Unicode character escape code');
          this.pos += length;
        }
      } else {
        this.pos++;
      }
    }
    this.pos++;
    return this.push('scalar', start);
  }

  private plain(): Token {
    this.saveKey();
    this.keyAllowed = false;
    const text = this.text;
    const start = this.pos;
    // After a line break the scalar may end, and a simple key may then start on the new line.
    let afterBreak = false;
    for (;;) {
      if (this.atDocumentIndicator() || text[this.pos] === '#') break;
      while (!isBlankz(text[this.pos])) {
        const c = text[this.pos];
        if ((c === ':' && isBlankz(text[this.pos + 1])) || ',?[]{}'.includes(c)) break;
        this.pos++;
        afterBreak = false;
      }
      const c = text[this.pos];
      if (!(c === ' ' || c === '\t' || isBreak(c))) break;
      while (text[this.pos] === ' ' || text[this.pos] === '\t' || isBreak(text[this.pos])) {
        if (isBreak(text[this.pos])) {
          this.newLine();
          afterBreak = true;
        } else {
          this.pos++;
        }
      }
    }
    this.keyAllowed = afterBreak;
    return this.push('scalar', start);
  }
}

class FlowFailure {
  constructor(readonly token: Token, readonly problem: string) {}
}

/** libyaml's parser states for flow collections and flow nodes, over the tokens read. */
class FlowParser {
  constructor(private readonly tokens: Token[]) {}

  private peek(i: number): Token {
    const t = this.tokens[i] ?? this.tokens[this.tokens.length - 1];
    if (t.type === 'error') throw new FlowFailure(t, t.problem!);
    return t;
  }

  node(i: number): number {
    let t = this.peek(i);
    if (t.type === 'alias') return i + 1;
    let properties = false;
    if (t.type === 'anchor' || t.type === 'tag') {
      const other = t.type === 'anchor' ? 'tag' : 'anchor';
      properties = true;
      t = this.peek(++i);
      if (t.type === other) t = this.peek(++i);
    }
    if (t.type === 'scalar') return i + 1;
    if (t.type === '[') return this.collection(i, ']');
    if (t.type === '{') return this.collection(i, '}');
    if (properties) return i;
    throw new FlowFailure(t, 'did not find expected node content');
  }

  /** A flow sequence or mapping from its opening bracket: entries separated by ',' up to `close`. */
  private collection(i: number, close: ']' | '}'): number {
    i++;
    for (let first = true; ; first = false) {
      let t = this.peek(i);
      if (t.type === close) return i + 1;
      if (!first) {
        if (t.type !== ',') throw new FlowFailure(t, `did not find expected ',' or '${close}'`);
        t = this.peek(++i);
      }
      if (t.type === '?') i = this.pair(i + 1, close);
      else if (t.type === close) return i + 1;
      else i = this.node(i);
    }
  }

  /** An explicit or simple key (after its KEY token), then its optional value. */
  private pair(i: number, close: ']' | '}'): number {
    let t = this.peek(i);
    if (t.type !== ':' && t.type !== ',' && t.type !== close) i = this.node(i);
    t = this.peek(i);
    if (t.type !== ':') return i;
    t = this.peek(++i);
    return t.type !== ',' && t.type !== close ? this.node(i) : i;
  }
}

/** Reads the flow collection whose opening bracket is at `start` as yaml.v2 does. */
export function scanFlow(text: string, start: number): FlowScan {
  const tokens = new FlowTokenizer(text, start).run();
  try {
    const next = new FlowParser(tokens).node(0);
    return { end: tokens[next - 1].pos + 1 };
  } catch (e) {
    if (!(e instanceof FlowFailure)) throw e;
    const t = e.token;
    return { kind: t.type === 'error' ? 'scanner' : 'parser', pos: t.pos, problem: e.problem, atStreamEnd: t.type === 'end' };
  }
}
