// Go's fmt package over GoValues: Sprint, Sprintln, Sprintf and the %v of one value, with Go's
// verbs, flags, widths, precisions, argument indexes and error notations (%!d(string=x), ...).
// The per-type formatting lives in printer.ts; this module parses Printf formats.

import { formatShortestG64 } from './ftoa.js';
import { NIL_ANGLE, Printer, V } from './printer.js';
import { GoInt, GoObject, kindName, typeName, type GoValue } from './value.js';

/** fmt.Sprint of a single value: %v. The hot path of template output. */
export function formatValue(v: GoValue): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatShortestG64(v);
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v === null || v === undefined) return NIL_ANGLE;
  if (v instanceof GoInt) return v.value.toString();
  const p = new Printer();
  p.printArg(v, V);
  return p.buf;
}

/**
 * How text/template prints a pipeline's value (exec.go printableValue, then fmt.Fprint): %v, except
 * that a pointer to a struct is dereferenced first, so it prints {...} rather than &{...}.
 */
export function formatTemplateValue(v: GoValue): string {
  if (!(v instanceof GoObject)) return formatValue(v);
  const p = new Printer();
  p.derefTopPointer = kindName(v) === 'ptr';
  // printableValue takes the address of an addressable value whose pointer is a Stringer.
  p.addressable = true;
  p.printArg(v, V);
  return p.buf;
}

/** fmt.Sprint: operands separated by a space when neither side is a string. */
export function sprint(args: GoValue[]): string {
  if (args.length === 1) return formatValue(args[0]);
  let out = '';
  let prevString = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const isString = typeof arg === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += formatValue(arg);
    prevString = isString;
  }
  return out;
}

/** fmt.Sprintln: operands always separated by a space, newline appended. */
export function sprintln(args: GoValue[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0) out += ' ';
    out += formatValue(args[i]);
  }
  return out + '\n';
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: GoValue[]): string {
  const p = new Printer();
  doPrintf(p, format, args);
  return p.buf;
}

/** Go's parsenum: a decimal number at s[start:end], with its overflow guard. */
function parseNum(s: string, start: number, end: number): { num: number; isNum: boolean; next: number } {
  let num = 0;
  let isNum = false;
  let i = start;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (tooLarge(num)) return { num: 0, isNum: false, next: end };
    num = num * 10 + (c - 48);
    isNum = true;
  }
  return { num, isNum, next: i };
}

function tooLarge(x: number): boolean {
  return x > 1e6 || x < -1e6;
}



function intFromArg(args: GoValue[], argNum: number): { num: number; isInt: boolean; next: number } {
  if (argNum >= args.length) return { num: 0, isInt: false, next: argNum };
  const a = args[argNum];
  let num = 0;
  let isInt = false;
  if (a instanceof GoInt && a.value >= -(1n << 63n) && a.value < 1n << 63n) {
    num = Number(a.value);
    isInt = true;
  }
  if (tooLarge(num)) {
    num = 0;
    isInt = false;
  }
  return { num, isInt, next: argNum + 1 };
}

/** An argument index [n] at format[i]: the new argument number, position and whether it was one. */
function argNumber(p: Printer, argNum: number, format: string, i: number, numArgs: number): { argNum: number; i: number; found: boolean } {
  if (format.length <= i || format.charCodeAt(i) !== 0x5b) return { argNum, i, found: false };
  p.reordered = true;
  const { index, wid, ok } = parseArgNumber(format, i);
  if (ok && index >= 0 && index < numArgs) return { argNum: index, i: i + wid, found: true };
  p.goodArgNum = false;
  return { argNum, i: i + wid, found: ok };
}

