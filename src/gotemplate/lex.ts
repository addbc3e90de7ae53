// The lexer of Go's text/template (parse/lex.go): turns template text into items on demand.
//
// Positions are JavaScript string indices (UTF-16 units); error locations convert them to Go's byte
// offsets only when an error is reported.

import { sprintf } from './fmt.js';
import { goInt } from './value.js';

export enum ItemType {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // Keywords follow; comparisons with Keyword rely on this order.
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export interface Item {
  typ: ItemType;
  pos: number;
  val: string;
  line: number;
}

const KEYWORDS: ReadonlyMap<string, ItemType> = new Map([
  ['.', ItemType.Dot],
  ['block', ItemType.Block],
  ['break', ItemType.Break],
  ['continue', ItemType.Continue],
  ['define', ItemType.Define],
  ['else', ItemType.Else],
  ['end', ItemType.End],
  ['if', ItemType.If],
  ['range', ItemType.Range],
  ['nil', ItemType.Nil],
  ['template', ItemType.Template],
  ['with', ItemType.With],
]);

/** How Go's item.String() shows a token in "unexpected X in Y" errors. */
export function itemString(i: Item): string {
  if (i.typ === ItemType.EOF) return 'EOF';
  if (i.typ === ItemType.Error) return i.val;
  if (i.typ > ItemType.Keyword) return `<${i.val}>`;
  if ([...i.val].length > 10) return sprintf('%.10q...', [i.val]);
  return sprintf('%q', [i.val]);
}

const EOF = -1;
const LEFT_DELIM = '{{';
const RIGHT_DELIM = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';
const TRIM_MARKER = 0x2d; // '-'
const TRIM_MARKER_LEN = 2;
const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}_]$/u;

function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09 || r === 0x0d || r === 0x0a;
}

function isAlphaNumeric(r: number): boolean {
  if (r < 0x80) return r === 0x5f || (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a);
  return r !== EOF && LETTER_OR_DIGIT.test(String.fromCodePoint(r));
}

