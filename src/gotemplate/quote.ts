// strconv.Quote, QuoteToASCII, QuoteRune, CanBackquote and Unquote.
//
// Go strings are UTF-8 bytes, ours are UTF-16: a code point is one Go rune, and a lone surrogate
// (which only arises from invalid input) is treated as U+FFFD, as UTF-8 encoding it would produce.
// strconv.IsPrint is Unicode's L, M, N, P and S categories plus the ASCII space; the categories come
// from the JavaScript engine's Unicode tables, which may be a version newer than Go's.

import { GoError } from './value.js';

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const HEX = '0123456789abcdef';
const MAX_RUNE = 0x10ffff;
const RUNE_ERROR = 0xfffd;

/** strconv.IsPrint. */
export function isPrint(r: number): boolean {
  if (r <= 0xff) return (r >= 0x20 && r <= 0x7e) || (r >= 0xa1 && r !== 0xad);
  if (!isValidRune(r)) return false;
  return PRINTABLE.test(String.fromCodePoint(r));
}

function isValidRune(r: number): boolean {
  return (r >= 0 && r < 0xd800) || (r > 0xdfff && r <= MAX_RUNE);
}

function hexDigits(r: number, n: number): string {
  let s = '';
  for (let shift = (n - 1) * 4; shift >= 0; shift -= 4) s += HEX[Math.floor(r / 2 ** shift) & 0xf];
  return s;
}

function escapeRune(r: number, quote: number, asciiOnly: boolean): string {
  if (r === quote || r === 0x5c) return '\\' + String.fromCharCode(r);
  if (asciiOnly) {
    if (r < 0x80 && isPrint(r)) return String.fromCharCode(r);
  } else if (isPrint(r)) {
    return String.fromCodePoint(r);
  }
  switch (r) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hexDigits(r, 2);
  if (!isValidRune(r)) r = RUNE_ERROR;
  return r < 0x10000 ? '\\u' + hexDigits(r, 4) : '\\U' + hexDigits(r, 8);
}

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  let out = String.fromCharCode(quote);
  let plainFrom = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Printable ASCII other than the quote and backslash is copied as a run.
    if (c >= 0x20 && c < 0x7f && c !== quote && c !== 0x5c) continue;
    out += s.slice(plainFrom, i);
    let r = c;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        r = (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    // A byte kept from invalid UTF-8 (see gostring.ts) is quoted as Go quotes a raw byte.
    if (r >= 0xdc80 && r <= 0xdcff) out += '\\x' + hexDigits(r - 0xdc00, 2);
    else out += escapeRune(r >= 0xd800 && r <= 0xdfff ? RUNE_ERROR : r, quote, asciiOnly);
    plainFrom = i + 1;
  }
  return out + s.slice(plainFrom) + String.fromCharCode(quote);
}

/** strconv.Quote. */
export function quote(s: string): string {
  return quoteWith(s, 0x22, false);
}

/** strconv.QuoteToASCII. */
export function quoteToASCII(s: string): string {
  return quoteWith(s, 0x22, true);
}

/** strconv.QuoteRune (an invalid rune becomes U+FFFD). */
export function quoteRune(r: number): string {
  return "'" + escapeRune(isValidRune(r) ? r : RUNE_ERROR, 0x27, false) + "'";
}

/** strconv.QuoteRuneToASCII. */
export function quoteRuneToASCII(r: number): string {
  return "'" + escapeRune(isValidRune(r) ? r : RUNE_ERROR, 0x27, true) + "'";
}

/** strconv.CanBackquote: a single-line string without control characters (tab allowed), backquote or BOM. */
export function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x60 || c === 0x7f || c === 0xfeff) return false;
    if (c >= 0xd800 && c <= 0xdfff) {
      const paired = c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff;
      if (!paired) return false;
      i++;
    }
  }
  return true;
}

const syntaxError = (): GoError => new GoError('invalid syntax');

function unhex(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * strconv.Unquote: a "interpreted", `raw` or 'rune' literal. Escapes that produce bytes (\x, octal)
 * are collected as bytes and decoded as UTF-8 at the end; invalid UTF-8 becomes U+FFFD.
 * Throws GoError("invalid syntax").
 */
export function unquote(s: string): string {
  const n = s.length;
  if (n < 2) throw syntaxError();
  const q = s.charCodeAt(0);
  if (q !== s.charCodeAt(n - 1)) throw syntaxError();
  const body = s.slice(1, n - 1);
  if (q === 0x60) {
    if (body.includes('`')) throw syntaxError();
    return body.includes('\r') ? body.replaceAll('\r', '') : body;
  }
  if (q !== 0x22 && q !== 0x27) throw syntaxError();
  if (body.includes('\n')) throw syntaxError();
  if (!body.includes('\\') && !body.includes(String.fromCharCode(q))) {
    if (q === 0x22) return body;
    const cp = body.codePointAt(0);
    if (cp !== undefined && body.length === (cp > 0xffff ? 2 : 1)) return body;
  }
  const bytes: number[] = [];
  let runes = 0;
  let i = 0;
  while (i < body.length) {
    const c = body.charCodeAt(i);
    if (c === q) throw syntaxError();
    runes++;
    if (c !== 0x5c) {
      const cp = body.codePointAt(i)!;
      pushUtf8(bytes, cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    if (i + 1 >= body.length) throw syntaxError();
    const e = body.charCodeAt(i + 1);
    i += 2;
    switch (e) {
      case 0x61:
        bytes.push(0x07);
        break;
      case 0x62:
        bytes.push(0x08);
        break;
      case 0x66:
        bytes.push(0x0c);
        break;
      case 0x6e:
        bytes.push(0x0a);
        break;
      case 0x72:
        bytes.push(0x0d);
        break;
      case 0x74:
        bytes.push(0x09);
        break;
      case 0x76:
        bytes.push(0x0b);
        break;
      case 0x5c:
        bytes.push(0x5c);
        break;
      case 0x27:
      case 0x22:
        if (e !== q) throw syntaxError();
        bytes.push(e);
        break;
      case 0x78:
      case 0x75:
      case 0x55: {
        const len = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
        if (i + len > body.length) throw syntaxError();
        let v = 0;
        for (let j = 0; j < len; j++) {
          const h = unhex(body.charCodeAt(i + j));
          if (h < 0) throw syntaxError();
          v = v * 16 + h;
        }
        i += len;
        if (e === 0x78) bytes.push(v);
        else if (!isValidRune(v)) throw syntaxError();
        else pushUtf8(bytes, v);
        break;
      }
      default: {
        if (e < 0x30 || e > 0x37) throw syntaxError();
        if (i + 2 > body.length) throw syntaxError();
        let v = e - 0x30;
        for (let j = 0; j < 2; j++) {
          const d = body.charCodeAt(i + j) - 0x30;
          if (d < 0 || d > 7) throw syntaxError();
          v = v * 8 + d;
        }
        i += 2;
        if (v > 255) throw syntaxError();
        bytes.push(v);
      }
    }
  }
  if (q === 0x27 && runes > 1) throw syntaxError();
  return Buffer.from(bytes).toString('utf8');
}

function pushUtf8(bytes: number[], cp: number): void {
  if (cp < 0x80) bytes.push(cp);
  else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}
