// `capstan push CHART REMOTE`: a packaged chart to an OCI registry (`oci://host/path`, as helm
// push), or into a local chart store directory.
import { readFile, stat } from 'node:fs/promises';
import { pushChart, type PushResult, type RegistryOptions } from '../registry/index.js';
import { ChartStore, type StoredChart } from '../store/index.js';

export interface PushRequest {
  /** A packaged chart (.tgz); its provenance file CHART.prov is pushed too when present. */
  chartPath: string;
  /** `oci://host/path`, or a chart store directory. */
  remote: string;
  registry?: RegistryOptions;
  /** Store only: replace a version already there. */
  force?: boolean;
  /** Store only: largest archive accepted. */
  maxUploadBytes?: number;
}

export type PushOutcome = { kind: 'registry'; result: PushResult } | { kind: 'store'; dir: string; stored: StoredChart };

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function push(req: PushRequest): Promise<PushOutcome> {
  let info;
  try {
    info = await stat(req.chartPath);
  } catch {
    throw new Error(`stat ${req.chartPath}: no such file or directory`);
  }
  if (info.isDirectory()) throw new Error(`${req.chartPath} is a directory: push takes a packaged chart (.tgz)`);
  const archive = await readFile(req.chartPath);
  const prov = await readOptional(`${req.chartPath}.prov`);
  if (req.remote.startsWith('oci://')) {
    return { kind: 'registry', result: await pushChart(archive, req.remote, { ...req.registry, prov }) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(req.remote)) throw new Error(`unsupported remote ${req.remote}: push takes oci://host/path or a chart store directory`);
  const store = new ChartStore(req.remote, { maxUploadBytes: req.maxUploadBytes });
  return { kind: 'store', dir: req.remote, stored: await store.upload(archive, { force: req.force, provenance: prov }) };
}