function isPrintableAscii(r: number): boolean {
  return r >= 0x20 && r < 0x7f;
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && s.charCodeAt(at) === TRIM_MARKER && isSpace(s.charCodeAt(at + 1));
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return s.length - at >= 2 && isSpace(s.charCodeAt(at)) && s.charCodeAt(at + 1) === TRIM_MARKER;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function isSpaceChar(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

type StateFn = ((l: Lexer) => StateFn) | null;

export interface LexOptions {
  breakOK: boolean;
  continueOK: boolean;
}

export class Lexer {
  private input: string;
  private pos = 0;
  private start = 0;
  private atEOF = false;
  private parenDepth = 0;
  private line = 1;
  private startLine = 1;
  private item: Item = { typ: ItemType.EOF, pos: 0, val: 'EOF', line: 1 };
  private insideAction = false;
  options: LexOptions = { breakOK: true, continueOK: true };

  constructor(input: string) {
    this.input = input;
  }

  nextItem(): Item {
    this.item = { typ: ItemType.EOF, pos: this.pos, val: 'EOF', line: this.startLine };
    let state: StateFn = this.insideAction ? lexInsideAction : lexText;
    while (state !== null) state = state(this);
    return this.item;
  }

  // --- scanning primitives (code points, so that astral characters are one rune as in Go) ---

  next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.pos += r > 0xffff ? 2 : 1;
    if (r === 0x0a) this.line++;
    return r;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  backup(): void {
    if (!this.atEOF && this.pos > 0) {
      const lo = this.input.charCodeAt(this.pos - 1);
      const width = lo >= 0xdc00 && lo <= 0xdfff && this.pos > 1 && this.input.charCodeAt(this.pos - 2) >= 0xd800 && this.input.charCodeAt(this.pos - 2) <= 0xdbff ? 2 : 1;
      this.pos -= width;
      if (lo === 0x0a) this.line--;
    }
  }

  thisItem(typ: ItemType): Item {
    const i: Item = { typ, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine };
    this.start = this.pos;
    this.startLine = this.line;
    return i;
  }

  emit(typ: ItemType): StateFn {
    return this.emitItem(this.thisItem(typ));
  }

  emitItem(i: Item): StateFn {
    this.item = i;
    return null;
  }

  ignore(): void {
    this.line += countNewlines(this.input, this.start, this.pos);
    this.start = this.pos;
    this.startLine = this.line;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF && valid.includes(String.fromCodePoint(r))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    for (let r = this.next(); r !== EOF && valid.includes(String.fromCodePoint(r)); r = this.next()) {
      // absorb
    }
    this.backup();
  }

  errorf(message: string): StateFn {
    this.item = { typ: ItemType.Error, pos: this.start, val: message, line: this.startLine };
    this.start = 0;
    this.pos = 0;
    this.input = '';
    return null;
  }

  // --- the state functions (methods so that they can reach private state) ---

  lexText(): StateFn {
    const x = this.input.indexOf(LEFT_DELIM, this.pos);
    if (x >= 0) {
      if (x > this.pos) {
        this.pos = x;
        let trimLength = 0;
        if (hasLeftTrimMarker(this.input, this.pos + LEFT_DELIM.length)) {
          let end = this.pos;
          while (end > this.start && isSpaceChar(this.input.charCodeAt(end - 1))) end--;
          trimLength = this.pos - end;
        }
        this.pos -= trimLength;
        this.line += countNewlines(this.input, this.start, this.pos);
        const i = this.thisItem(ItemType.Text);
        this.pos += trimLength;
        this.ignore();
        if (i.val.length > 0) return this.emitItem(i);
      }
      return lexLeftDelim;
    }
    this.pos = this.input.length;
    if (this.pos > this.start) {
      this.line += countNewlines(this.input, this.start, this.pos);
      return this.emit(ItemType.Text);
    }
    return this.emit(ItemType.EOF);
  }

  atRightDelim(): { delim: boolean; trimSpaces: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT_DELIM, this.pos + TRIM_MARKER_LEN)) {
      return { delim: true, trimSpaces: true };
    }
    if (this.input.startsWith(RIGHT_DELIM, this.pos)) return { delim: true, trimSpaces: false };
    return { delim: false, trimSpaces: false };
  }

  leftTrimLength(): number {
    let end = this.pos;
    while (end < this.input.length && isSpaceChar(this.input.charCodeAt(end))) end++;
    return end - this.pos;
  }

  lexLeftDelim(): StateFn {
    this.pos += LEFT_DELIM.length;
    const trimSpace = hasLeftTrimMarker(this.input, this.pos);
    const afterMarker = trimSpace ? TRIM_MARKER_LEN : 0;
    if (this.input.startsWith(LEFT_COMMENT, this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.ignore();
      return lexComment;
    }
    const i = this.thisItem(ItemType.LeftDelim);
    this.insideAction = true;
    this.pos += afterMarker;
    this.ignore();
    this.parenDepth = 0;
    return this.emitItem(i);
  }

  lexComment(): StateFn {
    this.pos += LEFT_COMMENT.length;
    const x = this.input.indexOf(RIGHT_COMMENT, this.pos);
    if (x < 0) return this.errorf('unclosed comment');
    this.pos = x + RIGHT_COMMENT.length;
    const { delim, trimSpaces } = this.atRightDelim();
    if (!delim) return this.errorf('comment ends before closing delimiter');
    this.line += countNewlines(this.input, this.start, this.pos);
    this.thisItem(ItemType.Comment);
    if (trimSpaces) this.pos += TRIM_MARKER_LEN;
    this.pos += RIGHT_DELIM.length;
    if (trimSpaces) this.pos += this.leftTrimLength();
    this.ignore();
    return lexText;
  }

  lexRightDelim(): StateFn {
    const { trimSpaces } = this.atRightDelim();
    if (trimSpaces) {
      this.pos += TRIM_MARKER_LEN;
      this.ignore();
    }
    this.pos += RIGHT_DELIM.length;
    const i = this.thisItem(ItemType.RightDelim);
    if (trimSpaces) {
      this.pos += this.leftTrimLength();
      this.ignore();
    }
    this.insideAction = false;
    return this.emitItem(i);
  }

  lexInsideAction(): StateFn {
    if (this.atRightDelim().delim) {
      if (this.parenDepth === 0) return lexRightDelim;
      return this.errorf('unclosed left paren');
    }
    const r = this.next();
    if (r === EOF) return this.errorf('unclosed action');
    if (isSpace(r)) {
      this.backup(); // the space may belong to " -}}"
      return lexSpace;
    }
    switch (r) {
      case 0x3d: // =
        return this.emit(ItemType.Assign);
      case 0x3a: // :
        if (this.next() !== 0x3d) return this.errorf('expected :=');
        return this.emit(ItemType.Declare);
      case 0x7c: // |
        return this.emit(ItemType.Pipe);
      case 0x22: // "
        return lexQuote;
      case 0x60: // `
        return lexRawQuote;
      case 0x24: // $
        return lexVariable;
      case 0x27: // '
        return lexChar;
      case 0x28: // (
        this.parenDepth++;
        return this.emit(ItemType.LeftParen);
      case 0x29: // )
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf('unexpected right paren');
        return this.emit(ItemType.RightParen);
    }
    if (r === 0x2e) {
      // ".field" unless a digit follows, which makes it a number.
      if (this.pos < this.input.length) {
        const c = this.input.charCodeAt(this.pos);
        if (c < 0x30 || c > 0x39) return lexField;
      }
      this.backup();
      return lexNumber;
    }
    if (r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
      this.backup();
      return lexNumber;
    }
    if (isAlphaNumeric(r)) {
      this.backup();
      return lexIdentifier;
    }
    if (isPrintableAscii(r)) return this.emit(ItemType.Char);
    return this.errorf(`unrecognized character in action: ${sprintf('%#U', [goInt(r)])}`);
  }

  lexSpace(): StateFn {
    let numSpaces = 0;
    while (isSpace(this.peek())) {
      this.next();
      numSpaces++;
    }
    // A trim-marked closing delimiter starts with a space: leave that space to it.
    if (hasRightTrimMarker(this.input, this.pos - 1) && this.input.startsWith(RIGHT_DELIM, this.pos - 1 + TRIM_MARKER_LEN)) {
      this.backup();
      if (numSpaces === 1) return lexRightDelim;
    }
    return this.emit(ItemType.Space);
  }

  lexIdentifier(): StateFn {
    for (;;) {
      const r = this.next();
      if (isAlphaNumeric(r)) continue;
      this.backup();
      const word = this.input.slice(this.start, this.pos);
      if (!this.atTerminator()) return this.errorf(`bad character ${sprintf('%#U', [goInt(r)])}`);
      const key = KEYWORDS.get(word);
      if (key !== undefined && key > ItemType.Keyword) {
        if ((key === ItemType.Break && !this.options.breakOK) || (key === ItemType.Continue && !this.options.continueOK)) {
          return this.emit(ItemType.Identifier);
        }
        return this.emit(key);
      }
      if (word[0] === '.') return this.emit(ItemType.Field);
      if (word === 'true' || word === 'false') return this.emit(ItemType.Bool);
      return this.emit(ItemType.Identifier);
    }
  }

  lexVariable(): StateFn {
    if (this.atTerminator()) return this.emit(ItemType.Variable);
    return this.lexFieldOrVariable(ItemType.Variable);
  }

  lexFieldOrVariable(typ: ItemType): StateFn {
    if (this.atTerminator()) return this.emit(typ === ItemType.Variable ? ItemType.Variable : ItemType.Dot);
    let r: number;
    for (;;) {
      r = this.next();
      if (!isAlphaNumeric(r)) {
        this.backup();
        break;
      }
    }
    if (!this.atTerminator()) return this.errorf(`bad character ${sprintf('%#U', [goInt(r)])}`);
    return this.emit(typ);
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case 0x2e:
      case 0x2c:
      case 0x7c:
      case 0x3a:
      case 0x29:
      case 0x28:
        return true;
    }
    return this.input.startsWith(RIGHT_DELIM, this.pos);
  }

  lexQuoted(quote: number, message: string, typ: ItemType): StateFn {
    for (;;) {
      let r = this.next();
      if (r === 0x5c) {
        r = this.next();
        if (r !== EOF && r !== 0x0a) continue;
        return this.errorf(message);
      }
      if (r === EOF || r === 0x0a) return this.errorf(message);
      if (r === quote) break;
    }
    return this.emit(typ);
  }

  lexRawQuote(): StateFn {
    for (;;) {
      const r = this.next();
      if (r === EOF) return this.errorf('unterminated raw quoted string');
      if (r === 0x60) break;
    }
    return this.emit(ItemType.RawString);
  }

  lexNumber(): StateFn {
    if (!this.scanNumber()) return this.errorf(`bad number syntax: ${sprintf('%q', [this.input.slice(this.start, this.pos)])}`);
    const sign = this.peek();
    if (sign === 0x2b || sign === 0x2d) {
      // A complex constant such as 1+2i: no spaces, must end in 'i'.
      if (!this.scanNumber() || this.input.charCodeAt(this.pos - 1) !== 0x69) {
        return this.errorf(`bad number syntax: ${sprintf('%q', [this.input.slice(this.start, this.pos)])}`);
      }
      return this.emit(ItemType.Complex);
    }
    return this.emit(ItemType.Number);
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}

const lexText = (l: Lexer): StateFn => l.lexText();
const lexLeftDelim = (l: Lexer): StateFn => l.lexLeftDelim();
const lexComment = (l: Lexer): StateFn => l.lexComment();
const lexRightDelim = (l: Lexer): StateFn => l.lexRightDelim();
const lexInsideAction = (l: Lexer): StateFn => l.lexInsideAction();
const lexSpace = (l: Lexer): StateFn => l.lexSpace();
const lexIdentifier = (l: Lexer): StateFn => l.lexIdentifier();
const lexField = (l: Lexer): StateFn => l.lexFieldOrVariable(ItemType.Field);
const lexVariable = (l: Lexer): StateFn => l.lexVariable();
const lexChar = (l: Lexer): StateFn => l.lexQuoted(0x27, 'unterminated character constant', ItemType.CharConstant);
const lexQuote = (l: Lexer): StateFn => l.lexQuoted(0x22, 'unterminated quoted string', ItemType.String);
const lexRawQuote = (l: Lexer): StateFn => l.lexRawQuote();
const lexNumber = (l: Lexer): StateFn => l.lexNumber();
