// The crypto family against helm 4.1.4: deterministic functions by value, random ones by structure
// (certificates and keys made by helm and by Capstan go through the same checks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import { goInt, type GoFunction, type GoValue } from '../../../src/gotemplate/value.js';
import { Certificate, cryptoFuncs } from '../../../src/funcs/crypto.js';
import * as der from '../../../src/funcs/der.js';
import { callFunc, helmFunctionError, helmOutputs, quote } from '../../support/functions.js';

const fn = (name: string): GoFunction => cryptoFuncs.find((f) => f.name === name)!;
const call = (name: string, ...args: GoValue[]) => fn(name).call(...args);

test('digests match helm', async () => {
  const inputs = ['', 'hello', 'ünïcødé ✓', 'a'.repeat(6000), 'line\nbreak'];
  const names = ['sha1sum', 'sha256sum', 'sha512sum', 'adler32sum'];
  const templates: Record<string, string> = {};
  names.forEach((n) => (templates[`${n}.txt`] = inputs.map((s) => `{{ ${n} ${quote(s)} }}`).join('\n')));
  const helm = await helmOutputs(templates);
  for (const n of names) {
    const ours = inputs.map((s) => call(n, s)).join('\n');
    assert.deepEqual({ output: ours }, helm.get(`${n}.txt`), n);
  }
});

test('derivePassword matches helm', async () => {
  const cases: [number, string, string, string, string][] = [
    [1, 'long', 'password', 'user', 'example.com'],
    [2, 'maximum', 'p@ss', 'ünïcødé', 'site'],
    [3, 'medium', '', '', ''],
    [4294967295, 'short', 'x', 'y', 'z'],
    [7, 'basic', 'secret', 'admin', 'db'],
    [1, 'pin', 'secret', 'admin', 'db'],
    [1, 'nope', 'secret', 'admin', 'db'],
  ];
  const template = cases.map(([c, t, p, u, s]) => `{{ derivePassword ${c} ${quote(t)} ${quote(p)} ${quote(u)} ${quote(s)} }}`).join('\n');
  const helm = await helmOutputs({ 'derive.txt': template });
  const ours = cases.map(([c, t, p, u, s]) => call('derivePassword', goInt(c), t, p, u, s)).join('\n');
  assert.deepEqual({ output: ours }, helm.get('derive.txt'));
});

