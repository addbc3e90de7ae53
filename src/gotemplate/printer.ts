// The formatting engine behind fmt.ts: Go's fmt printer state (flags, width, precision) and the
// per-type formatting of print.go and format.go, applied to GoValues.
//
// Widths and precisions count runes (code points), as Go counts UTF-8 runes. Values that Go would
// print as a machine address (funcs, pointers below the top level, %p) print a fixed fake address,
// 0xc000010000, since ours have none and Go's differ from run to run anyway.

import { formatFloat, type FloatFormat } from './ftoa.js';
import { goStringFromBytes } from './gostring.js';
import { canBackquote, isPrint, quote, quoteRune, quoteRuneToASCII, quoteToASCII } from './quote.js';
import { GoFloat32, GoInt, GoObject, TypedNil, compareGoStrings, isSignedKind, kindName, sortedKeys, typeName, type GoValue } from './value.js';

const FAKE_ADDRESS = 0xc000010000n;
export const NIL_ANGLE = '<nil>';
const LOWER_HEX = '0123456789abcdef';
const UPPER_HEX = '0123456789ABCDEF';
const MAX_RUNE = 0x10ffff;
const RUNE_ERROR = 0xfffd;
const utf8 = new TextEncoder();

// Verbs as code points.
export const V = 0x76; // v
const T = 0x54; // T
const P = 0x70; // p

function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function hasAddress(v: GoValue): boolean {
  if (Array.isArray(v) || v instanceof Map || v instanceof Uint8Array || v instanceof TypedNil) return true;
  if (v instanceof GoObject) return kindName(v) === 'ptr' || kindName(v) === 'map';
  return typeof v === 'object' && v !== null && !(v instanceof GoInt) && !(v instanceof GoFloat32);
}

/** One Sprint/Sprintf call: the output, the current verb's flags, and Go's per-type formatting. */
export class Printer {
  buf = '';
  widPresent = false;
  precPresent = false;
  minus = false;
  plus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  wid = 0;
  prec = 0;
  /** Printing the operand of a bad verb: methods (String) are not called. */
  erroring = false;
  goodArgNum = true;
  reordered = false;
  /** text/template prints the struct a top-level pointer points to: {...} rather than &{...}. */
  derefTopPointer = false;
  /** The operand is addressable (text/template's own printing), so pointer-receiver String() applies. */
  addressable = false;

  clearFlags(): void {
    this.widPresent = this.precPresent = this.minus = this.plus = this.sharp = false;
    this.space = this.zero = this.plusV = this.sharpV = false;
    this.wid = this.prec = 0;
  }

  writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.zero && !this.minus ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  badVerb(verb: number, arg: GoValue | undefined): void {
    this.erroring = true;
    this.buf += '%!' + String.fromCodePoint(verb) + '(';
    if (arg === null || arg === undefined) {
      this.buf += NIL_ANGLE;
    } else {
      this.buf += typeName(arg) + '=';
      this.printArg(arg, V);
    }
    this.buf += ')';
    this.erroring = false;
  }

  // ---- basic kinds ----

  fmtBool(v: boolean, verb: number): void {
    if (verb === 0x74 || verb === V) this.pad(v ? 'true' : 'false');
    else this.badVerb(verb, v);
  }

  fmtInteger(v: bigint, signed: boolean, verb: number, arg: GoValue): void {
    switch (verb) {
      case V:
        if (this.sharpV && !signed) this.fmt0x64(v, true);
        else this.integer(v, 10, signed, verb, LOWER_HEX);
        return;
      case 0x64: // d
        return this.integer(v, 10, signed, verb, LOWER_HEX);
      case 0x62: // b
        return this.integer(v, 2, signed, verb, LOWER_HEX);
      case 0x6f: // o
      case 0x4f: // O
        return this.integer(v, 8, signed, verb, LOWER_HEX);
      case 0x78: // x
        return this.integer(v, 16, signed, verb, LOWER_HEX);
      case 0x58: // X
        return this.integer(v, 16, signed, verb, UPPER_HEX);
      case 0x63: // c
        return this.pad(String.fromCodePoint(runeOf(v)));
      case 0x71: {
        // q
        const r = runeOf(v);
        return this.pad(this.plus ? quoteRuneToASCII(r) : quoteRune(r));
      }
      case 0x55: // U
        return this.fmtUnicode(BigInt.asUintN(64, v));
      default:
        this.badVerb(verb, arg);
    }
  }

