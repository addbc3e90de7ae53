// The few DER encodings and decodings the certificate functions need (X.690), small enough to
// write directly: building certificates must be synchronous (template functions are), which
// rules out WebCrypto-based builders.

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const head = [tag, ...lengthBytes(content.length)];
  const out = new Uint8Array(head.length + content.length);
  out.set(head);
  out.set(content, head.length);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const sequence = (...parts: Uint8Array[]) => tlv(TAG.SEQUENCE, concat(parts));
export const set = (...parts: Uint8Array[]) => tlv(TAG.SET, concat(parts));
/** A context-specific tag: [n] EXPLICIT (constructed) or IMPLICIT primitive. */
export const context = (n: number, content: Uint8Array, constructed: boolean) => tlv((constructed ? 0xa0 : 0x80) | n, content);
export const octetString = (bytes: Uint8Array) => tlv(TAG.OCTET_STRING, bytes);
export const boolean = (b: boolean) => tlv(TAG.BOOLEAN, Uint8Array.of(b ? 0xff : 0x00));
export const nullValue = () => tlv(TAG.NULL, new Uint8Array(0));
export const ia5String = (s: string) => tlv(TAG.IA5_STRING, Buffer.from(s, 'latin1'));

export function integer(n: bigint): Uint8Array {
  let hex = (n < 0n ? -n : n).toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let bytes: Uint8Array = Uint8Array.from(Buffer.from(hex, 'hex'));
  if (bytes[0] & 0x80) bytes = concat([Uint8Array.of(0), bytes]);
  return tlv(TAG.INTEGER, bytes);
}

export function bitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  return tlv(TAG.BIT_STRING, concat([Uint8Array.of(unusedBits), bytes]));
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out = [arcs[0] * 40 + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(TAG.OID, Uint8Array.from(out));
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** A directory string as Go's asn1 marshals a Go string: PrintableString when it can, else UTF8String. */
export function directoryString(s: string): Uint8Array {
  return PRINTABLE.test(s) ? tlv(TAG.PRINTABLE_STRING, Buffer.from(s, 'latin1')) : tlv(TAG.UTF8_STRING, Buffer.from(s, 'utf8'));
}

/** UTCTime through 2049, GeneralizedTime after, seconds precision, as X.509 requires. */
export function time(d: Date): Uint8Array {
  const iso = d.toISOString(); // 2024-01-02T03:04:05.678Z
  const year = d.getUTCFullYear();
  const digits = iso.slice(5, 19).replace(/[-T:]/g, '');
  if (year >= 1950 && year < 2050) return tlv(TAG.UTC_TIME, Buffer.from(iso.slice(2, 4) + digits + 'Z', 'latin1'));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(String(year).padStart(4, '0') + digits + 'Z', 'latin1'));
}

export interface Element {
  tag: number;
  /** The whole encoding, header included. */
  raw: Uint8Array;
  content: Uint8Array;
}

export class DerError extends Error {}

/** Reads the element at `offset`; throws DerError on truncated or malformed input. */
export function readElement(buf: Uint8Array, offset = 0): Element {
  if (offset + 2 > buf.length) throw new DerError('asn1: syntax error: data truncated');
  const tag = buf[offset];
  let len = buf[offset + 1];
  let at = offset + 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count === 0 || count > 4 || at + count > buf.length) throw new DerError('asn1: structure error: length too large');
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + buf[at + i];
    at += count;
  }
  if (at + len > buf.length) throw new DerError('asn1: syntax error: data truncated');
  return { tag, raw: buf.subarray(offset, at + len), content: buf.subarray(at, at + len) };
}

/** The elements inside a constructed element. */
export function children(e: Element): Element[] {
  const out: Element[] = [];
  for (let at = 0; at < e.content.length; ) {
    const child = readElement(e.content, at);
    out.push(child);
    at += child.raw.length;
  }
  return out;
}

export function toBigInt(e: Element): bigint {
  if (e.tag !== TAG.INTEGER) throw new DerError('asn1: structure error: tags don\'t match');
  return e.content.length === 0 ? 0n : BigInt('0x' + Buffer.from(e.content).toString('hex'));
}

export function decodeOid(e: Element): string {
  const b = e.content;
  const arcs = [Math.floor(b[0] / 40), b[0] % 40];
  let v = 0;
  for (let i = 1; i < b.length; i++) {
    v = v * 128 + (b[i] & 0x7f);
    if (!(b[i] & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  return arcs.join('.');
}
