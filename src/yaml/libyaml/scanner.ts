// libyaml's scanner (yaml.v2's scannerc.go) over a string: tokens are produced lazily, and a
// plain or quoted scalar may later turn out to be a simple key, so KEY and BLOCK-MAPPING-START
// tokens are inserted back into the queue when its ':' is met. Errors are thrown where libyaml
// fails, which depends on how far the parser has asked it to read.
import { isAlpha, isBlank, isBlankz, isBreak, isBreakz, isDigit, NUL, SPACE, TAB, CR, LF } from './chars.js';
import { scannerError } from './errors.js';
import { scanBlockScalar, scanFlowScalar, scanPlainScalar, scanTagUri } from './scalars.js';

export const enum T {
  StreamStart,
  StreamEnd,
  VersionDirective,
  TagDirective,
  DocumentStart,
  DocumentEnd,
  BlockSequenceStart,
  BlockMappingStart,
  BlockEnd,
  FlowSequenceStart,
  FlowSequenceEnd,
  FlowMappingStart,
  FlowMappingEnd,
  BlockEntry,
  FlowEntry,
  Key,
  Value,
  Alias,
  Anchor,
  Tag,
  Scalar,
}

export const enum Style {
  Plain,
  SingleQuoted,
  DoubleQuoted,
  Literal,
  Folded,
}

export class Token {
  /** Anchor and alias names, scalar text, tag handles, %TAG handles. */
  value = '';
  /** Tag suffixes and %TAG prefixes. */
  suffix = '';
  style = Style.Plain;
  major = 0;
  minor = 0;

  constructor(
    readonly type: T,
    /** 0-based line of the token's start, for error messages. */
    readonly line: number,
  ) {}
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  line: number;
  column: number;
  index: number;
}

const MAX_FLOW_LEVEL = 10000;
const MAX_INDENTS = 10000;
// A simple key is no longer one once this many characters separate it from the scanner.
const MAX_SIMPLE_KEY_LENGTH = 1024;

export class Scanner {
  readonly text: string;
  pos = 0;
  line = 0;
  lineStart = 0;
  indent = -1;
  flowLevel = 0;
  simpleKeyAllowed = false;

  private readonly indents: number[] = [];
  private readonly simpleKeys: SimpleKey[] = [];
  private readonly keysByToken = new Map<number, number>();
  private readonly tokens: Token[] = [];
  private head = 0;
  private tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;

  constructor(input: string) {
    this.text = input + '\0\0\0\0';
    if (input.charCodeAt(0) === 0xfeff) this.pos = this.lineStart = 1;
  }

  get column(): number {
    return this.pos - this.lineStart;
  }

  code(offset = 0): number {
    return this.text.charCodeAt(this.pos + offset);
  }

  /** Moves past one character (a surrogate pair is one). */
  skip(): void {
    const c = this.text.charCodeAt(this.pos);
    this.pos += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }

  skipLine(): void {
    const c = this.text.charCodeAt(this.pos);
    if (c === CR && this.text.charCodeAt(this.pos + 1) === LF) this.pos += 2;
    else if (isBreak(c)) this.pos++;
    else return;
    this.line++;
    this.lineStart = this.pos;
  }

  /** Reads a line break as libyaml stores it: LS and PS stay, the others become '\n'. */
  readLine(): string {
    const c = this.text.charCodeAt(this.pos);
    if (c === CR && this.text.charCodeAt(this.pos + 1) === LF) this.pos += 2;
    else if (c === CR || c === LF || c === 0x85) this.pos++;
    else if (c === 0x2028 || c === 0x2029) {
      this.pos++;
      this.line++;
      this.lineStart = this.pos;
      return String.fromCharCode(c);
    } else return '';
    this.line++;
    this.lineStart = this.pos;
    return '\n';
  }

