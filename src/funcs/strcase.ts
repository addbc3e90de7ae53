// Go's unicode predicates and simple case mappings, and the string helpers sprig borrows from
// Masterminds/goutils v1.1.1 (Abbreviate, Wrap, Initials, SwapCase, ...) and huandu/xstrings v1.5.0
// (snake, kebab and Pascal case). Several goutils helpers walk a string byte by byte and treat each
// byte as a rune; that is kept, because it shows in the output of non-ASCII text.

const SPACE_RE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/u;
const UPPER_RE = /^\p{Lu}$/u;
const LOWER_RE = /^\p{Ll}$/u;
const TITLE_RE = /^\p{Lt}$/u;
const LETTER_RE = /^\p{L}$/u;
const DIGIT_RE = /^\p{Nd}$/u;
const NUMBER_RE = /^\p{N}$/u;
const PUNCT_RE = /^\p{P}$/u;

const ch = (r: number): string => String.fromCodePoint(r);

/** unicode.IsSpace. */
export function isSpace(r: number): boolean {
  if (r < 0x80) return r === 0x20 || (r >= 0x09 && r <= 0x0d);
  return SPACE_RE.test(ch(r));
}
export function isUpper(r: number): boolean {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a;
  return UPPER_RE.test(ch(r));
}
export function isLower(r: number): boolean {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a;
  return LOWER_RE.test(ch(r));
}
export const isTitle = (r: number): boolean => TITLE_RE.test(ch(r));
export const isLetter = (r: number): boolean => LETTER_RE.test(ch(r));
export const isDigit = (r: number): boolean => DIGIT_RE.test(ch(r));
export const isNumber = (r: number): boolean => NUMBER_RE.test(ch(r));
export const isPunct = (r: number): boolean => PUNCT_RE.test(ch(r));

/** A simple (one rune to one rune) case mapping; JS gives full mappings, so multi-rune results are dropped. */
function simpleMap(r: number, mapped: string): number {
  const first = mapped.codePointAt(0)!;
  return mapped.length === (first > 0xffff ? 2 : 1) ? first : r;
}

export function toUpperRune(r: number): number {
  if (r < 0x80) return r >= 0x61 && r <= 0x7a ? r - 32 : r;
  return simpleMap(r, ch(r).toUpperCase());
}
export function toLowerRune(r: number): number {
  if (r < 0x80) return r >= 0x41 && r <= 0x5a ? r + 32 : r;
  if (r === 0x130) return 0x69; // İ: its full lowering has two runes, its simple one is "i".
  return simpleMap(r, ch(r).toLowerCase());
}
/** unicode.ToTitle: as ToUpper except for the digraphs and Georgian, whose title case differs. */
export function toTitleRune(r: number): number {
  if (r >= 0x1c4 && r <= 0x1cc) return 0x1c5 + 3 * Math.floor((r - 0x1c4) / 3);
  if (r >= 0x1f1 && r <= 0x1f3) return 0x1f2;
  if ((r >= 0x10d0 && r <= 0x10fa) || (r >= 0x10fd && r <= 0x10ff)) return r;
  return toUpperRune(r);
}

function mapRunes(s: string, f: (r: number) => number): string {
  let out = '';
  // Go's strings.Map reads each invalid byte as U+FFFD.
  for (const c of s) {
    const r = c.codePointAt(0)!;
    out += ch(f(r >= 0xd800 && r <= 0xdfff ? 0xfffd : r));
  }
  return out;
}

export const goToUpper = (s: string): string => mapRunes(s, toUpperRune);
export const goToLower = (s: string): string => mapRunes(s, toLowerRune);

/** strings.Title: upper-cases (title-cases) the first letter of every word. */
export function goTitle(s: string): string {
  let prev = 0x20;
  return mapRunes(s, (r) => {
    const out = isTitleSeparator(prev) ? toTitleRune(r) : r;
    prev = r;
    return out;
  });
}

function isTitleSeparator(r: number): boolean {
  if (r <= 0x7f) {
    const alnum = (r >= 0x30 && r <= 0x39) || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a) || r === 0x5f;
    return !alnum;
  }
  if (isLetter(r) || isDigit(r)) return false;
  return isSpace(r);
}

/** strings.TrimSpace. */
export function trimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSpace(s.codePointAt(start)!)) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** goutils.Uncapitalize: lower-cases the first rune of every whitespace-separated word. */
export function uncapitalize(s: string): string {
  let next = true;
  return mapRunes(s, (r) => {
    if (isSpace(r)) {
      next = true;
      return r;
    }
    if (next) {
      next = false;
      return toLowerRune(r);
    }
    return r;
  });
}

