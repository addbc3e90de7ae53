// A chart repository for tests: serves a directory (index.yaml and archives) over HTTP or HTTPS on
// 127.0.0.1, optionally behind basic auth and with client certificates required.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface RepoServerOptions {
  /** Directory whose files are served (index.yaml, *.tgz). */
  root: string;
  basicAuth?: { username: string; password: string };
  tls?: { certPem: string; keyPem: string; clientCaPem?: string };
}

export interface RepoServer {
  url: string;
  /** Request paths in arrival order, with the Authorization header each carried (or ''). */
  requests: { path: string; authorization: string }[];
  close(): Promise<void>;
}

export async function startRepoServer(options: RepoServerOptions): Promise<RepoServer> {
  const requests: RepoServer['requests'] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void serve(options, requests, req, res);
  };
  const server: Server = options.tls
    ? createHttpsServer(
        {
          cert: options.tls.certPem,
          key: options.tls.keyPem,
          ca: options.tls.clientCaPem,
          requestCert: options.tls.clientCaPem !== undefined,
          rejectUnauthorized: options.tls.clientCaPem !== undefined,
        },
        handler,
      )
    : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(options: RepoServerOptions, requests: RepoServer['requests'], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  requests.push({ path, authorization: req.headers.authorization ?? '' });
  if (options.basicAuth) {
    const expected = 'Basic ' + Buffer.from(`${options.basicAuth.username}:${options.basicAuth.password}`).toString('base64');
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="charts"' }).end('unauthorized\n');
      return;
    }
  }
  const file = normalize(join(options.root, path));
  if (!file.startsWith(normalize(options.root))) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': file.endsWith('.tgz') ? 'application/gzip' : 'text/yaml' }).end(body);
  } catch {
    res.writeHead(404).end('404 page not found\n');
  }
}
