// Go strings are byte sequences; ours are UTF-16. Bytes that are not valid UTF-8 (a binary file
// read with .Files.Get, b64dec of binary data) are kept, one each, as the lone low surrogate
// U+DC00+byte, which no UTF-8 decoding produces, so converting back gives Go's exact bytes for
// b64enc, the checksums and len.

const ESCAPED_BYTE = /[\uDC80-\uDCFF]/;

/** Go's string([]byte): valid UTF-8 decoded, each byte of an invalid sequence kept as an escape. */
export function goStringFromBytes(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString('utf8');
  if (!text.includes('\uFFFD')) return text;
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const width = validSequenceLength(bytes, i);
    if (width === 0) {
      out += String.fromCharCode(0xdc00 + bytes[i]);
      i++;
    } else {
      out += buf.toString('utf8', i, i + width);
      i += width;
    }
  }
  return out;
}

/** Go's []byte(string): UTF-8, with escaped bytes restored as they were. */
export function goStringBytes(s: string): Uint8Array {
  if (!ESCAPED_BYTE.test(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0xdc80 || code > 0xdcff || isPairedLowSurrogate(s, i)) continue;
    parts.push(Buffer.from(s.slice(start, i), 'utf8'), Buffer.of(code - 0xdc00));
    start = i + 1;
  }
  parts.push(Buffer.from(s.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

/** The number of bytes Go's len sees in a string. */
export function goStringByteLength(s: string): number {
  return ESCAPED_BYTE.test(s) ? goStringBytes(s).length : Buffer.byteLength(s, 'utf8');
}

function isPairedLowSurrogate(s: string, i: number): boolean {
  const prev = i > 0 ? s.charCodeAt(i - 1) : 0;
  return prev >= 0xd800 && prev <= 0xdbff;
}

/** Length of the valid UTF-8 sequence at `i` (as Go's utf8.DecodeRune accepts it), or 0. */
function validSequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c >= 0xe1 && c <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
