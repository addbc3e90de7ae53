// The local chart store: chart archives in a directory, each beside a small JSON record of its
// metadata, digest and upload time (one record per chart version, so concurrent uploads of different
// charts never race on a shared file). Uploads are untrusted: size-limited, loaded as charts before
// anything is written, and written through temporary files renamed into place.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_LIMITS, type ChartLoadLimits } from '../chart/archive.js';
import type { Metadata } from '../chart/chart.js';
import { loadArchive } from '../chart/load.js';

/** Default largest upload (compressed): charts are small; large archives are usually mistakes. */
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export interface StoreOptions {
  maxUploadBytes?: number;
  limits?: ChartLoadLimits;
}

export interface StoredChart {
  name: string;
  version: string;
  /** The archive's file name in the store: NAME-VERSION.tgz. */
  file: string;
  /** sha256 of the archive, hex (the index.yaml `digest`). */
  digest: string;
  size: number;
  /** Upload time, RFC 3339 with nanoseconds as Go writes it. */
  created: string;
  metadata: Metadata;
  /** Whether a provenance file (FILE.prov) was uploaded with it. */
  hasProvenance: boolean;
}

/** Why a store operation was refused; `status` is the HTTP status the store's handler answers. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const RECORD_SUFFIX = '.chart.json';
/** What may appear in a file name; chart validation already refuses `/` and `..` in names. */
const SAFE_PART = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

function checkFilePart(what: string, value: string): void {
  if (!SAFE_PART.test(value) || value.includes('..')) throw new StoreError(`chart ${what} ${JSON.stringify(value)} cannot name a file in the store`, 400);
}

async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data, { flag: 'wx', mode: 0o644 });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export class ChartStore {
  readonly maxUploadBytes: number;
  private readonly limits: ChartLoadLimits;

  constructor(
    readonly dir: string,
    options: StoreOptions = {},
  ) {
    this.maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    this.limits = options.limits ?? DEFAULT_LIMITS;
  }

  /**
   * Adds a chart archive. Name and version come from its Chart.yaml; an existing version is kept
   * unless `force` is set.
   */
  async upload(archive: Uint8Array, options: { force?: boolean; provenance?: Uint8Array } = {}): Promise<StoredChart> {
    if (archive.length > this.maxUploadBytes) throw new StoreError(`chart archive of ${archive.length} bytes is larger than the upload limit of ${this.maxUploadBytes} bytes`, 413);
    let metadata: Metadata;
    try {
      metadata = (await loadArchive(archive, { limits: this.limits })).metadata;
    } catch (err) {
      throw Object.assign(new StoreError(`not a loadable chart archive: ${(err as Error).message}`, 400), { cause: err });
    }
    const { name, version } = metadata;
    checkFilePart('name', name);
    checkFilePart('version', version);
    const file = `${name}-${version}.tgz`;
    await mkdir(this.dir, { recursive: true });
    if (!options.force && (await this.find(name, version))) {
      throw new StoreError(`chart ${name} version ${version} is already in the store (upload with force to replace it)`, 409);
    }
    const stored: StoredChart = {
      name,
      version,
      file,
      digest: createHash('sha256').update(archive).digest('hex'),
      size: archive.length,
      created: goTimeNow(),
      metadata,
      hasProvenance: options.provenance !== undefined,
    };
    await writeAtomically(join(this.dir, file), archive);
    if (options.provenance) await writeAtomically(join(this.dir, file + '.prov'), options.provenance);
    else await rm(join(this.dir, file + '.prov'), { force: true });
    // The record last: a chart is listed only once its archive is complete.
    await writeAtomically(join(this.dir, `${name}-${version}${RECORD_SUFFIX}`), JSON.stringify(stored) + '\n');
    return stored;
  }

  /** Every chart in the store, by name, newest upload order not implied. */
  async list(): Promise<StoredChart[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const charts: StoredChart[] = [];
    for (const n of names.filter((x) => x.endsWith(RECORD_SUFFIX)).sort()) {
      const record = await this.readRecord(join(this.dir, n));
      if (record) charts.push(record);
    }
    return charts;
  }

  async find(name: string, version: string): Promise<StoredChart | undefined> {
    if (!SAFE_PART.test(name) || !SAFE_PART.test(version)) return undefined;
    return this.readRecord(join(this.dir, `${name}-${version}${RECORD_SUFFIX}`));
  }

  /** Removes a chart version; false when the store does not have it. */
  async delete(name: string, version: string): Promise<boolean> {
    const found = await this.find(name, version);
    if (!found) return false;
    await rm(join(this.dir, `${name}-${version}${RECORD_SUFFIX}`), { force: true });
    await rm(join(this.dir, found.file), { force: true });
    await rm(join(this.dir, found.file + '.prov'), { force: true });
    return true;
  }

  /** The bytes of a stored archive or provenance file by its file name, if the store lists it. */
  async readFile(file: string): Promise<Buffer | undefined> {
    const isProv = file.endsWith('.tgz.prov');
    const archive = isProv ? file.slice(0, -'.prov'.length) : file;
    if (!archive.endsWith('.tgz')) return undefined;
    const known = (await this.list()).find((c) => c.file === archive && (!isProv || c.hasProvenance));
    if (!known) return undefined;
    try {
      return await readFile(join(this.dir, file));
    } catch {
      return undefined;
    }
  }

  private async readRecord(path: string): Promise<StoredChart | undefined> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const record = JSON.parse(text) as StoredChart;
      return typeof record.name === 'string' && typeof record.file === 'string' ? record : undefined;
    } catch {
      return undefined;
    }
  }
}

/** Go's time.Time JSON text for now: RFC 3339 with nanoseconds, trailing zeros trimmed. */
export function goTimeNow(now = new Date(), nanosWithinMs = Number(process.hrtime.bigint() % 1_000_000n)): string {
  const iso = now.toISOString();
  const fraction = (String(now.getUTCMilliseconds()).padStart(3, '0') + String(nanosWithinMs).padStart(6, '0')).replace(/0+$/, '');
  return iso.slice(0, 19) + (fraction ? '.' + fraction : '') + 'Z';
}
