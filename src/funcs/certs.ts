// Private keys and X.509 certificates as sprig makes them (genPrivateKey, genCA, genSelfSignedCert,
// genSignedCert and their WithKey forms, buildCustomCert): the same key types and PEM block types,
// and the certificate template Go's x509.CreateCertificate fills from sprig's getBaseCertTemplate.
// Outputs are random; tests compare them with helm's by structure.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { GoError } from '../gotemplate/value.js';
import * as der from './der.js';

export interface DsaParameters {
  p: bigint;
  q: bigint;
  g: bigint;
  y: bigint;
  x: bigint;
}

/** A private key with what Go knows about it. */
export interface PrivateKey {
  key: KeyObject;
  kind: 'rsa' | 'ec' | 'ed25519' | 'dsa' | 'other';
  dsa?: DsaParameters;
}

const DSA_OID = '1.2.840.10040.4.1';

export function pemEncode(type: string, bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += b64.slice(i, i + 64) + '\n';
  return `-----BEGIN ${type}-----\n${body}-----END ${type}-----\n`;
}

const PEM_BLOCK = /-----BEGIN ([^\n]*?)-----\r?\n([\s\S]*?)-----END \1-----/;

/** The first PEM block in the text, as Go's pem.Decode finds it (headers are skipped). */
export function pemDecode(text: string): { type: string; bytes: Uint8Array } | undefined {
  const m = PEM_BLOCK.exec(text);
  if (!m) return undefined;
  const body = m[2]
    .split(/\r?\n/)
    .filter((line) => !line.includes(':'))
    .join('');
  return { type: m[1], bytes: Uint8Array.from(Buffer.from(body, 'base64')) };
}

function kindOf(key: KeyObject): PrivateKey['kind'] {
  const t = key.asymmetricKeyType;
  return t === 'rsa' || t === 'ec' || t === 'ed25519' || t === 'dsa' ? t : 'other';
}

/** DSA keys travel as OpenSSL's traditional SEQUENCE {0, p, q, g, y, x}; Node only reads PKCS#8. */
function dsaToPkcs8(k: DsaParameters): KeyObject {
  const params = der.sequence(der.integer(k.p), der.integer(k.q), der.integer(k.g));
  const pkcs8 = der.sequence(der.integer(0n), der.sequence(der.oid(DSA_OID), params), der.octetString(der.integer(k.x)));
  return createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
}

function dsaParameters(key: KeyObject): DsaParameters {
  const pkcs8 = der.readElement(key.export({ type: 'pkcs8', format: 'der' }));
  const [, algorithm, privateOctets] = der.children(pkcs8);
  const [p, q, g] = der.children(der.children(algorithm)[1]).map(der.toBigInt);
  const x = der.toBigInt(der.readElement(privateOctets.content));
  const spki = der.readElement(createPublicKey(key).export({ type: 'spki', format: 'der' }));
  const bits = der.children(spki)[1].content.subarray(1);
  const y = der.toBigInt(der.readElement(bits));
  return { p, q, g, y, x };
}

/** sprig's pemBlockForKey: PKCS#1 for RSA, SEC 1 for ECDSA, the traditional form for DSA, else PKCS#8. */
export function privateKeyPem(k: PrivateKey): string {
  switch (k.kind) {
    case 'rsa':
      return pemEncode('RSA PRIVATE KEY', k.key.export({ type: 'pkcs1', format: 'der' }));
    case 'ec':
      return pemEncode('EC PRIVATE KEY', k.key.export({ type: 'sec1', format: 'der' }));
    case 'dsa': {
      const d = k.dsa ?? dsaParameters(k.key);
      return pemEncode('DSA PRIVATE KEY', der.sequence(...[0n, d.p, d.q, d.g, d.y, d.x].map(der.integer)));
    }
    default:
      return pemEncode('PRIVATE KEY', k.key.export({ type: 'pkcs8', format: 'der' }));
  }
}

export function generateRsaKey(bits: number): PrivateKey {
  return { key: generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537 }).privateKey, kind: 'rsa' };
}

