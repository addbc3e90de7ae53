// libyaml's scalar scanning: plain, single- and double-quoted, literal and folded, and tag URIs.
// Each reads from the scanner's position and returns the token; line folding follows libyaml
// (a single break becomes a space, more breaks are kept, LS and PS are kept as they are).
import { hexValue, isBlank, isBlankz, isBreak, isBreakz, isDigit, SPACE, TAB } from './chars.js';
import { scannerError } from './errors.js';
import { Style, T, Token, type Scanner } from './scanner.js';

/** Joins what followed a line break to the text: one '\n' folds into a space, LS/PS stay. */
function fold(leadingBreak: string, trailingBreaks: string): string {
  if (leadingBreak === '\n') return trailingBreaks === '' ? ' ' : trailingBreaks;
  return leadingBreak + trailingBreaks;
}

export function scanPlainScalar(s: Scanner): Token {
  const text = s.text;
  const token = new Token(T.Scalar, s.line);
  const flow = s.flowLevel > 0;
  const indent = s.indent + 1;
  let value = '';
  let leadingBlanks = false;
  let leadingBreak = '';
  let trailingBreaks = '';
  let whitespaceStart = -1;
  for (;;) {
    if (s.atDocumentIndicator()) break;
    let c = text.charCodeAt(s.pos);
    if (c === 35) break;
    let runStart = s.pos;
    while (!isBlankz(c)) {
      if (c === 58 ? isBlankz(text.charCodeAt(s.pos + 1)) : flow && (c === 44 || c === 63 || c === 91 || c === 93 || c === 123 || c === 125)) break;
      if (leadingBlanks) {
        value += fold(leadingBreak, trailingBreaks);
        leadingBreak = trailingBreaks = '';
        leadingBlanks = false;
        runStart = s.pos;
      } else if (whitespaceStart >= 0) {
        runStart = whitespaceStart;
        whitespaceStart = -1;
      }
      s.pos++;
      c = text.charCodeAt(s.pos);
    }
    if (s.pos > runStart) value += text.slice(runStart, s.pos);
    if (!(isBlank(c) || isBreak(c))) break;
    whitespaceStart = -1;
    while (isBlank(c) || isBreak(c)) {
      if (isBlank(c)) {
        if (leadingBlanks && s.column < indent && c === TAB) throw scannerError('found a tab character that violates indentation', s.line);
        if (!leadingBlanks && whitespaceStart < 0) whitespaceStart = s.pos;
        s.pos++;
      } else if (!leadingBlanks) {
        whitespaceStart = -1;
        leadingBreak = s.readLine();
        leadingBlanks = true;
      } else {
        trailingBreaks += s.readLine();
      }
      c = text.charCodeAt(s.pos);
    }
    if (!flow && s.column < indent) break;
  }
  token.value = value;
  if (leadingBlanks) s.simpleKeyAllowed = true;
  return token;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"',
  "'": "'", '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

export function scanFlowScalar(s: Scanner, single: boolean): Token {
  const text = s.text;
  const token = new Token(T.Scalar, s.line);
  token.style = single ? Style.SingleQuoted : Style.DoubleQuoted;
  s.pos++;
  const quote = single ? 39 : 34;
  let value = '';
  let leadingBreak = '';
  let trailingBreaks = '';
  let whitespaces = '';
  for (;;) {
    if (s.atDocumentIndicator()) throw scannerError('found unexpected document indicator', s.line);
    if (text.charCodeAt(s.pos) === 0) throw scannerError('found unexpected end of stream', s.line);
    let leadingBlanks = false;
    let runStart = s.pos;
    let c = text.charCodeAt(s.pos);
    while (!isBlankz(c)) {
      if (c === quote) {
        if (!single || text.charCodeAt(s.pos + 1) !== 39) break;
        value += text.slice(runStart, s.pos + 1);
        s.pos += 2;
        runStart = s.pos;
      } else if (!single && c === 92) {
        value += text.slice(runStart, s.pos);
        const e = text.charCodeAt(s.pos + 1);
        if (isBreak(e)) {
          s.pos++;
          s.skipLine();
          leadingBlanks = true;
          runStart = s.pos;
          break;
        }
        value += escape(s, String.fromCharCode(e));
        runStart = s.pos;
      } else {
        s.pos++;
      }
      c = text.charCodeAt(s.pos);
    }
    value += text.slice(runStart, s.pos);
    c = text.charCodeAt(s.pos);
    if (c === quote) break;
    while (isBlank(c) || isBreak(c)) {
      if (isBlank(c)) {
        if (!leadingBlanks) whitespaces += text[s.pos];
        s.pos++;
      } else if (!leadingBlanks) {
        whitespaces = '';
        leadingBreak = s.readLine();
        leadingBlanks = true;
      } else {
        trailingBreaks += s.readLine();
      }
      c = text.charCodeAt(s.pos);
    }
    if (leadingBlanks) {
      value += fold(leadingBreak, trailingBreaks);
      leadingBreak = trailingBreaks = '';
    } else {
      value += whitespaces;
      whitespaces = '';
    }
  }
  s.pos++;
  token.value = value;
  return token;
}

/** One escape sequence of a double-quoted scalar, from its backslash. */
function escape(s: Scanner, e: string): string {
  const simple = SIMPLE_ESCAPES[e];
  if (simple !== undefined) {
    s.pos += 2;
    return simple;
  }
  const length = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  if (length === 0) throw scannerError('found unknown escape character', s.line);
  s.pos += 2;
  let code = 0;
  for (let k = 0; k < length; k++) {
    const h = hexValue(s.text.charCodeAt(s.pos + k));
    if (h < 0) throw scannerError('did not find expected hexdecimal number', s.line);
    code = code * 16 + h;
  }
  if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) throw scannerError('found invalid Unicode character escape code', s.line);
  s.pos += length;
  return String.fromCodePoint(code);
}