  /** A '---' or '...' line start, which ends scalars. */
  atDocumentIndicator(): boolean {
    if (this.column !== 0) return false;
    const c = this.code();
    return (c === 45 || c === 46) && this.code(1) === c && this.code(2) === c && isBlankz(this.code(3));
  }

  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head];
  }

  next(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.head++;
    if (this.head === this.tokens.length) {
      this.tokens.length = 0;
      this.head = 0;
    }
  }

  private insert(token: Token, offset = -1): void {
    if (offset < 0) this.tokens.push(token);
    else this.tokens.splice(this.head + offset, 0, token);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length) {
        const slot = this.keysByToken.get(this.tokensParsed);
        if (slot === undefined || !this.simpleKeyIsValid(this.simpleKeys[slot])) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private fetchNextToken(): void {
    if (!this.streamStartProduced) {
      this.fetchStreamStart();
      return;
    }
    this.scanToNextToken();
    this.unrollIndent(this.column);
    const c = this.code();
    // The text ends with NULs. One inside it is a control character, which the reader refuses once
    // the scanner has come this far (see ./reader.ts): it can end the stream here as well.
    if (c === NUL) {
      this.fetchStreamEnd();
      return;
    }
    if (this.column === 0) {
      if (c === 37) {
        this.fetchDirective();
        return;
      }
      if (this.atDocumentIndicator()) {
        this.fetchDocumentIndicator(c === 45 ? T.DocumentStart : T.DocumentEnd);
        return;
      }
    }
    const next = this.code(1);
    switch (c) {
      case 91:
        this.fetchFlowCollectionStart(T.FlowSequenceStart);
        return;
      case 123:
        this.fetchFlowCollectionStart(T.FlowMappingStart);
        return;
      case 93:
        this.fetchFlowCollectionEnd(T.FlowSequenceEnd);
        return;
      case 125:
        this.fetchFlowCollectionEnd(T.FlowMappingEnd);
        return;
      case 44:
        this.fetchFlowEntry();
        return;
      case 45:
        if (isBlankz(next)) {
          this.fetchBlockEntry();
          return;
        }
        break;
      case 63:
        if (this.flowLevel > 0 || isBlankz(next)) {
          this.fetchKey();
          return;
        }
        break;
      case 58:
        if (this.flowLevel > 0 || isBlankz(next)) {
          this.fetchValue();
          return;
        }
        break;
      case 42:
        this.fetchAnchor(T.Alias);
        return;
      case 38:
        this.fetchAnchor(T.Anchor);
        return;
      case 33:
        this.fetchTag();
        return;
      case 124:
      case 62:
        if (this.flowLevel === 0) {
          this.fetchBlockScalar(c === 124);
          return;
        }
        break;
      case 39:
      case 34:
        this.fetchFlowScalar(c === 39);
        return;
    }
    if (canStartPlain(c, next, this.flowLevel)) {
      this.fetchPlainScalar();
      return;
    }
    throw scannerError('found character that cannot start any token', this.line);
  }

  private simpleKeyIsValid(key: SimpleKey): boolean {
    if (!key.possible) return false;
    if (key.line < this.line || (this.pos - key.index > MAX_SIMPLE_KEY_LENGTH && this.charactersSince(key.index) > MAX_SIMPLE_KEY_LENGTH)) {
      if (key.required) throw scannerError("could not find expected ':'", this.line);
      key.possible = false;
      return false;
    }
    return true;
  }

  /** Characters (not UTF-16 units: libyaml counts a character beyond U+FFFF once) from `start` to here. */
  private charactersSince(start: number): number {
    let n = this.pos - start;
    for (let i = start; i < this.pos; i++) {
      const c = this.text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) n--;
    }
    return n;
  }

  private saveSimpleKey(): void {
    if (!this.simpleKeyAllowed) return;
    const key: SimpleKey = {
      possible: true,
      required: this.flowLevel === 0 && this.indent === this.column,
      tokenNumber: this.tokensParsed + (this.tokens.length - this.head),
      line: this.line,
      column: this.column,
      index: this.pos,
    };
    this.removeSimpleKey();
    this.simpleKeys[this.simpleKeys.length - 1] = key;
    this.keysByToken.set(key.tokenNumber, this.simpleKeys.length - 1);
  }

  private removeSimpleKey(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1];
    if (!key.possible) return;
    if (key.required) throw scannerError("could not find expected ':'", this.line);
    key.possible = false;
    this.keysByToken.delete(key.tokenNumber);
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: this.tokensParsed + (this.tokens.length - this.head), line: this.line, column: this.column, index: this.pos });
    this.flowLevel++;
    if (this.flowLevel > MAX_FLOW_LEVEL) throw scannerError(`exceeded max depth of ${MAX_FLOW_LEVEL}`, this.line);
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel === 0) return;
    this.flowLevel--;
    const key = this.simpleKeys.pop()!;
    this.keysByToken.delete(key.tokenNumber);
  }

  private rollIndent(column: number, tokenNumber: number, type: T, line: number): void {
    if (this.flowLevel > 0 || this.indent >= column) return;
    this.indents.push(this.indent);
    this.indent = column;
    if (this.indents.length > MAX_INDENTS) throw scannerError(`exceeded max depth of ${MAX_INDENTS}`, this.simpleKeys[this.simpleKeys.length - 1].line);
    this.insert(new Token(type, line), tokenNumber < 0 ? -1 : tokenNumber - this.tokensParsed);
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.insert(new Token(T.BlockEnd, this.line));
      this.indent = this.indents.pop()!;
    }
  }

  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, line: 0, column: 0, index: 0 });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    this.insert(new Token(T.StreamStart, this.line));
  }

  private fetchStreamEnd(): void {
    if (this.column !== 0) {
      this.line++;
      this.lineStart = this.pos;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(new Token(T.StreamEnd, this.line));
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(this.scanDirective());
  }

  private fetchDocumentIndicator(type: T): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const token = new Token(type, this.line);
    this.pos += 3;
    this.insert(token);
  }

  private fetchFlowCollectionStart(type: T): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    this.insert(new Token(type, this.line));
    this.pos++;
  }

  private fetchFlowCollectionEnd(type: T): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    this.insert(new Token(type, this.line));
    this.pos++;
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insert(new Token(T.FlowEntry, this.line));
    this.pos++;
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) throw scannerError('block sequence entries are not allowed in this context', this.line);
      this.rollIndent(this.column, -1, T.BlockSequenceStart, this.line);
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insert(new Token(T.BlockEntry, this.line));
    this.pos++;
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) throw scannerError('mapping keys are not allowed in this context', this.line);
      this.rollIndent(this.column, -1, T.BlockMappingStart, this.line);
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    this.insert(new Token(T.Key, this.line));
    this.pos++;
  }

  private fetchValue(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1];
    if (this.simpleKeyIsValid(key)) {
      this.insert(new Token(T.Key, key.line), key.tokenNumber - this.tokensParsed);
      this.rollIndent(key.column, key.tokenNumber, T.BlockMappingStart, key.line);
      key.possible = false;
      this.keysByToken.delete(key.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) throw scannerError('mapping values are not allowed in this context', this.line);
        this.rollIndent(this.column, -1, T.BlockMappingStart, this.line);
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    this.insert(new Token(T.Value, this.line));
    this.pos++;
  }

  private fetchAnchor(type: T): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    const token = new Token(type, this.line);
    const start = ++this.pos;
    while (isAlpha(this.code())) this.pos++;
    const c = this.code();
    if (this.pos === start || !(isBlankz(c) || c === 63 || c === 58 || c === 44 || c === 93 || c === 125 || c === 37 || c === 64 || c === 96)) {
      throw scannerError('did not find expected alphabetic or numeric character', this.line);
    }
    token.value = this.text.slice(start, this.pos);
    this.insert(token);
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    const token = new Token(T.Tag, this.line);
    if (this.code(1) === 60) {
      this.pos += 2;
      token.suffix = scanTagUri(this, '');
      if (this.code() !== 62) throw scannerError("did not find the expected '>'", this.line);
      this.pos++;
    } else {
      const handle = this.scanTagHandle(false);
      if (handle.length > 1 && handle.endsWith('!')) {
        token.value = handle;
        token.suffix = scanTagUri(this, '');
      } else {
        token.suffix = scanTagUri(this, handle);
        token.value = '!';
        if (token.suffix === '') [token.value, token.suffix] = ['', '!'];
      }
    }
    if (!isBlankz(this.code())) throw scannerError('did not find expected whitespace or line break', this.line);
    this.insert(token);
  }

  scanTagHandle(directive: boolean): string {
    if (this.code() !== 33) throw scannerError("did not find expected '!'", this.line);
    const start = this.pos++;
    while (isAlpha(this.code())) this.pos++;
    if (this.code() === 33) this.pos++;
    else if (directive && this.pos - start !== 1) throw scannerError("did not find expected '!'", this.line);
    return this.text.slice(start, this.pos);
  }

  private fetchBlockScalar(literal: boolean): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insert(scanBlockScalar(this, literal));
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(scanFlowScalar(this, single));
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insert(scanPlainScalar(this));
  }

  private scanToNextToken(): void {
    for (;;) {
      let c = this.code();
      while (c === SPACE || (c === TAB && (this.flowLevel > 0 || !this.simpleKeyAllowed))) {
        this.pos++;
        c = this.code();
      }
      if (c === 35) {
        const text = this.text;
        let pos = this.pos;
        while (!isBreakz(text.charCodeAt(pos))) pos++;
        this.pos = pos;
        c = text.charCodeAt(pos);
      }
      if (!isBreak(c)) return;
      this.skipLine();
      if (this.flowLevel === 0) this.simpleKeyAllowed = true;
    }
  }

  private skipBlanksAndComment(): void {
    while (isBlank(this.code())) this.pos++;
    if (this.code() === 35) while (!isBreakz(this.code())) this.skip();
  }

  private scanDirective(): Token {
    const line = this.line;
    this.pos++;
    const nameStart = this.pos;
    while (isAlpha(this.code())) this.pos++;
    const name = this.text.slice(nameStart, this.pos);
    if (name === '') throw scannerError('could not find expected directive name', this.line);
    if (!isBlankz(this.code())) throw scannerError('found unexpected non-alphabetical character', this.line);
    let token: Token;
    if (name === 'YAML') {
      token = new Token(T.VersionDirective, line);
      while (isBlank(this.code())) this.pos++;
      token.major = this.scanVersionNumber();
      if (this.code() !== 46) throw scannerError("did not find expected digit or '.' character", this.line);
      this.pos++;
      token.minor = this.scanVersionNumber();
    } else if (name === 'TAG') {
      token = new Token(T.TagDirective, line);
      while (isBlank(this.code())) this.pos++;
      token.value = this.scanTagHandle(true);
      if (!isBlank(this.code())) throw scannerError('did not find expected whitespace', this.line);
      while (isBlank(this.code())) this.pos++;
      token.suffix = scanTagUri(this, '');
      if (!isBlankz(this.code())) throw scannerError('did not find expected whitespace or line break', this.line);
    } else {
      throw scannerError('found unknown directive name', this.line);
    }
    this.skipBlanksAndComment();
    if (!isBreakz(this.code())) throw scannerError('did not find expected comment or line break', this.line);
    this.skipLine();
    return token;
  }

  private scanVersionNumber(): number {
    let value = 0;
    let length = 0;
    while (isDigit(this.code())) {
      if (++length > 2) throw scannerError('found extremely long version number', this.line);
      value = value * 10 + this.code() - 48;
      this.pos++;
    }
    if (length === 0) throw scannerError('did not find expected version number', this.line);
    return value;
  }
}

/** Whether a plain scalar starts with this character (`next` is the one after it). */
function canStartPlain(c: number, next: number, flowLevel: number): boolean {
  switch (c) {
    case 45:
      return !isBlank(next);
    case 63:
    case 58:
      return flowLevel === 0 && !isBlankz(next);
    case 44: case 91: case 93: case 123: case 125: case 35: case 38: case 42: case 33: case 124: case 62:
    case 39: case 34: case 37: case 64: case 96:
      return false;
    default:
      return !isBlankz(c);
  }
}