/** sprig's generatePrivateKey; unknown types give a message, not an error. */
export function generatePrivateKeyPem(type: string): string {
  switch (type) {
    case '':
    case 'rsa':
      return privateKeyPem(generateRsaKey(4096));
    case 'dsa': {
      const key = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey;
      return privateKeyPem({ key, kind: 'dsa' });
    }
    case 'ecdsa':
      return privateKeyPem({ key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, kind: 'ec' });
    case 'ed25519':
      return privateKeyPem({ key: generateKeyPairSync('ed25519').privateKey, kind: 'ed25519' });
    default:
      return 'Unknown type ' + type;
  }
}

function importKey(bytes: Uint8Array, type: 'pkcs1' | 'pkcs8' | 'sec1'): KeyObject {
  return createPrivateKey({ key: Buffer.from(bytes), format: 'der', type });
}

/** sprig's parsePrivateKeyPEM. Throws GoError with sprig's messages (the inner causes are Node's). */
export function parsePrivateKeyPem(text: string): PrivateKey {
  const block = pemDecode(text);
  if (!block) throw new GoError('no PEM data in input');
  const attempt = (what: string, f: () => PrivateKey): PrivateKey => {
    try {
      return f();
    } catch (e) {
      throw new GoError(`${what}: ${(e as Error).message}`);
    }
  };
  if (block.type === 'PRIVATE KEY') {
    return attempt('decoding PEM as PKCS#8', () => {
      const key = importKey(block.bytes, 'pkcs8');
      return { key, kind: kindOf(key) };
    });
  }
  if (!block.type.endsWith(' PRIVATE KEY')) throw new GoError(`no private key data in PEM block of type ${block.type}`);
  switch (block.type.slice(0, -12)) {
    case 'RSA':
      return attempt('parsing RSA private key from PEM', () => ({ key: importKey(block.bytes, 'pkcs1'), kind: 'rsa' }));
    case 'EC':
      return attempt('parsing EC private key from PEM', () => ({ key: importKey(block.bytes, 'sec1'), kind: 'ec' }));
    case 'DSA':
      return attempt('parsing DSA private key from PEM', () => {
        const [, p, q, g, y, x] = der.children(der.readElement(block.bytes)).map(der.toBigInt);
        const dsa = { p, q, g, y, x };
        return { key: dsaToPkcs8(dsa), kind: 'dsa', dsa };
      });
    default:
      throw new GoError(`invalid private key type ${block.type}`);
  }
}

/** What a signed certificate needs from its issuer. */
interface Issuer {
  subject: Uint8Array;
  subjectKeyId?: Uint8Array;
  key: PrivateKey;
}

export interface CertificateRequest {
  commonName: string;
  /** IP addresses, 4 or 16 bytes each. */
  ips: Uint8Array[];
  dnsNames: string[];
  daysValid: number;
  isCA: boolean;
  key: PrivateKey;
  /** Undefined for a self-signed certificate. */
  issuer?: Issuer;
}

const OID = {
  commonName: '2.5.4.3',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? der.sequence(der.oid(id), der.boolean(true), der.octetString(value)) : der.sequence(der.oid(id), der.octetString(value));
}

/** The signature algorithm Go picks for a signing key, and how Node signs with it. */
function signatureAlgorithm(k: PrivateKey): { id: Uint8Array; hash: string | null } {
  switch (k.kind) {
    case 'rsa':
      return { id: der.sequence(der.oid('1.2.840.113549.1.1.11'), der.nullValue()), hash: 'sha256' };
    case 'ec': {
      const curve = k.key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'secp384r1') return { id: der.sequence(der.oid('1.2.840.10045.4.3.3')), hash: 'sha384' };
      if (curve === 'secp521r1') return { id: der.sequence(der.oid('1.2.840.10045.4.3.4')), hash: 'sha512' };
      return { id: der.sequence(der.oid('1.2.840.10045.4.3.2')), hash: 'sha256' };
    }
    case 'ed25519':
      return { id: der.sequence(der.oid('1.3.101.112')), hash: null };
    default:
      throw new GoError('error creating certificate: x509: certificate private key does not implement crypto.Signer');
  }
}

