// A real OCI registry for tests: Debian's docker-registry (the distribution v2 registry) on a free
// loopback port with temporary storage, open, behind htpasswd basic auth, or behind a bearer token
// service (a small token server on loopback that checks basic credentials and signs the JWTs the
// registry verifies against its root certificate).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { createCertificate, generateRsaKey, pemEncode, privateKeyPem } from '../../src/funcs/certs.js';

export const REGISTRY_BINARY = process.env.CAPSTAN_REGISTRY_BINARY ?? '/usr/bin/docker-registry';

export type RegistryAuth = { kind: 'none' } | { kind: 'basic'; users: Record<string, string> } | { kind: 'token'; users: Record<string, string> };

export interface TestRegistry {
  /** host:port on 127.0.0.1. */
  host: string;
  /** The registry's storage directory (blobs and repositories, as distribution lays them out). */
  storage: string;
  stop(): Promise<void>;
}


async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function htpasswd(users: Record<string, string>): string {
  // distribution reads Go's bcrypt hashes; `$2a$` is the prefix every Go version accepts.
  return Object.entries(users)
    .map(([user, password]) => `${user}:${bcrypt.hashSync(password, 4).replace(/^\$2b\$/, '$2a$')}\n`)
    .join('');
}

export async function startRegistry(auth: RegistryAuth = { kind: 'none' }): Promise<TestRegistry> {
  if (!existsSync(REGISTRY_BINARY)) throw new Error(`${REGISTRY_BINARY} is missing: install it with \`apt-get update && apt-get install -y docker-registry\``);
  const dir = mkdtempSync(join(tmpdir(), 'capstan-registry-'));
  const storage = join(dir, 'storage');
  const port = await freePort();
  let tokenServer: http.Server | undefined;
  let authConfig = '';
  if (auth.kind === 'basic') {
    writeFileSync(join(dir, 'htpasswd'), htpasswd(auth.users));
    authConfig = `auth:\n  htpasswd:\n    realm: capstan-test\n    path: ${join(dir, 'htpasswd')}\n`;
  } else if (auth.kind === 'token') {
    const issuer = await startTokenServer(auth.users);
    tokenServer = issuer.server;
    writeFileSync(join(dir, 'root.pem'), issuer.certPem);
    authConfig =
      `auth:\n  token:\n    realm: ${issuer.realm}\n    service: ${TOKEN_SERVICE}\n    issuer: ${TOKEN_ISSUER}\n` +
      `    rootcertbundle: ${join(dir, 'root.pem')}\n`;
  }
  const config =
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${storage}\n  delete:\n    enabled: true\n` +
    `http:\n  addr: 127.0.0.1:${port}\n  secret: ${randomBytes(16).toString('hex')}\n${authConfig}`;
  writeFileSync(join(dir, 'config.yml'), config);
  const child = spawn(REGISTRY_BINARY, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = async (): Promise<void> => {
    await stopChild(child);
    await new Promise<void>((resolve) => (tokenServer ? tokenServer.close(() => resolve()) : resolve()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(port, child, () => stderr);
  } catch (err) {
    await stop();
    throw err;
  }
  return { host: `127.0.0.1:${port}`, storage, stop };
}

async function waitReady(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${stderr()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v2/`);
      await res.arrayBuffer();
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not start on port ${port}: ${stderr()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const TOKEN_SERVICE = 'capstan-test-registry';
const TOKEN_ISSUER = 'capstan-test-issuer';

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * The token service of docker's token authentication: GET realm?service=&scope= with basic
 * credentials answers {token}, a JWT granting the requested actions; wrong credentials get 401.
 */
async function startTokenServer(users: Record<string, string>): Promise<{ server: http.Server; realm: string; certPem: string }> {
  const key = generateRsaKey(2048);
  const certDer = createCertificate({ commonName: 'capstan-test-token', ips: [], dnsNames: [], daysValid: 1, isCA: true, key });
  const signingKey = createPrivateKey(privateKeyPem(key));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const auth = req.headers.authorization ?? '';
    let user = '';
    if (auth.startsWith('Basic ')) {
      const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const name = decoded.slice(0, colon);
      if (colon < 0 || users[name] !== decoded.slice(colon + 1)) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
        return;
      }
      user = name;
    }
    const access = user
      ? url.searchParams.getAll('scope').flatMap((scope) => {
          const [type, name, actions] = scope.split(':');
          return type && name && actions ? [{ type, name, actions: actions.split(',') }] : [];
        })
      : [];
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'RS256', x5c: [Buffer.from(certDer).toString('base64')] };
    const claims = { iss: TOKEN_ISSUER, sub: user, aud: TOKEN_SERVICE, exp: now + 300, nbf: now - 10, iat: now, jti: createHash('sha256').update(randomBytes(8)).digest('hex'), access };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const token = `${signingInput}.${base64url(sign('sha256', Buffer.from(signingInput), signingKey))}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, expires_in: 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const realm = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  return { server, realm, certPem: pemEncode('CERTIFICATE', certDer) };
}