export function scanBlockScalar(s: Scanner, literal: boolean): Token {
  const text = s.text;
  const token = new Token(T.Scalar, s.line);
  token.style = literal ? Style.Literal : Style.Folded;
  s.pos++;
  let chomping = 0;
  let increment = 0;
  let c = s.code();
  if (c === 43 || c === 45) {
    chomping = c === 43 ? 1 : -1;
    s.pos++;
    c = s.code();
    if (isDigit(c)) {
      if (c === 48) throw scannerError('found an indentation indicator equal to 0', s.line);
      increment = c - 48;
      s.pos++;
    }
  } else if (isDigit(c)) {
    if (c === 48) throw scannerError('found an indentation indicator equal to 0', s.line);
    increment = c - 48;
    s.pos++;
    c = s.code();
    if (c === 43 || c === 45) {
      chomping = c === 43 ? 1 : -1;
      s.pos++;
    }
  }
  while (isBlank(s.code())) s.pos++;
  if (s.code() === 35) while (!isBreakz(s.code())) s.skip();
  if (!isBreakz(s.code())) throw scannerError('did not find expected comment or line break', s.line);
  if (isBreak(s.code())) s.skipLine();
  const state = { indent: increment > 0 ? (s.indent >= 0 ? s.indent + increment : increment) : 0, breaks: '' };
  let value = '';
  let leadingBreak = '';
  blockScalarBreaks(s, state);
  let leadingBlank = false;
  while (s.column === state.indent && s.code() !== 0) {
    const trailingBlank = isBlank(s.code());
    if (!literal && !leadingBlank && !trailingBlank && leadingBreak.charCodeAt(0) === 10) {
      if (state.breaks === '') value += ' ';
    } else {
      value += leadingBreak;
    }
    value += state.breaks;
    state.breaks = '';
    leadingBlank = isBlank(s.code());
    const start = s.pos;
    while (!isBreakz(s.code())) s.pos++;
    value += text.slice(start, s.pos);
    leadingBreak = s.readLine();
    blockScalarBreaks(s, state);
  }
  if (chomping !== -1) value += leadingBreak;
  if (chomping === 1) value += state.breaks;
  token.value = value;
  return token;
}

/** Empty and indentation-only lines before block scalar content; fixes an automatic indentation. */
function blockScalarBreaks(s: Scanner, state: { indent: number; breaks: string }): void {
  let maxIndent = 0;
  for (;;) {
    while ((state.indent === 0 || s.column < state.indent) && s.code() === SPACE) s.pos++;
    if (s.column > maxIndent) maxIndent = s.column;
    if ((state.indent === 0 || s.column < state.indent) && s.code() === TAB) {
      throw scannerError('found a tab character where an indentation space is expected', s.line);
    }
    if (!isBreak(s.code())) break;
    state.breaks += s.readLine();
  }
  if (state.indent === 0) state.indent = Math.max(maxIndent, s.indent + 1, 1);
}

const URI_CHARS = new Uint8Array(128);
for (const ch of ";/?:@&=+$,.!~*'()[]%") URI_CHARS[ch.charCodeAt(0)] = 1;

/** A tag's URI part (after its handle, whose text past the '!' starts it when `head` is given). */
export function scanTagUri(s: Scanner, head: string): string {
  let value = head.length > 1 ? head.slice(1) : '';
  let hasTag = head.length > 0;
  for (;;) {
    const c = s.code();
    if (!(c < 128 && ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || URI_CHARS[c] === 1))) break;
    if (c === 37) value += uriEscapes(s);
    else {
      value += String.fromCharCode(c);
      s.pos++;
    }
    hasTag = true;
  }
  if (!hasTag) throw scannerError('did not find expected tag URI', s.line);
  return value;
}

/** %XX escapes forming one UTF-8 character. */
function uriEscapes(s: Scanner): string {
  const bytes: number[] = [];
  let width = 0;
  do {
    const hi = hexValue(s.code(1));
    const lo = hexValue(s.code(2));
    if (s.code() !== 37 || hi < 0 || lo < 0) throw scannerError('did not find URI escaped octet', s.line);
    const octet = hi * 16 + lo;
    if (bytes.length === 0) {
      width = (octet & 0x80) === 0 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
      if (width === 0) throw scannerError('found an incorrect leading UTF-8 octet', s.line);
    } else if ((octet & 0xc0) !== 0x80) {
      throw scannerError('found an incorrect trailing UTF-8 octet', s.line);
    }
    bytes.push(octet);
    s.pos += 3;
  } while (bytes.length < width);
  return Buffer.from(bytes).toString('utf8');
}
