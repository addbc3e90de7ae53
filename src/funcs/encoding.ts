// sprig's b64enc/b64dec/b32enc/b32dec. The decoders are Go's encoding/base64 and encoding/base32
// (StdEncoding) rewritten: padding is required, CR and LF are skipped, and on bad input sprig returns
// Go's error text as the result ("illegal base64 data at input byte 4"), so the offsets must match.
import { goStringBytes, goStringFromBytes } from '../gotemplate/gostring.js';
import { goFunc, type GoFunction } from '../gotemplate/value.js';

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const INVALID = 0xff;
const PAD = 0x3d; // '='
const LF = 0x0a;
const CR = 0x0d;

function decodeMap(alphabet: string): Uint8Array {
  const map = new Uint8Array(256).fill(INVALID);
  for (let i = 0; i < alphabet.length; i++) map[alphabet.charCodeAt(i)] = i;
  return map;
}

const BASE64_MAP = decodeMap(BASE64_ALPHABET);
const BASE32_MAP = decodeMap(BASE32_ALPHABET);

export class CorruptInputError extends Error {
  constructor(encoding: 'base64' | 'base32', offset: number) {
    super(`illegal ${encoding} data at input byte ${offset}`);
  }
}

const isNewline = (b: number) => b === LF || b === CR;

/** base64.StdEncoding.DecodeString. Throws CorruptInputError. */
export function decodeBase64(s: string): Uint8Array {
  const src = goStringBytes(s);
  const out = new Uint8Array(Math.floor((src.length * 3) / 4) + 3);
  let n = 0;
  let si = 0;
  const dbuf = new Uint8Array(4);
  while (si < src.length) {
    dbuf.fill(0);
    let dlen = 4;
    let trailingError: number | undefined;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return out.subarray(0, n);
        throw new CorruptInputError('base64', si - j);
      }
      const c = src[si++];
      const v = BASE64_MAP[c];
      if (v !== INVALID) {
        dbuf[j] = v;
        continue;
      }
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== PAD) throw new CorruptInputError('base64', si - 1);
      // Padding: only after two or three symbols, and "==" after two.
      if (j < 2) throw new CorruptInputError('base64', si - 1);
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) throw new CorruptInputError('base64', src.length);
        if (src[si] !== PAD) throw new CorruptInputError('base64', si - 1);
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      if (si < src.length) trailingError = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    for (let k = 0; k < dlen - 1; k++) out[n++] = bytes[k];
    if (trailingError !== undefined) throw new CorruptInputError('base64', trailingError);
    if (dlen < 4) break;
  }
  return out.subarray(0, n);
}

/** base32.StdEncoding.DecodeString (newlines are removed before decoding). Throws CorruptInputError. */
export function decodeBase32(s: string): Uint8Array {
  const src = goStringBytes(s).filter((b) => !isNewline(b));
  const olen = src.length;
  const out = new Uint8Array(Math.floor((olen * 5) / 8) + 5);
  let n = 0;
  let pos = 0;
  let end = false;
  const dbuf = new Uint8Array(8);
  while (pos < olen && !end) {
    dbuf.fill(0);
    let dlen = 8;
    for (let j = 0; j < 8; ) {
      if (pos === olen) throw new CorruptInputError('base32', olen - j);
      const c = src[pos++];
      const remaining = olen - pos;
      if (c === PAD && j >= 2 && remaining < 8) {
        if (remaining + j < 7) throw new CorruptInputError('base32', olen);
        for (let k = 0; k < 7 - j; k++) {
          if (remaining > k && src[pos + k] !== PAD) throw new CorruptInputError('base32', olen - remaining + k - 1);
        }
        dlen = j;
        end = true;
        // 1, 3 and 6 symbols cannot encode a whole byte.
        if (dlen === 1 || dlen === 3 || dlen === 6) throw new CorruptInputError('base32', olen - remaining - 1);
        break;
      }
      const v = BASE32_MAP[c];
      if (v === INVALID) throw new CorruptInputError('base32', olen - remaining - 1);
      dbuf[j++] = v;
    }
    const bytes = [
      (dbuf[0] << 3) | (dbuf[1] >> 2),
      ((dbuf[1] << 6) | (dbuf[2] << 1) | (dbuf[3] >> 4)) & 0xff,
      ((dbuf[3] << 4) | (dbuf[4] >> 1)) & 0xff,
      ((dbuf[4] << 7) | (dbuf[5] << 2) | (dbuf[6] >> 3)) & 0xff,
      ((dbuf[6] << 5) | dbuf[7]) & 0xff,
    ];
    const produced = [0, 0, 1, 1, 2, 3, 3, 4, 5][dlen];
    for (let k = 0; k < produced; k++) out[n++] = bytes[k];
  }
  return out.subarray(0, n);
}

function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 5) {
    const chunk = bytes.subarray(i, i + 5);
    let bits = 0n;
    for (let k = 0; k < 5; k++) bits = (bits << 8n) | BigInt(chunk[k] ?? 0);
    const symbols = Math.ceil((chunk.length * 8) / 5);
    for (let k = 0; k < 8; k++) {
      out += k < symbols ? BASE32_ALPHABET[Number((bits >> BigInt(35 - k * 5)) & 31n)] : '=';
    }
  }
  return out;
}

/** Decoded text, or Go's error text as sprig returns it. */
function decodeOrMessage(decode: (s: string) => Uint8Array, s: string): string {
  try {
    return goStringFromBytes(decode(s));
  } catch (e) {
    if (e instanceof CorruptInputError) return e.message;
    throw e;
  }
}

export const encodingFuncs: GoFunction[] = [
  goFunc('b64enc', ['string'], (s) => Buffer.from(goStringBytes(s as string)).toString('base64'), { result: 'string' }),
  goFunc('b64dec', ['string'], (s) => decodeOrMessage(decodeBase64, s as string), { result: 'string' }),
  goFunc('b32enc', ['string'], (s) => encodeBase32(goStringBytes(s as string)), { result: 'string' }),
  goFunc('b32dec', ['string'], (s) => decodeOrMessage(decodeBase32, s as string), { result: 'string' }),
];