test('bcrypt and htpasswd produce verifiable $2a$ hashes as helm does', async () => {
  const long = 'x'.repeat(73);
  const helm = await helmOutputs({
    'h.txt': '{{ htpasswd "user" "pass" }}\n{{ bcrypt "pass" }}\n{{ htpasswd "us:er" "pass" }}\n' + `{{ bcrypt ${quote(long)} }}`,
  }, '', ['h.txt']);
  const [helmHtpasswd, helmBcrypt, helmBadUser, helmLong] = (helm.get('h.txt') as { output: string }).output.split('\n');
  const oursHtpasswd = call('htpasswd', 'user', 'pass') as string;
  const oursBcrypt = call('bcrypt', 'pass') as string;
  const [pipeHtpasswd, pipeBcrypt, pipeBadUser, pipeLong] = (helm.capstan.get('h.txt') as { output: string }).output.split('\n');
  assert.equal(pipeBadUser, helmBadUser);
  assert.equal(pipeLong, helmLong);
  for (const hash of [helmBcrypt, oursBcrypt, pipeBcrypt, helmHtpasswd.slice(5), oursHtpasswd.slice(5), pipeHtpasswd.slice(5)]) {
    assert.match(hash, /^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    assert.ok(bcryptjs.compareSync('pass', hash));
  }
  assert.ok(oursHtpasswd.startsWith('user:') && helmHtpasswd.startsWith('user:'));
  assert.equal(call('htpasswd', 'us:er', 'pass'), helmBadUser);
  assert.equal(call('bcrypt', long), helmLong);
});

test('encryptAES/decryptAES round-trip, decrypt helm ciphertext and fail as helm does', async () => {
  const plain = 'hello wörld, a longer text than one block';
  const cases: Record<string, string> = {
    'enc.txt': `{{ encryptAES "secretkey" ${quote(plain)} }}`,
    'short.txt': '{{ decryptAES "k" "AAAA" }}',
    'empty-block.txt': '{{ decryptAES "k" "AAAAAAAAAAAAAAAAAAAAAA==" }}',
    'bad-pad.txt': '{{ decryptAES "k" "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" }}',
    'partial.txt': '{{ decryptAES "k" "AAAAAAAAAAAAAAAAAAAAAAAA" }}',
    'b64.txt': '{{ decryptAES "k" "!!" }}',
    'empty.txt': '{{ decryptAES "k" "" }}|{{ encryptAES "k" "" }}',
  };
  const helm = await helmOutputs(cases, '', ['enc.txt']);
  const helmCipher = (helm.get('enc.txt') as { output: string }).output;
  assert.equal(call('decryptAES', 'secretkey', helmCipher), plain);
  assert.equal(call('decryptAES', 'secretkey', (helm.capstan.get('enc.txt') as { output: string }).output), plain);
  const longKey = 'k'.repeat(40);
  assert.equal(call('decryptAES', longKey, call('encryptAES', longKey, plain) as string), plain);
  assert.equal(call('decryptAES', 'secretkey', call('encryptAES', 'secretkey', 'x') as string), 'x');
  assert.deepEqual(helm.get('empty.txt'), { output: '|' });
  for (const name of ['short.txt', 'empty-block.txt', 'bad-pad.txt', 'partial.txt', 'b64.txt']) {
    const args = /decryptAES "k" (".*?")/.exec(cases[name])!;
    assert.deepEqual(callFunc(cryptoFuncs, 'decryptAES', 'k', JSON.parse(args[1]) as string), { error: helmFunctionError(helm.get(name), 'decryptAES') }, name);
  }
});

/** Everything about a certificate that does not depend on randomness or the clock. */
function describeCertificate(pem: string) {
  const x = new X509Certificate(pem);
  const bytes = der.readElement(x.raw);
  const [tbs, sigAlg] = der.children(bytes);
  const fields = der.children(tbs);
  const extensions = der.children(der.children(fields.find((f) => f.tag === 0xa3)!)[0]).map((ext) => {
    const parts = der.children(ext);
    const id = der.decodeOid(parts[0]);
    const keyDependent = id === '2.5.29.14' || id === '2.5.29.35';
    const value = parts[parts.length - 1].content;
    return { id, critical: parts.length === 3, value: keyDependent ? `${value.length} bytes` : Buffer.from(value).toString('hex') };
  });
  const days = Math.round((Date.parse(x.validTo) - Date.parse(x.validFrom)) / 86_400_000);
  return {
    version: Buffer.from(fields[0].raw).toString('hex'),
    serialBits: BigInt('0x' + x.serialNumber).toString(2).length <= 128,
    signatureAlgorithm: der.decodeOid(der.children(sigAlg)[0]),
    subject: x.subject,
    issuer: x.issuer,
    subjectName: Buffer.from(fields[5].raw).toString('hex'),
    ca: x.ca,
    days,
    keyType: x.publicKey.asymmetricKeyType,
    keyBits: x.publicKey.asymmetricKeyDetails?.modulusLength,
    extensions,
  };
}

function describeKey(pem: string) {
  const key = createPrivateKey(pem);
  return { header: pem.split('\n')[0], type: key.asymmetricKeyType, details: key.asymmetricKeyDetails };
}

test('certificates and keys have helm’s structure', async () => {
  const sep = '\n=====\n';
  const template = [
    '{{ $ca := genCA "my-ca" 365 }}{{ $ca.Cert }}',
    '{{ $ca.Key }}',
    '{{ $c := genSignedCert "svc.example" (list "10.0.0.1" "::1" "::ffff:1.2.3.4") (list "a.example" "b") 30 $ca }}{{ $c.Cert }}',
    '{{ $c.Key }}',
    '{{ $s := genSelfSignedCert "self" nil (list "x.example") 10 }}{{ $s.Cert }}',
    '{{ $e := genPrivateKey "ecdsa" }}{{ $ek := genSelfSignedCertWithKey "ec" (list "127.0.0.1") nil 5 $e }}{{ $ek.Cert }}',
    '{{ $ek.Key }}',
    '{{ $ed := genPrivateKey "ed25519" }}{{ $edca := genCAWithKey "ed-ca" 3 $ed }}{{ $edca.Cert }}',
    '{{ (genSignedCertWithKey "leaf" nil nil 2 $edca (genPrivateKey "ecdsa")).Cert }}',
    '{{ genPrivateKey "rsa" }}',
    '{{ genPrivateKey "dsa" }}',
    '{{ genPrivateKey "nope" }}',
    '{{ (buildCustomCert ($ca.Cert | b64enc) ($ca.Key | b64enc)).Cert | sha256sum }} {{ $ca.Cert | sha256sum }}',
  ].join(sep);
  const helm = await helmOutputs({ 'certs.txt': template }, '', ['certs.txt']);
  const h = (helm.get('certs.txt') as { output: string }).output.split(sep);

  const ca = call('genCA', 'my-ca', goInt(365)) as Certificate;
  const signed = call('genSignedCert', 'svc.example', ['10.0.0.1', '::1', '::ffff:1.2.3.4'], ['a.example', 'b'], goInt(30), ca) as Certificate;
  const self = call('genSelfSignedCert', 'self', null, ['x.example'], goInt(10)) as Certificate;
  const ecKey = call('genPrivateKey', 'ecdsa') as string;
  const ecCert = call('genSelfSignedCertWithKey', 'ec', ['127.0.0.1'], null, goInt(5), ecKey) as Certificate;
  const edCa = call('genCAWithKey', 'ed-ca', goInt(3), call('genPrivateKey', 'ed25519')) as Certificate;
  const leaf = call('genSignedCertWithKey', 'leaf', null, null, goInt(2), edCa, call('genPrivateKey', 'ecdsa')) as Certificate;
  const ours = [ca.cert, ca.key, signed.cert, signed.key, self.cert, ecCert.cert, ecCert.key, edCa.cert, leaf.cert];
  const certIndexes = [0, 2, 4, 5, 7, 8];
  for (const i of certIndexes) assert.deepEqual(describeCertificate(ours[i].trimEnd()), describeCertificate(h[i]), `certificate ${i}`);
  for (const i of [1, 3, 6]) assert.deepEqual(describeKey(ours[i]), describeKey(h[i] + '\n'), `key ${i}`);

  // Signatures verify against the issuer, for helm's certificates and ours alike.
  for (const [leafPem, issuerPem] of [[h[2], h[0]], [signed.cert, ca.cert], [h[8], h[7]], [leaf.cert, edCa.cert]]) {
    const issuer = new X509Certificate(issuerPem);
    const cert = new X509Certificate(leafPem);
    assert.ok(cert.checkIssued(issuer) && cert.verify(issuer.publicKey));
  }
  assert.ok(new X509Certificate(ca.cert).verify(createPublicKey(ca.key)));

  assert.deepEqual(describeKey(call('genPrivateKey', 'rsa') as string), describeKey(h[9] + '\n'));
  assert.deepEqual(describeKey(call('genPrivateKey', 'dsa') as string).header, describeKey(h[10] + '\n').header);
  assert.equal(call('genPrivateKey', 'nope'), h[11]);
  const custom = call('buildCustomCert', Buffer.from(ca.cert).toString('base64'), Buffer.from(ca.key).toString('base64')) as Certificate;
  assert.equal(custom.cert, ca.cert);
  const [customHash, caHash] = h[12].split(' ');
  assert.equal(customHash, caHash);
});

test('certificate argument errors match helm', async () => {
  const cases: Record<string, [string, GoValue[]]> = {
    'bad-ip.txt': ['genSelfSignedCert "x" (list "1.2.3") nil 1', ['x', ['1.2.3'], null, goInt(1)]],
    'ip-type.txt': ['genSelfSignedCert "x" (list 1) nil 1', ['x', [1], null, goInt(1)]],
    'dns-type.txt': ['genSelfSignedCert "x" nil (list true) 1', ['x', null, [true], goInt(1)]],
    'no-pem.txt': ['genCAWithKey "x" 1 "garbage"', ['x', goInt(1), 'garbage']],
    'pem-type.txt': ['genCAWithKey "x" 1 "-----BEGIN FOO-----\\nAAAA\\n-----END FOO-----\\n"', ['x', goInt(1), '-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n']],
    'custom-b64.txt': ['buildCustomCert "!!" "AAAA"', ['!!', 'AAAA']],
    'custom-pem.txt': ['buildCustomCert "AAAA" "AAAA"', ['AAAA', 'AAAA']],
  };
  const helm = await helmOutputs(Object.fromEntries(Object.entries(cases).map(([n, [t]]) => [n, `{{ ${t} }}`])));
  for (const [name, [text, args]] of Object.entries(cases)) {
    const funcName = text.split(' ')[0];
    assert.deepEqual(callFunc(cryptoFuncs, funcName, ...args), { error: helmFunctionError(helm.get(name), funcName) }, name);
  }
});
