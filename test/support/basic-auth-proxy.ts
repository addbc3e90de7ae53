// A small authenticating proxy on loopback, of the shape clusters that still take passwords use:
// it checks HTTP basic credentials, then forwards the request to the API server with the proxy's
// client certificate and the user's identity in the request headers the server trusts.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCertificate, generateRsaKey, pemEncode, privateKeyPem } from '../../src/funcs/certs.js';
import { AUTH_PROXY_HEADERS, type TestCluster } from './cluster.js';

export interface BasicAuthProxy {
  /** https://127.0.0.1:PORT, with a self-signed serving certificate (connect with insecure skip-verify or `caPem`). */
  server: string;
  caPem: string;
  stop(): Promise<void>;
}

export async function startBasicAuthProxy(cluster: TestCluster, users: Record<string, { password: string; groups: string[] }>): Promise<BasicAuthProxy> {
  const key = generateRsaKey(2048);
  const certPem = pemEncode('CERTIFICATE', createCertificate({ commonName: 'basic-auth-proxy', ips: [Uint8Array.of(127, 0, 0, 1)], dnsNames: ['localhost'], daysValid: 1, isCA: false, key }));
  const upstream = new URL(cluster.server);
  const server = https.createServer({ cert: certPem, key: privateKeyPem(key) }, (req, res) => {
    const auth = req.headers.authorization ?? '';
    const [user, password] = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':', 2) : [];
    const known = user !== undefined ? users[user] : undefined;
    if (!known || known.password !== password) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="kubernetes"' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
      return;
    }
    const headers = { ...req.headers };
    delete headers.authorization;
    for (const name of Object.keys(headers)) if (name.toLowerCase().startsWith('x-remote-')) delete headers[name];
    headers[AUTH_PROXY_HEADERS.user.toLowerCase()] = user;
    headers.host = upstream.host;
    const forwarded = https.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...headers, [AUTH_PROXY_HEADERS.group]: known.groups },
        ca: cluster.caPem,
        cert: cluster.authProxyCertPem,
        key: cluster.authProxyKeyPem,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server: `https://127.0.0.1:${port}`,
    caPem: certPem,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
