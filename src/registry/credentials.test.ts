import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigFileCredentials, CredentialStore } from './credentials.js';

test('saves credentials 0600 in the docker layout, keeps other entries, removes them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-creds-'));
  try {
    const path = join(dir, 'sub', 'config.json');
    const store = new CredentialStore(path);
    assert.equal(await store.get('r.io'), undefined);
    await store.save('r.io', { username: 'alice', password: 'p:w' });
    await store.save('other.io:5000', { username: 'bob', password: 'x' });
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { auths: Record<string, { auth: string }> };
    assert.equal(Buffer.from(saved.auths['r.io'].auth, 'base64').toString(), 'alice:p:w');
    assert.deepEqual(await store.get('r.io'), { username: 'alice', password: 'p:w' });
    assert.equal(await store.remove('r.io'), true);
    assert.equal(await store.remove('r.io'), false);
    assert.equal(await store.get('r.io'), undefined);
    assert.deepEqual(await store.get('other.io:5000'), { username: 'bob', password: 'x' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("reads docker's config.json only as a fallback, matching keys with a scheme", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-creds-'));
  try {
    const docker = join(dir, 'docker.json');
    writeFileSync(docker, JSON.stringify({ auths: { 'https://r.io/v1/': { auth: Buffer.from('d:pw').toString('base64') }, 'q.io': { username: 'u', password: 'v' } }, credsStore: 'desktop' }));
    const store = new CredentialStore(join(dir, 'own.json'), { fallbacks: [new ConfigFileCredentials(docker)] });
    assert.deepEqual(await store.get('r.io'), { username: 'd', password: 'pw' });
    assert.deepEqual(await store.get('q.io'), { username: 'u', password: 'v' });
    await store.save('r.io', { username: 'own', password: 'o' });
    assert.deepEqual(await store.get('r.io'), { username: 'own', password: 'o' });
    assert.equal(await new CredentialStore(join(dir, 'own.json')).get('q.io'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt credential file is an error naming the file, not its content', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-creds-'));
  try {
    const path = join(dir, 'config.json');
    writeFileSync(path, '{"auths": {"r.io": {"auth": "c2VjcmV0"}');
    await assert.rejects(new CredentialStore(path).get('r.io'), (err: Error) => err.message === `registry credential file ${path} is not valid JSON`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
