import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { redactUrl, send } from './http.js';
import { fetchBytes } from '../repo/http.js';

const SECRET = 'p4ss-SECRET-word';

/** A loopback server for one test; `handler` answers every request. */
async function withServer(handler: http.RequestListener, body: (base: string) => Promise<void>): Promise<void> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function assertNoSecret(err: unknown): true {
  const message = (err as Error).message;
  assert.ok(!message.includes(SECRET), message);
  assert.ok(!message.includes(Buffer.from(`user:${SECRET}`).toString('base64')), message);
  return true;
}

test('a refused password is not in the error', async () => {
  await withServer(
    (_req, res) => res.writeHead(401).end(),
    async (base) => {
      await assert.rejects(fetchBytes(`${base}/index.yaml`, { username: 'user', password: SECRET }), (err) => {
        assert.equal((err as Error).message, `failed to fetch ${base}/index.yaml : 401 Unauthorized`);
        return assertNoSecret(err);
      });
    },
  );
});

test('a password in the URL shows as *** in errors, as Go shows it', async () => {
  const gone = await new Promise<number>((resolve) => {
    const s = http.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
  await assert.rejects(fetchBytes(`http://user:${SECRET}@127.0.0.1:${gone}/index.yaml`), (err) => {
    assert.equal((err as Error).message, `Get "http://user:***@127.0.0.1:${gone}/index.yaml": dial tcp 127.0.0.1:${gone}: connect: connection refused`);
    return assertNoSecret(err);
  });
  await withServer(
    (_req, res) => res.writeHead(404).end(),
    async (base) => {
      const withUser = base.replace('//', `//user:${SECRET}@`);
      await assert.rejects(fetchBytes(`${withUser}/x.tgz`), assertNoSecret);
    },
  );
  assert.equal(redactUrl('not a url //user:pw@host'), 'not a url //user:***@host');
});

test('redirects: authorization stays on the first host unless credentials may pass', async () => {
  await withServer(
    (req, res) => res.writeHead(200).end(req.headers.authorization ?? 'none'),
    async (other) => {
      await withServer(
        (_req, res) => res.writeHead(302, { location: `${other.replace('127.0.0.1', 'localhost')}/target` }).end(),
        async (first) => {
          const headers = { authorization: 'Basic abc' };
          const kept = await send({ method: 'GET', url: new URL(first), headers, maxBytes: 1024, followRedirects: true });
          assert.equal(kept.body.toString(), 'none');
          assert.equal(kept.url.pathname, '/target');
          const passed = await send({ method: 'GET', url: new URL(first), headers, maxBytes: 1024, followRedirects: true, authorizationToAllHosts: true });
          assert.equal(passed.body.toString(), 'Basic abc');
        },
      );
    },
  );
});

test('redirect loops stop after 10 redirects; bodies over the limit are refused', async () => {
  await withServer(
    (req, res) => {
      if (req.url === '/big') res.writeHead(200).end(Buffer.alloc(2048));
      else res.writeHead(302, { location: `/loop${Number(req.url?.slice(5) || 0) + 1}` }).end();
    },
    async (base) => {
      await assert.rejects(send({ method: 'GET', url: new URL(`${base}/loop0`), maxBytes: 1024, followRedirects: true }), {
        message: `Get "${base}/loop10": stopped after 10 redirects`,
      });
      await assert.rejects(send({ method: 'GET', url: new URL(`${base}/big`), maxBytes: 1024 }), {
        message: `Get "${base}/big": response is larger than the limit of 1024 bytes`,
      });
    },
  );
});
