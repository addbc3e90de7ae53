import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryClient } from './client.js';

const SECRET = 'p4ss-SECRET-word';

/** A registry that refuses every credential, by a basic challenge or through a token service. */
async function refusingRegistry(scheme: 'basic' | 'bearer'): Promise<{ host: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/token')) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    const challenge = scheme === 'basic' ? 'Basic realm="test"' : `Bearer realm="http://${req.headers.host}/token",service="test"`;
    res.writeHead(401, { 'www-authenticate': challenge }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

for (const scheme of ['basic', 'bearer'] as const) {
  test(`a refused login (${scheme}) names the registry, never the password`, async () => {
    const registry = await refusingRegistry(scheme);
    try {
      const client = new RegistryClient({ plainHttp: true });
      await assert.rejects(client.checkLogin(registry.host, { username: 'user', password: SECRET }), (err) => {
        const message = (err as Error).message;
        assert.match(message, new RegExp(`^authenticating to "${registry.host}": GET "http://`));
        assert.ok(!message.includes(SECRET), message);
        assert.ok(!message.includes(Buffer.from(`user:${SECRET}`).toString('base64')), message);
        return true;
      });
    } finally {
      await registry.close();
    }
  });
}
