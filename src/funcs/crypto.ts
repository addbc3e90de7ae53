// sprig's crypto family: digests, bcrypt/htpasswd, derivePassword (Master Password), keys and
// certificates (see certs.ts), encryptAES/decryptAES and randBytes.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scryptSync } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import { GoError, GoInt, GoObject, goFunc, type GoFunction, type GoValue } from '../gotemplate/value.js';
import { goStringBytes } from '../gotemplate/gostring.js';
import {
  checkCertificate,
  createCertificate,
  generatePrivateKeyPem,
  generateRsaKey,
  parseIssuerCertificate,
  parsePrivateKeyPem,
  pemDecode,
  pemEncode,
  privateKeyPem,
  type PrivateKey,
} from './certs.js';
import { CorruptInputError, decodeBase64 } from './encoding.js';

const utf8 = new TextEncoder();

/** sprig's certificate struct: exported fields Cert and Key (PEM text). */
export class Certificate extends GoObject {
  constructor(
    readonly cert: string,
    readonly key: string,
  ) {
    super();
  }
  goType(): string {
    return 'sprig.certificate';
  }
  override fieldNames(): readonly string[] {
    return ['Cert', 'Key'];
  }
  override field(name: string): GoValue | undefined {
    return name === 'Cert' ? this.cert : name === 'Key' ? this.key : undefined;
  }
}

function digest(algorithm: string, input: string): string {
  return createHash(algorithm).update(goStringBytes(input)).digest('hex');
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]) % 65521;
    b = (b + a) % 65521;
  }
  return (b * 65536 + a) >>> 0;
}

const BCRYPT_DEFAULT_COST = 10;

/** golang.org/x/crypto/bcrypt at DefaultCost; Go writes the `$2a$` prefix where bcryptjs writes `$2b$`. */
function bcrypt(input: string): string {
  if (utf8.encode(input).length > 72) return 'failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes';
  return bcryptjs.hashSync(input, BCRYPT_DEFAULT_COST).replace(/^\$2b\$/, '$2a$');
}

// Master Password (Lyndir) templates and character classes, as sprig defines them.
const MASTER_PASSWORD_SEED = 'com.lyndir.masterpassword';
const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv', 'CvcvCvcvnoCvcv', 'CvcvCvcvCvcvno', 'CvccnoCvcvCvcv', 'CvccCvcvnoCvcv', 'CvccCvcvCvcvno', 'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv', 'CvcvCvccCvcvno', 'CvcvnoCvcvCvcc', 'CvcvCvcvnoCvcc', 'CvcvCvcvCvccno', 'CvccnoCvccCvcv', 'CvccCvccnoCvcv',
    'CvccCvccCvcvno', 'CvcvnoCvccCvcc', 'CvcvCvccnoCvcc', 'CvcvCvccCvccno', 'CvccnoCvcvCvcc', 'CvccCvcvnoCvcc', 'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};
const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

function uint32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function derivePassword(counter: number, passwordType: string, password: string, user: string, site: string): string {
  const templates = PASSWORD_TEMPLATES[passwordType];
  if (!Object.hasOwn(PASSWORD_TEMPLATES, passwordType)) return `cannot find password template ${passwordType}`;
  const seed = Buffer.from(MASTER_PASSWORD_SEED);
  const userBytes = Buffer.from(user, 'utf8');
  const siteBytes = Buffer.from(site, 'utf8');
  const salt = Buffer.concat([seed, uint32be(userBytes.length), userBytes]);
  // N=32768, r=8 needs 32 MiB; Node's default limit is lower.
  const key = scryptSync(Buffer.from(password, 'utf8'), salt, 64, { N: 32768, r: 8, p: 2, maxmem: 64 * 1024 * 1024 });
  const message = Buffer.concat([seed, uint32be(siteBytes.length), siteBytes, uint32be(counter)]);
  const digestBytes = createHmac('sha256', key).update(message).digest();
  const template = templates[digestBytes[0] % templates.length];
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const chars = TEMPLATE_CHARACTERS[template[i]];
    out += chars[digestBytes[i + 1] % chars.length];
  }
  return out;
}

/** The AES-256 key sprig derives: the password's bytes, zero-padded or cut to 32. */
function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(password, 'utf8').copy(key, 0, 0, 32);
  return key;
}

const AES_BLOCK = 16;

