// Verified blobs by digest on disk, so that a chart pulled once is not downloaded again. Entries are
// written only after verification, through a temporary file renamed into place, and checked again
// when read: a failed or malicious pull never changes what is cached.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sha256Digest } from './client.js';

/** $CAPSTAN_CACHE/registry/blobs (CAPSTAN_CACHE defaults to ~/.cache/capstan). */
export function defaultBlobCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.CAPSTAN_CACHE || join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'capstan');
  return join(cache, 'registry', 'blobs');
}

const SHA256 = /^sha256:([a-f0-9]{64})$/;

export class BlobCache {
  constructor(readonly dir: string = defaultBlobCacheDir()) {}

  private path(digest: string): string | undefined {
    const m = SHA256.exec(digest);
    return m ? join(this.dir, 'sha256', m[1]) : undefined;
  }

  /** The cached bytes, or undefined when absent or no longer matching their digest. */
  async get(digest: string): Promise<Buffer | undefined> {
    const path = this.path(digest);
    if (!path) return undefined;
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      return undefined;
    }
    return sha256Digest(bytes) === digest ? bytes : undefined;
  }

  /** Stores bytes already verified against `digest`. */
  async put(digest: string, bytes: Uint8Array): Promise<void> {
    const path = this.path(digest);
    if (!path || sha256Digest(bytes) !== digest) return;
    await mkdir(join(this.dir, 'sha256'), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, bytes, { flag: 'wx' });
      await rename(temp, path);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }
}