function name(commonName: string): Uint8Array {
  if (commonName === '') return der.sequence();
  return der.sequence(der.set(der.sequence(der.oid(OID.commonName), der.directoryString(commonName))));
}

/** x509.CreateCertificate over sprig's template; returns the certificate's DER. */
export function createCertificate(req: CertificateRequest): Uint8Array {
  const signer = req.issuer?.key ?? req.key;
  const algorithm = signatureAlgorithm(signer);
  const spki = createPublicKey(req.key.key).export({ type: 'spki', format: 'der' });
  const subject = name(req.commonName);
  const issuerName = req.issuer?.subject ?? subject;
  const serial = BigInt('0x' + randomBytes(16).toString('hex'));
  const notBefore = new Date();
  const notAfter = new Date(notBefore.getTime() + req.daysValid * 86_400_000);

  // Key usage bits (DigitalSignature, KeyEncipherment, CertSign) in DER bit order, minimal length.
  const keyUsage = req.isCA ? der.bitString(Uint8Array.of(0xa4), 2) : der.bitString(Uint8Array.of(0xa0), 5);
  const extensions = [
    extension(OID.keyUsage, true, keyUsage),
    extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth), der.oid(OID.clientAuth))),
    extension(OID.basicConstraints, true, req.isCA ? der.sequence(der.boolean(true)) : der.sequence()),
  ];
  if (req.isCA) {
    // Go derives a CA's key identifier from the public key: SHA-256, truncated to 160 bits.
    const publicKeyBits = der.children(der.readElement(spki))[1].content.subarray(1);
    const keyId = createHash('sha256').update(publicKeyBits).digest().subarray(0, 20);
    extensions.push(extension(OID.subjectKeyId, false, der.octetString(keyId)));
  }
  if (req.issuer?.subjectKeyId) {
    extensions.push(extension(OID.authorityKeyId, false, der.sequence(der.context(0, req.issuer.subjectKeyId, false))));
  }
  if (req.dnsNames.length > 0 || req.ips.length > 0) {
    const names = [...req.dnsNames.map((d) => der.context(2, Buffer.from(d, 'latin1'), false)), ...req.ips.map((ip) => der.context(7, ip, false))];
    extensions.push(extension(OID.subjectAltName, false, der.sequence(...names)));
  }

  const tbs = der.sequence(
    der.context(0, der.integer(2n), true),
    der.integer(serial),
    algorithm.id,
    issuerName,
    der.sequence(der.time(notBefore), der.time(notAfter)),
    subject,
    spki,
    der.context(3, der.sequence(...extensions), true),
  );
  const signature = sign(algorithm.hash, tbs, signer.key);
  return der.sequence(tbs, algorithm.id, der.bitString(signature));
}

/** The parts of a PEM certificate an issuer needs: raw subject and subject key identifier. */
export function parseIssuerCertificate(pem: string): { subject: Uint8Array; subjectKeyId?: Uint8Array } {
  const block = pemDecode(pem);
  if (!block) throw new GoError('unable to decode certificate');
  try {
    new X509Certificate(Buffer.from(block.bytes));
    const tbs = der.children(der.children(der.readElement(block.bytes))[0]);
    const offset = tbs[0].tag === 0xa0 ? 1 : 0;
    const subject = tbs[offset + 4].raw;
    let subjectKeyId: Uint8Array | undefined;
    const extensions = tbs.find((e) => e.tag === 0xa3);
    for (const ext of extensions ? der.children(der.children(extensions)[0]) : []) {
      const parts = der.children(ext);
      if (der.decodeOid(parts[0]) === OID.subjectKeyId) subjectKeyId = der.readElement(parts[parts.length - 1].content).content;
    }
    return { subject, subjectKeyId };
  } catch (e) {
    throw new GoError(`error parsing certificate: decodedSignerCert.Bytes: ${(e as Error).message}`);
  }
}

/** Whether the DER is a certificate Node can parse (buildCustomCert's check). */
export function checkCertificate(bytes: Uint8Array): string | undefined {
  try {
    new X509Certificate(Buffer.from(bytes));
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
