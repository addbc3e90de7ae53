// Key material for a throw-away test cluster: one CA that signs the API server's serving certificate
// and the client identities, plus the RSA key that signs service-account tokens. Certificates are
// written as DER by hand (RFC 5280) and signed with node:crypto, so no library or openssl is needed:
// @peculiar/x509 cannot load without a Reflect metadata polyfill that is not installed.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

export interface CertKeyPair {
  certPem: string;
  keyPem: string;
}

export interface ClusterPki {
  ca: CertKeyPair;
  /** Serving certificate of kube-apiserver, valid for the loopback address and the in-cluster names. */
  apiserver: CertKeyPair;
  /** Client certificate of an administrator (group system:masters), accepted through --client-ca-file. */
  adminClient: CertKeyPair;
  /** Client certificate an authenticating proxy presents (accepted through --requestheader-client-ca-file). */
  authProxyClient: CertKeyPair;
  /** PKCS#8 RSA private key: signs and verifies service-account tokens. */
  serviceAccountKeyPem: string;
  /** Bearer token of the administrator (group system:masters), from --token-auth-file. */
  adminToken: string;
}

/** The common name the API server accepts from an authenticating proxy (--requestheader-allowed-names). */
export const AUTH_PROXY_CLIENT_NAME = 'capstan-auth-proxy';

// DER encoding of the few ASN.1 types a certificate needs.
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const octetString = (content: Buffer): Buffer => tlv(0x04, content);
const bitString = (content: Buffer, unusedBits = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), content]));
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 | n, content);
const boolTrue = tlv(0x01, Buffer.from([0xff]));

function unsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) groups.unshift(0x80 | (v & 0x7f));
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

/** A distinguished name from [attribute OID, value] pairs, one RDN each. */
function name(attributes: [string, string][]): Buffer {
  return sequence(...attributes.map(([type, value]) => set(sequence(oid(type), tlv(0x0c, Buffer.from(value, 'utf8'))))));
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolTrue, octetString(value)) : sequence(oid(id), octetString(value));
}

/** KeyUsage bits, numbered as RFC 5280 numbers them (bit 0 is the most significant bit of the first byte). */
function keyUsage(bits: number[]): Buffer {
  const byte = bits.reduce((acc, bit) => acc | (0x80 >> bit), 0);
  let unused = 0;
  while (unused < 7 && !(byte & (1 << unused))) unused++;
  return bitString(Buffer.from([byte]), unused);
}
const KEY_USAGE = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 };

function keyIdentifier(publicKey: KeyObject): Buffer {
  return createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

interface Issuer {
  name: Buffer;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

interface CertificateRequest {
  subject: Buffer;
  publicKey: KeyObject;
  extensions: Buffer[];
}

function signCertificate(issuer: Issuer, request: CertificateRequest): string {
  const signatureAlgorithm = sequence(oid(OID.ecdsaWithSha256));
  const now = Date.now();
  const tbs = sequence(
    explicit(0, unsignedInteger(Buffer.from([2]))),
    unsignedInteger(randomBytes(16)),
    signatureAlgorithm,
    issuer.name,
    sequence(utcTime(new Date(now - 60 * 60 * 1000)), utcTime(new Date(now + 30 * 24 * 60 * 60 * 1000))),
    request.subject,
    request.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...request.extensions)),
  );
  const signature = sign('sha256', tbs, issuer.privateKey);
  return pem('CERTIFICATE', sequence(tbs, signatureAlgorithm, bitString(signature)));
}

function newEcKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function issueLeaf(ca: Issuer, subject: [string, string][], extKeyUsage: string, subjectAltNames?: Buffer): CertKeyPair {
  const keys = newEcKeys();
  const extensions = [
    extension(OID.basicConstraints, true, sequence()),
    extension(OID.keyUsage, true, keyUsage([KEY_USAGE.digitalSignature, KEY_USAGE.keyEncipherment])),
    extension(OID.extKeyUsage, false, sequence(oid(extKeyUsage))),
    extension(OID.authorityKeyIdentifier, false, sequence(tlv(0x80, keyIdentifier(ca.publicKey)))),
  ];
  if (subjectAltNames) extensions.push(extension(OID.subjectAltName, false, subjectAltNames));
  const certPem = signCertificate(ca, { subject: name(subject), publicKey: keys.publicKey, extensions });
  return { certPem, keyPem: privateKeyPem(keys.privateKey) };
}

function ipv4(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

export function generateClusterPki(serviceClusterIp: string): ClusterPki {
  const caKeys = newEcKeys();
  const ca: Issuer = { name: name([[OID.commonName, 'capstan-test-cluster-ca']]), ...caKeys };
  const caCertPem = signCertificate(ca, {
    subject: ca.name,
    publicKey: caKeys.publicKey,
    extensions: [
      extension(OID.basicConstraints, true, sequence(boolTrue)),
      extension(OID.keyUsage, true, keyUsage([KEY_USAGE.digitalSignature, KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])),
      extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(caKeys.publicKey))),
    ],
  });
  const dnsNames = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
  const apiserverNames = sequence(
    ...dnsNames.map((dns) => tlv(0x82, Buffer.from(dns, 'ascii'))),
    tlv(0x87, ipv4('127.0.0.1')),
    tlv(0x87, ipv4(serviceClusterIp)),
  );
  return {
    ca: { certPem: caCertPem, keyPem: privateKeyPem(caKeys.privateKey) },
    apiserver: issueLeaf(ca, [[OID.commonName, 'kube-apiserver']], OID.serverAuth, apiserverNames),
    adminClient: issueLeaf(ca, [[OID.organization, 'system:masters'], [OID.commonName, 'capstan-cert-admin']], OID.clientAuth),
    authProxyClient: issueLeaf(ca, [[OID.commonName, AUTH_PROXY_CLIENT_NAME]], OID.clientAuth),
    serviceAccountKeyPem: privateKeyPem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
    adminToken: randomBytes(24).toString('hex'),
  };
}