function encryptAES(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const content = Buffer.from(plaintext, 'utf8');
  const padding = AES_BLOCK - (content.length % AES_BLOCK);
  const padded = Buffer.concat([content, Buffer.alloc(padding, padding)]);
  const iv = randomBytes(AES_BLOCK);
  const cipher = createCipheriv('aes-256-cbc', aesKey(password), iv).setAutoPadding(false);
  return Buffer.concat([iv, cipher.update(padded), cipher.final()]).toString('base64');
}

// Go panics on malformed ciphertext; text/template reports the panic's text.
function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === '') return '';
  let crypt: Uint8Array;
  try {
    crypt = decodeBase64(crypt64);
  } catch (e) {
    if (e instanceof CorruptInputError) throw new GoError(e.message);
    throw e;
  }
  if (crypt.length < AES_BLOCK) throw new GoError(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  const body = crypt.subarray(AES_BLOCK);
  if (body.length % AES_BLOCK !== 0) throw new GoError('crypto/cipher: input not full blocks');
  const decipher = createDecipheriv('aes-256-cbc', aesKey(password), crypt.subarray(0, AES_BLOCK)).setAutoPadding(false);
  const decrypted = Buffer.concat([decipher.update(body), decipher.final()]);
  if (decrypted.length === 0) throw new GoError('runtime error: index out of range [-1]');
  const end = decrypted.length - decrypted[decrypted.length - 1];
  if (end < 0) throw new GoError(`runtime error: slice bounds out of range [:${end}]`);
  return decrypted.subarray(0, end).toString('utf8');
}

function randBytes(count: number): string {
  if (count < 0) throw new GoError('runtime error: makeslice: len out of range');
  return randomBytes(count).toString('base64');
}

/** net.ParseIP, marshalled as x509 does: 4 bytes for IPv4 (also IPv4-mapped IPv6), else 16. */
function parseIp(s: string): Uint8Array | undefined {
  const v4 = parseIpv4(s);
  if (v4) return v4;
  if (!s.includes(':')) return undefined;
  let text = s;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 tail stands for the last two groups.
    const embedded = parseIpv4(s.slice(lastColon + 1));
    if (!embedded) return undefined;
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    text = s.slice(0, lastColon + 1) + hex(embedded[0], embedded[1]) + ':' + hex(embedded[2], embedded[3]);
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const groups = [...head, ...tail].map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  if (groups.some(Number.isNaN)) return undefined;
  if (halves.length === 1 ? groups.length !== 8 : groups.length > 7) return undefined;
  const words = [...groups.slice(0, head.length), ...new Array<number>(8 - groups.length).fill(0), ...groups.slice(head.length)];
  const bytes = Uint8Array.from(words.flatMap((w) => [w >> 8, w & 0xff]));
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.subarray(12) : bytes;
}

function parseIpv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255)) return undefined;
  return Uint8Array.from(parts.map(Number));
}

function ipList(ips: GoValue): Uint8Array[] {
  if (ips === null || !Array.isArray(ips)) return [];
  return ips.map((ip) => {
    if (typeof ip !== 'string') throw new GoError(`error parsing ip: ${String(ip)} is not a string`);
    const parsed = parseIp(ip);
    if (!parsed) throw new GoError(`error parsing ip: ${ip}`);
    return parsed;
  });
}

function dnsList(names: GoValue): string[] {
  if (names === null || !Array.isArray(names)) return [];
  return names.map((n) => {
    if (typeof n !== 'string') throw new GoError(`error processing alternate dns name: ${String(n)} is not a string`);
    return n;
  });
}

function withKey(privPEM: GoValue): PrivateKey {
  try {
    return parsePrivateKeyPem(privPEM as string);
  } catch (e) {
    throw new GoError(`parsing private key: ${(e as Error).message}`);
  }
}

function issue(commonName: string, ips: GoValue, dns: GoValue, daysValid: GoValue, key: PrivateKey, isCA: boolean, ca?: Certificate): Certificate {
  const request = { commonName, ips: ipList(ips), dnsNames: dnsList(dns), daysValid: toNumber(daysValid), isCA, key };
  let issuer;
  if (ca) {
    const parent = parseIssuerCertificate(ca.cert);
    let signingKey: PrivateKey;
    try {
      signingKey = parsePrivateKeyPem(ca.key);
    } catch (e) {
      throw new GoError(`error parsing private key: ${(e as Error).message}`);
    }
    issuer = { ...parent, key: signingKey };
  }
  const certDer = createCertificate({ ...request, issuer });
  return new Certificate(pemEncode('CERTIFICATE', certDer), privateKeyPem(key));
}