/** goutils.SwapCase: upper → lower, lower → title after whitespace, otherwise upper. */
export function swapCase(s: string): string {
  let whitespace = true;
  return mapRunes(s, (r) => {
    if (isUpper(r) || isTitle(r)) {
      whitespace = false;
      return toLowerRune(r);
    }
    if (isLower(r)) {
      if (whitespace) {
        whitespace = false;
        return toTitleRune(r);
      }
      return toUpperRune(r);
    }
    whitespace = isSpace(r);
    return r;
  });
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** goutils.Initials: the first byte of each word, each byte read as a rune (Latin-1). */
export function initials(s: string): string {
  let out = '';
  let lastWasGap = true;
  for (const b of encoder.encode(s)) {
    if (isSpace(b)) lastWasGap = true;
    else if (lastWasGap) {
      out += String.fromCharCode(b);
      lastWasGap = false;
    }
  }
  return out;
}

/** goutils.DeleteWhiteSpace: byte-wise, so multi-byte runes are re-encoded as Latin-1 runes when any space is dropped. */
export function deleteWhiteSpace(s: string): string {
  const bytes = encoder.encode(s);
  let out = '';
  let kept = 0;
  for (const b of bytes) {
    if (!isSpace(b)) {
      out += String.fromCharCode(b);
      kept++;
    }
  }
  return kept === bytes.length ? s : out;
}

/** goutils.WrapCustom on the UTF-8 bytes of `s`. */
export function wrapCustom(s: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (s === '') return '';
  const nl = newLine === '' ? '\n' : newLine;
  const width = wrapLength < 1 ? 1 : wrapLength;
  const bytes = Buffer.from(s, 'utf8');
  const len = bytes.length;
  const parts: string[] = [];
  const piece = (a: number, b: number): string => decoder.decode(bytes.subarray(a, b));
  let offset = 0;
  while (len - offset > width) {
    if (bytes[offset] === 0x20) {
      offset++;
      continue;
    }
    const spaceAt = bytes.subarray(offset, width + offset + 1).lastIndexOf(0x20);
    if (spaceAt >= 0) {
      parts.push(piece(offset, offset + spaceAt), nl);
      offset += spaceAt + 1;
    } else if (wrapLongWords) {
      parts.push(piece(offset, offset + width), nl);
      offset += width;
    } else {
      const next = bytes.indexOf(0x20, width + offset);
      if (next >= 0) {
        parts.push(piece(offset, next), nl);
        offset = next + 1;
      } else {
        parts.push(piece(offset, len));
        offset = len;
      }
    }
  }
  parts.push(piece(offset, len));
  return parts.join('');
}

/** goutils.AbbreviateFull (byte lengths), with the error goutils returns as a thrown Error. */
export function abbreviateFull(s: string, offsetIn: number, maxWidth: number): string {
  if (s === '') return '';
  if (maxWidth < 4) throw new Error('stringutils illegal argument: Minimum abbreviation width is 4');
  const bytes = Buffer.from(s, 'utf8');
  const len = bytes.length;
  if (len <= maxWidth) return s;
  const piece = (a: number, b: number): string => decoder.decode(bytes.subarray(a, b));
  let offset = Math.min(offsetIn, len);
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  if (offset <= 4) return piece(0, maxWidth - 3) + '...';
  if (maxWidth < 7) throw new Error('stringutils illegal argument: Minimum abbreviation width with offset is 7');
  if (offset + maxWidth - 3 < len) return '...' + abbreviateFull(piece(offset, len), 0, maxWidth - 3);
  return '...' + piece(len - (maxWidth - 3), len);
}

// ---- huandu/xstrings v1.5.0 ----

const isConnector = (r: number): boolean => r === 0x2d || r === 0x5f || isSpace(r);

/** xstrings' isAlphabet: a letter that is not a CJK ideograph. */
function isAlphabet(r: number): boolean {
  if (!isLetter(r)) return false;
  if (r < 0x3400) return true;
  if (r >= 0x4e00 && r <= 0x9fcc) return false;
  if (r >= 0x3400 && r <= 0x4d85) return false;
  if (r >= 0x20000 && r <= 0x2b81d) return false;
  return true;
}

/** xstrings.ToPascalCase. */
export function toPascalCase(s: string): string {
  const runes = Array.from(s, (c) => c.codePointAt(0)!);
  if (runes.length === 0) return '';
  let out = '';
  let i = 0;
  let r0 = 0;
  let firstUpper = false;
  for (; i < runes.length; ) {
    r0 = runes[i++];
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
      break;
    }
    out += ch(r0);
  }
  // xstrings writes the last rune again when the string is all connectors ("_" → "__").
  if (i >= runes.length) return out + ch(r0);
  while (i < runes.length) {
    const r1 = r0;
    r0 = runes[i++];
    if (isConnector(r0) && isConnector(r1)) {
      out += ch(r1);
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = toLowerRune(r0);
        else firstUpper = false;
      }
      out += ch(r1);
    }
  }
  return out + ch(r0);
}

