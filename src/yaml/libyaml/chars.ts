// Character classes of libyaml over a string's UTF-16 code units. The scanner's text ends with
// NUL sentinels (the reader refuses NUL in the input), so looking a few units ahead never leaves it.

export const NUL = 0;
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const NEL = 0x85;
export const LS = 0x2028;
export const PS = 0x2029;

export function isBreak(c: number): boolean {
  return c === LF || c === CR || c === NEL || c === LS || c === PS;
}

export function isBreakz(c: number): boolean {
  return c === LF || c === CR || c === NUL || c === NEL || c === LS || c === PS;
}

export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

export function isBlankz(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR || c === NUL || c === NEL || c === LS || c === PS;
}

/** libyaml's is_alpha: what anchors, tag handles and directive names are made of. */
export function isAlpha(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}