function buildCustomCert(b64cert: string, b64key: string): Certificate {
  let cert: string;
  let key: string;
  try {
    cert = new TextDecoder().decode(decodeBase64(b64cert));
  } catch {
    throw new GoError('unable to decode base64 certificate');
  }
  try {
    key = new TextDecoder().decode(decodeBase64(b64key));
  } catch {
    throw new GoError('unable to decode base64 private key');
  }
  const block = pemDecode(cert);
  if (!block) throw new GoError('unable to decode certificate');
  const problem = checkCertificate(block.bytes);
  if (problem !== undefined) throw new GoError(`error parsing certificate: decodedCert.Bytes: ${problem}`);
  try {
    parsePrivateKeyPem(key);
  } catch (e) {
    throw new GoError(`error parsing private key: ${(e as Error).message}`);
  }
  return new Certificate(cert, key);
}

/** An integer argument (the executor passes Go ints as GoInt). */
function toNumber(v: GoValue): number {
  return v instanceof GoInt ? v.toNumber() : Number(v);
}

const CERT = 'sprig.certificate';
const IPS = '[]interface {}';
const certResult = { result: CERT, returnsError: true };
const asCert = (v: GoValue) => v as Certificate;

export const cryptoFuncs: GoFunction[] = [
  goFunc('sha1sum', ['string'], (s) => digest('sha1', s as string), { result: 'string' }),
  goFunc('sha256sum', ['string'], (s) => digest('sha256', s as string), { result: 'string' }),
  goFunc('sha512sum', ['string'], (s) => digest('sha512', s as string), { result: 'string' }),
  goFunc('adler32sum', ['string'], (s) => String(adler32(goStringBytes(s as string))), { result: 'string' }),
  goFunc('bcrypt', ['string'], (s) => bcrypt(s as string), { result: 'string' }),
  goFunc(
    'htpasswd',
    ['string', 'string'],
    (user, password) => ((user as string).includes(':') ? `invalid username: ${user as string}` : `${user as string}:${bcrypt(password as string)}`),
    { result: 'string' },
  ),
  goFunc(
    'derivePassword',
    ['uint32', 'string', 'string', 'string', 'string'],
    (counter, type, password, user, site) => derivePassword(toNumber(counter), type as string, password as string, user as string, site as string),
    { result: 'string' },
  ),
  goFunc('genPrivateKey', ['string'], (type) => generatePrivateKeyPem(type as string), { result: 'string' }),
  goFunc('buildCustomCert', ['string', 'string'], (c, k) => buildCustomCert(c as string, k as string), certResult),
  goFunc('genCA', ['string', 'int'], (cn, days) => issue(cn as string, null, null, days, generateRsaKey(2048), true), certResult),
  goFunc('genCAWithKey', ['string', 'int', 'string'], (cn, days, pem) => issue(cn as string, null, null, days, withKey(pem), true), certResult),
  goFunc('genSelfSignedCert', ['string', IPS, IPS, 'int'], (cn, ips, dns, days) => issue(cn as string, ips, dns, days, generateRsaKey(2048), false), certResult),
  goFunc(
    'genSelfSignedCertWithKey',
    ['string', IPS, IPS, 'int', 'string'],
    (cn, ips, dns, days, pem) => issue(cn as string, ips, dns, days, withKey(pem), false),
    certResult,
  ),
  goFunc(
    'genSignedCert',
    ['string', IPS, IPS, 'int', CERT],
    (cn, ips, dns, days, ca) => issue(cn as string, ips, dns, days, generateRsaKey(2048), false, asCert(ca)),
    certResult,
  ),
  goFunc(
    'genSignedCertWithKey',
    ['string', IPS, IPS, 'int', CERT, 'string'],
    (cn, ips, dns, days, ca, pem) => issue(cn as string, ips, dns, days, withKey(pem), false, asCert(ca)),
    certResult,
  ),
  goFunc('encryptAES', ['string', 'string'], (p, t) => encryptAES(p as string, t as string), { result: 'string', returnsError: true }),
  goFunc('decryptAES', ['string', 'string'], (p, c) => decryptAES(p as string, c as string), { result: 'string', returnsError: true }),
  goFunc('randBytes', ['int'], (n) => randBytes(toNumber(n)), { result: 'string', returnsError: true }),
];
