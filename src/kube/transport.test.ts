import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeError } from './errors.js';
import { rawRequest, requestJson, streamLines } from './transport.js';

// A loopback HTTP server standing in for the network, to check the transport's own limits and
// error texts (never for Kubernetes behaviour, which the integration tests check on a real server).
let server: http.Server;
let base: string;

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.startsWith('/silent')) return; // never answers
    if (req.url?.startsWith('/invalid')) {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'Invalid', code: 422, message: 'Deployment.apps "x" is invalid: spec.selector: Required value' }));
      return;
    }
    if (req.url?.startsWith('/watch')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"ADDED","object":{"n":1}}\n{"type":"MOD');
      setTimeout(() => res.end('IFIED","object":{"n":2}}\n'), 50);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, auth: req.headers.authorization }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

test('a request that gets no answer ends at its timeout with the cluster named', async () => {
  const started = Date.now();
  await assert.rejects(rawRequest({ cluster: 'slow', server: base, timeoutMs: 300 }, { method: 'GET', path: '/silent', object: { kind: 'Pod', name: 'p', namespace: 'n' } }), (err: unknown) => {
    assert.ok(err instanceof KubeError);
    assert.equal(err.reason, 'Timeout');
    assert.equal(err.message, 'cluster "slow": Pod "p" in namespace "n": GET /silent timed out after 0.3s (server ' + base + ')');
    return true;
  });
  assert.ok(Date.now() - started < 2_000);
});

test('a Status answer becomes an error with the server message', async () => {
  await assert.rejects(requestJson({ cluster: 'c', server: base }, { method: 'POST', path: '/invalid', body: '{}', object: { kind: 'Deployment', name: 'x', namespace: 'n' } }), {
    message: 'cluster "c": Deployment "x" in namespace "n": Deployment.apps "x" is invalid: spec.selector: Required value',
    reason: 'Invalid',
    status: 422,
  });
  assert.deepEqual(await requestJson({ cluster: 'c', server: base, headers: { Authorization: 'Bearer t' } }, { method: 'GET', path: '/x' }), { ok: true, auth: 'Bearer t' });
});

test('streamed lines are split at newlines across chunks; abort ends the stream', async () => {
  const lines: string[] = [];
  await streamLines({ cluster: 'c', server: base }, { method: 'GET', path: '/watch' }, (l) => lines.push(l));
  assert.deepEqual(lines.map((l) => (JSON.parse(l) as { type: string }).type), ['ADDED', 'MODIFIED']);
  const controller = new AbortController();
  const pending = streamLines({ cluster: 'c', server: base }, { method: 'GET', path: '/silent', signal: controller.signal }, () => {});
  setTimeout(() => controller.abort(), 100);
  await pending;
});