  fmt0x64(v: bigint, leading0x: boolean): void {
    const sharp = this.sharp;
    this.sharp = leading0x;
    this.integer(v, 16, false, V, LOWER_HEX);
    this.sharp = sharp;
  }

  /** Go's fmt.fmtInteger: precision or zero flag give leading zeros, then prefixes and sign. */
  integer(v: bigint, base: number, signed: boolean, verb: number, digitSet: string): void {
    const negative = signed && v < 0n;
    const abs = negative ? -v : signed ? v : BigInt.asUintN(64, v);
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && abs === 0n) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && !this.minus && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let digits = abs <= 0xffffffffn ? Number(abs).toString(base) : abs.toString(base);
    if (digitSet === UPPER_HEX) digits = digits.toUpperCase();
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (this.sharp) {
      if (base === 2) digits = '0b' + digits;
      else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
      else if (base === 16) digits = (digitSet === UPPER_HEX ? '0X' : '0x') + digits;
    }
    if (verb === 0x4f) digits = '0o' + digits;
    if (negative) digits = '-' + digits;
    else if (this.plus) digits = '+' + digits;
    else if (this.space) digits = ' ' + digits;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(digits);
    this.zero = oldZero;
  }

  fmtUnicode(u: bigint): void {
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    let hex = u.toString(16).toUpperCase();
    if (hex.length < prec) hex = '0'.repeat(prec - hex.length) + hex;
    let s = 'U+' + hex;
    if (this.sharp && u <= BigInt(MAX_RUNE) && isPrint(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  fmtFloat(v: number, size: 32 | 64, verb: number, arg: GoValue): void {
    switch (verb) {
      case V:
        return this.float(v, size, 'g', -1);
      case 0x62: // b
      case 0x67: // g
      case 0x47: // G
      case 0x78: // x
      case 0x58: // X
        return this.float(v, size, String.fromCharCode(verb) as FloatFormat, -1);
      case 0x66: // f
      case 0x65: // e
      case 0x45: // E
        return this.float(v, size, String.fromCharCode(verb) as FloatFormat, 6);
      case 0x46: // F
        return this.float(v, size, 'f', 6);
      default:
        this.badVerb(verb, arg);
    }
  }

  /** Go's fmt.fmtFloat: sign handling, # (keep the point and trailing zeros), zero padding after the sign. */
  float(v: number, size: 32 | 64, verb: FloatFormat, prec: number): void {
    if (this.precPresent) prec = this.prec;
    let num = formatFloat(v, verb, prec, size);
    num = num[0] === '-' || num[0] === '+' ? num : '+' + num;
    if (this.space && num[0] === '+' && !this.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.sharp && verb !== 'b') num = this.sharpFloat(num, verb, prec);
    if (this.plus || num[0] !== '+') {
      if (this.zero && !this.minus && this.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  /** The # flag on floats: always a decimal point, and %g keeps its trailing zeros. */
  sharpFloat(num: string, verb: FloatFormat, prec: number): string {
    let digits = 0;
    if (verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec;
    let tail = '';
    let hasDecimalPoint = false;
    let sawNonzeroDigit = false;
    let end = num.length;
    for (let i = 1; i < end; i++) {
      const c = num[i];
      if (c === '.') {
        hasDecimalPoint = true;
      } else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
        tail = num.slice(i);
        end = i;
      } else {
        if (c !== '0') sawNonzeroDigit = true;
        if (sawNonzeroDigit) digits--;
      }
    }
    let body = num.slice(0, end);
    if (!hasDecimalPoint) {
      if (body.length === 2 && body[1] === '0') digits--;
      body += '.';
    }
    if (digits > 0) body += '0'.repeat(digits);
    return body + tail;
  }

  fmtString(s: string, verb: number, arg: GoValue): void {
    switch (verb) {
      case V:
        if (this.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case 0x73: // s
        return this.fmtS(s);
      case 0x78: // x
        return this.fmtSbx(utf8.encode(s), LOWER_HEX);
      case 0x58: // X
        return this.fmtSbx(utf8.encode(s), UPPER_HEX);
      case 0x71: // q
        return this.fmtQ(s);
      default:
        this.badVerb(verb, arg);
    }
  }

  truncate(s: string): string {
    if (!this.precPresent) return s;
    let n = this.prec;
    for (let i = 0; i < s.length; i++) {
      if (--n < 0) return s.slice(0, i);
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) i++;
    }
    return s;
  }

  fmtS(s: string): void {
    if (this.precPresent) s = this.truncate(s);
    if (!this.widPresent) this.buf += s;
    else this.pad(s);
  }

  fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.sharp && canBackquote(s)) this.pad('`' + s + '`');
    else this.pad(this.plus ? quoteToASCII(s) : quote(s));
  }

  /** %x of a string or bytes: hex pairs, with # a 0x prefix, with space one group per byte. */
  fmtSbx(b: Uint8Array, digitSet: string): void {
    let length = b.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) {
        width += 2;
      }
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    const prefix = '0' + (digitSet === UPPER_HEX ? 'X' : 'x');
    let s = this.sharp ? prefix : '';
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        s += ' ';
        if (this.sharp) s += prefix;
      }
      s += digitSet[b[i] >> 4] + digitSet[b[i] & 0xf];
    }
    this.buf += s;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  fmtBytes(b: Uint8Array, verb: number, typeString: string): void {
    switch (verb) {
      case V:
      case 0x64: // d
        if (this.sharpV) {
          this.buf += typeString + '{';
          for (let i = 0; i < b.length; i++) {
            if (i > 0) this.buf += ', ';
            this.fmt0x64(BigInt(b[i]), true);
          }
          this.buf += '}';
        } else {
          this.buf += '[';
          for (let i = 0; i < b.length; i++) {
            if (i > 0) this.buf += ' ';
            this.integer(BigInt(b[i]), 10, false, verb, LOWER_HEX);
          }
          this.buf += ']';
        }
        return;
      case 0x73: // s
        return this.fmtS(goStringFromBytes(b));
      case 0x78: // x
        return this.fmtSbx(b, LOWER_HEX);
      case 0x58: // X
        return this.fmtSbx(b, UPPER_HEX);
      case 0x71: // q
        return this.fmtQ(Buffer.from(b).toString('utf8'));
      default:
        this.buf += '[';
        for (let i = 0; i < b.length; i++) {
          if (i > 0) this.buf += ' ';
          this.fmtInteger(BigInt(b[i]), false, verb, new GoInt(BigInt(b[i]), 'uint8'));
        }
        this.buf += ']';
    }
  }

  fmtPointer(v: GoValue, verb: number): void {
    if (!hasAddress(v)) {
      this.badVerb(verb, v);
      return;
    }
    const u = v instanceof TypedNil ? 0n : FAKE_ADDRESS;
    switch (verb) {
      case V:
        if (this.sharpV) {
          this.buf += '(' + typeName(v) + ')(';
          if (u === 0n) this.buf += 'nil';
          else this.fmt0x64(u, true);
          this.buf += ')';
        } else if (u === 0n) {
          this.pad(NIL_ANGLE);
        } else {
          this.fmt0x64(u, !this.sharp);
        }
        return;
      case P:
        return this.fmt0x64(u, !this.sharp);
      case 0x62:
      case 0x6f:
      case 0x64:
      case 0x78:
      case 0x58:
        return this.fmtInteger(u, false, verb, v);
      default:
        this.badVerb(verb, v);
    }
  }

  /** A Stringer's String() for the verbs that take it (not while printing a bad verb's operand). */
  handleMethods(v: GoObject, verb: number): boolean {
    if (this.erroring || this.sharpV) return false;
    if (verb !== V && verb !== 0x73 && verb !== 0x78 && verb !== 0x58 && verb !== 0x71) return false;
    if (v.stringerOnPointerOnly() && !this.addressable) return false;
    const s = v.goString();
    if (s === undefined) return false;
    this.fmtString(s, verb, s);
    return true;
  }

  // ---- operands ----

  printArg(arg: GoValue, verb: number): void {
    if (arg === null || arg === undefined) {
      if (verb === T || verb === V) this.pad(NIL_ANGLE);
      else this.badVerb(verb, null);
      return;
    }
    if (verb === T) {
      this.fmtS(typeName(arg));
      return;
    }
    if (verb === P) {
      this.fmtPointer(arg, P);
      return;
    }
    if (arg instanceof Uint8Array) {
      this.fmtBytes(arg, verb, '[]byte');
      return;
    }
    this.printValue(arg, verb, 0);
  }

  printValue(v: GoValue, verb: number, depth: number): void {
    switch (typeof v) {
      case 'string':
        return this.fmtString(v, verb, v);
      case 'number':
        return this.fmtFloat(v, 64, verb, v);
      case 'boolean':
        return this.fmtBool(v, verb);
    }
    if (v === null || v === undefined) {
      // A nil element of an interface-typed slice, map or field.
      this.buf += this.sharpV ? 'interface {}(nil)' : NIL_ANGLE;
      return;
    }
    if (v instanceof GoInt) return this.fmtInteger(v.value, isSignedKind(v.kind), verb, v);
    if (v instanceof GoFloat32) return this.fmtFloat(v.value, 32, verb, v);
    if (v instanceof Uint8Array) return this.fmtBytes(v, verb, '[]uint8');
    if (Array.isArray(v)) return this.printList(v, typeName(v), verb, depth);
    if (v instanceof Map) return this.printMap(sortedKeys(v), (k) => v.get(k) ?? null, typeName(v), verb, depth);
    if (v instanceof TypedNil) return this.printTypedNil(v, verb);
    if (v instanceof GoObject) return this.printObject(v, verb, depth);
    this.fmtPointer(v, verb);
  }

  printList(items: GoValue[], type: string, verb: number, depth: number): void {
    if (this.sharpV) {
      this.buf += type + '{';
      for (let i = 0; i < items.length; i++) {
        if (i > 0) this.buf += ', ';
        this.printValue(items[i], verb, depth + 1);
      }
      this.buf += '}';
      return;
    }
    this.buf += '[';
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.buf += ' ';
      this.printValue(items[i], verb, depth + 1);
    }
    this.buf += ']';
  }

  printMap(keys: string[], get: (k: string) => GoValue, type: string, verb: number, depth: number): void {
    this.buf += this.sharpV ? type + '{' : 'map[';
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
      this.printValue(keys[i], verb, depth + 1);
      this.buf += ':';
      this.printValue(get(keys[i]), verb, depth + 1);
    }
    this.buf += this.sharpV ? '}' : ']';
  }

  printTypedNil(v: TypedNil, verb: number): void {
    if (v.type.startsWith('map[')) {
      this.buf += this.sharpV ? v.type + '(nil)' : 'map[]';
    } else if (v.type.startsWith('[]')) {
      this.buf += this.sharpV ? v.type + '(nil)' : '[]';
    } else {
      this.fmtPointer(v, verb);
    }
  }

  printObject(v: GoObject, verb: number, depth: number): void {
    if (this.handleMethods(v, verb)) return;
    const kind = kindName(v);
    const type = v.goType();
    if (kind === 'map') {
      const names = [...v.fieldNames()].sort(compareGoStrings);
      this.printMap(names, (k) => v.field(k) ?? null, type, verb, depth);
      return;
    }
    if (kind === 'ptr') {
      // Go prints &{...} for a pointer to a struct at the top level, an address below it.
      if (depth > 0) {
        this.fmtPointer(v, verb);
        return;
      }
      if (!this.derefTopPointer) this.buf += '&';
    }
    if (this.sharpV) this.buf += kind === 'ptr' ? type.slice(1) : type;
    this.buf += '{';
    const names = v.fieldNames();
    for (let i = 0; i < names.length; i++) {
      if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
      if (this.plusV || this.sharpV) this.buf += names[i] + ':';
      this.printValue(v.field(names[i]) ?? null, verb, depth + 1);
    }
    this.buf += '}';
  }
}

/** A rune from an integer operand of %c or %q: out of range becomes U+FFFD. */
function runeOf(v: bigint): number {
  const u = BigInt.asUintN(64, v);
  if (u > BigInt(MAX_RUNE)) return RUNE_ERROR;
  const r = Number(u);
  return r >= 0xd800 && r <= 0xdfff ? RUNE_ERROR : r;
}