const enum Word {
  Invalid,
  Number,
  Upper,
  Alphabet,
  Connector,
  Punct,
  Other,
}

interface Scan {
  type: Word;
  word: number[];
  rest: number[];
}

/** xstrings' nextWord over runes (JS strings hold no invalid UTF-8, so no invalid words). */
function nextWord(str: number[]): Scan {
  if (str.length === 0) return { type: Word.Invalid, word: [], rest: [] };
  let n = 1;
  const r = str[0];
  let type: Word;
  const extend = (pred: (x: number) => boolean): void => {
    while (n < str.length && pred(str[n])) n++;
  };
  if (isConnector(r)) {
    type = Word.Connector;
    extend(isConnector);
  } else if (isPunct(r)) {
    type = Word.Punct;
    extend(isPunct);
  } else if (isUpper(r)) {
    type = Word.Upper;
    if (n < str.length) {
      const r1 = str[n];
      if (isUpper(r1)) {
        n++;
        extend(isUpper);
        // "HTTPStatus" splits into "HTTP" and "Status".
        if (n < str.length && isAlphabet(str[n])) n--;
      } else if (isAlphabet(r1)) {
        n++;
        extend((x) => isAlphabet(x) && !isUpper(x));
      }
    }
  } else if (isAlphabet(r)) {
    type = Word.Alphabet;
    extend((x) => isAlphabet(x) && !isUpper(x));
  } else if (isNumber(r)) {
    type = Word.Number;
    extend(isNumber);
  } else {
    type = Word.Other;
    extend((x) => !(isConnector(x) || isAlphabet(x) || isNumber(x) || isPunct(x)));
  }
  return { type, word: str.slice(0, n), rest: str.slice(n) };
}

function lowerWord(type: Word, word: number[], connector: number): string {
  if (type !== Word.Upper && type !== Word.Connector) return String.fromCodePoint(...word);
  let out = '';
  for (const r of word) out += ch(isConnector(r) ? connector : isUpper(r) ? toLowerRune(r) : r);
  return out;
}

/** xstrings' camelCaseToLowerCase: snakecase (connector `_`) and kebabcase (`-`). */
export function camelCaseToLowerCase(s: string, connectorChar: string): string {
  if (s === '') return '';
  const connector = connectorChar.codePointAt(0)!;
  const sep = connectorChar;
  let out = '';
  let scan = nextWord(Array.from(s, (c) => c.codePointAt(0)!));
  // Read through calls, as `advance` changes the scan under the checks below.
  const wt = (): Word => scan.type;
  const advance = (): void => {
    scan = nextWord(scan.rest);
  };
  while (scan.rest.length > 0) {
    if (wt() !== Word.Connector) out += lowerWord(wt(), scan.word, connector);
    const prev = wt();
    const last = scan.word;
    advance();
    switch (prev) {
      case Word.Number:
        while (wt() === Word.Alphabet || wt() === Word.Number) {
          out += lowerWord(wt(), scan.word, connector);
          advance();
        }
        if (wt() !== Word.Invalid && wt() !== Word.Punct && wt() !== Word.Connector) out += sep;
        break;
      case Word.Connector:
        out += lowerWord(prev, last, connector);
        break;
      case Word.Punct:
        break;
      default: {
        if (wt() !== Word.Number) {
          if (wt() !== Word.Connector && wt() !== Word.Punct) out += sep;
          break;
        }
        if (scan.rest.length === 0) break;
        const num = scan.word;
        advance();
        // A number followed by letters starts a new word ("HTTP2xx" → "http_2xx"); otherwise it ends the previous one.
        if (wt() !== Word.Alphabet) {
          out += lowerWord(Word.Number, num, connector);
          if (wt() !== Word.Connector && wt() !== Word.Punct) out += sep;
          break;
        }
        out += sep + lowerWord(Word.Number, num, connector);
        while (wt() === Word.Alphabet || wt() === Word.Number) {
          out += lowerWord(wt(), scan.word, connector);
          advance();
        }
        if (wt() !== Word.Invalid && wt() !== Word.Connector && wt() !== Word.Punct) out += sep;
      }
    }
  }
  return out + lowerWord(wt(), scan.word, connector);
}
