// `capstan serve`: a local chart store served as a Helm repository over HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChartStore, storeHandler } from '../store/index.js';

export interface ServeRequest {
  dir: string;
  /** host:port to listen on; port 0 picks a free one. */
  address: string;
  /** Absolute base URL for chart URLs in index.yaml (behind a proxy); relative otherwise. */
  baseUrl?: string;
  /** Accept uploads and deletes through the JSON API. */
  allowWrite?: boolean;
  maxUploadBytes?: number;
}

export interface ServingStore {
  /** http://host:port/ */
  url: string;
  close(): Promise<void>;
}

function splitAddress(address: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(address.trim());
  if (!m) throw new Error(`invalid listen address ${JSON.stringify(address)}: expected host:port`);
  const port = m[2] === undefined ? 8879 : Number(m[2]);
  if (port > 65535) throw new Error(`invalid listen address ${JSON.stringify(address)}: port out of range`);
  return { host: (m[1] || '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}

export async function serveStore(req: ServeRequest): Promise<ServingStore> {
  const store = new ChartStore(req.dir, { maxUploadBytes: req.maxUploadBytes });
  const handler = storeHandler(store, { baseUrl: req.baseUrl, allowWrite: req.allowWrite });
  const server = http.createServer((request, response) => void handler(request, response));
  const { host, port } = splitAddress(req.address);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  const shownHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${shownHost}:${bound.port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