function doPrintf(p: Printer, format: string, a: GoValue[]): void {
  const end = format.length;
  let argNum = 0;
  p.reordered = false;
  formatLoop: for (let i = 0; i < end; ) {
    p.goodArgNum = true;
    const lasti = i;
    while (i < end && format.charCodeAt(i) !== 0x25) i++;
    if (i > lasti) p.buf += format.slice(lasti, i);
    if (i >= end) break;
    i++;
    p.clearFlags();
    simpleFormat: for (; i < end; i++) {
      const c = format.charCodeAt(i);
      switch (c) {
        case 0x23:
          p.sharp = true;
          break;
        case 0x30:
          p.zero = true;
          break;
        case 0x2b:
          p.plus = true;
          break;
        case 0x2d:
          p.minus = true;
          break;
        case 0x20:
          p.space = true;
          break;
        default:
          // Fast path for a plain verb right after the flags.
          if (c >= 0x61 && c <= 0x7a && argNum < a.length) {
            if (c === V || c === 0x77) {
              p.sharpV = p.sharp;
              p.sharp = false;
              p.plusV = p.plus;
              p.plus = false;
            }
            printVerb(p, a[argNum], c);
            argNum++;
            i++;
            continue formatLoop;
          }
          break simpleFormat;
      }
    }
    let r = argNumber(p, argNum, format, i, a.length);
    argNum = r.argNum;
    i = r.i;
    let afterIndex = r.found;
    if (i < end && format.charCodeAt(i) === 0x2a) {
      i++;
      const w = intFromArg(a, argNum);
      p.wid = w.num;
      p.widPresent = w.isInt;
      argNum = w.next;
      if (!p.widPresent) p.buf += '%!(BADWIDTH)';
      if (p.wid < 0) {
        p.wid = -p.wid;
        p.minus = true;
        p.zero = false;
      }
      afterIndex = false;
    } else {
      const n = parseNum(format, i, end);
      p.wid = n.num;
      p.widPresent = n.isNum;
      i = n.next;
      if (afterIndex && p.widPresent) p.goodArgNum = false;
    }
    if (i + 1 < end && format.charCodeAt(i) === 0x2e) {
      i++;
      if (afterIndex) p.goodArgNum = false;
      r = argNumber(p, argNum, format, i, a.length);
      argNum = r.argNum;
      i = r.i;
      afterIndex = r.found;
      if (i < end && format.charCodeAt(i) === 0x2a) {
        i++;
        const pr = intFromArg(a, argNum);
        p.prec = pr.num;
        p.precPresent = pr.isInt;
        argNum = pr.next;
        if (p.prec < 0) {
          p.prec = 0;
          p.precPresent = false;
        }
        if (!p.precPresent) p.buf += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const n = parseNum(format, i, end);
        p.prec = n.num;
        p.precPresent = n.isNum;
        i = n.next;
        if (!p.precPresent) {
          p.prec = 0;
          p.precPresent = true;
        }
      }
    }
    if (!afterIndex) {
      r = argNumber(p, argNum, format, i, a.length);
      argNum = r.argNum;
      i = r.i;
    }
    if (i >= end) {
      p.buf += '%!(NOVERB)';
      break;
    }
    const verb = format.codePointAt(i)!;
    i += verb > 0xffff ? 2 : 1;
    if (verb === 0x25) {
      p.buf += '%';
    } else if (!p.goodArgNum) {
      p.buf += '%!' + String.fromCodePoint(verb) + '(BADINDEX)';
    } else if (argNum >= a.length) {
      p.buf += '%!' + String.fromCodePoint(verb) + '(MISSING)';
    } else {
      if (verb === V || verb === 0x77) {
        p.sharpV = p.sharp;
        p.sharp = false;
        p.plusV = p.plus;
        p.plus = false;
      }
      printVerb(p, a[argNum], verb);
      argNum++;
    }
  }
  if (!p.reordered && argNum < a.length) {
    p.clearFlags();
    p.buf += '%!(EXTRA ';
    for (let k = argNum; k < a.length; k++) {
      if (k > argNum) p.buf += ', ';
      const arg = a[k];
      if (arg === null || arg === undefined) {
        p.buf += NIL_ANGLE;
      } else {
        p.buf += typeName(arg) + '=';
        p.printArg(arg, V);
      }
    }
    p.buf += ')';
  }
}

/** One operand under a verb; %w is an error-wrapping verb that Sprintf rejects. */
function printVerb(p: Printer, arg: GoValue, verb: number): void {
  if (verb === 0x77) {
    // Only Errorf accepts %w; its operand is still printed as %v.
    p.badVerb(verb, arg);
    return;
  }
  p.printArg(arg, verb);
}

/** Go's parseArgNumber on format[start:]: the zero-based index, the bracket's length, and validity. */
function parseArgNumber(format: string, start: number): { index: number; wid: number; ok: boolean } {
  if (format.length - start < 3) return { index: 0, wid: 1, ok: false };
  for (let i = start + 1; i < format.length; i++) {
    if (format.charCodeAt(i) === 0x5d) {
      const n = parseNum(format, start + 1, i);
      if (!n.isNum || n.next !== i) return { index: 0, wid: i - start + 1, ok: false };
      return { index: n.num - 1, wid: i - start + 1, ok: true };
    }
  }
  return { index: 0, wid: 1, ok: false };
}
