// `pull` (helm's Pull action): download a chart by reference into a directory, or expand it there.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { readArchiveFiles } from '../chart/archive.js';
import { loadArchive } from '../chart/load.js';
import { GoError } from '../gotemplate/value.js';
import type { ChartRequest, ChartResolver } from '../repo/resolve.js';

export interface PullOptions {
  destDir?: string;
  untar?: boolean;
  untarDir?: string;
}

export class Pull {
  constructor(private readonly resolver: ChartResolver) {}

  /** Returns the written archive's path, or the expanded chart's directory. */
  async run(req: ChartRequest, options: PullOptions = {}): Promise<string> {
    const dest = options.destDir ?? '.';
    const downloaded = await this.resolver.download(req);
    if (!options.untar) {
      await mustBeDirectory(dest);
      const path = join(dest, downloaded.fileName);
      await writeFile(path, downloaded.bytes);
      return path;
    }
    let untarDir = options.untarDir ?? '.';
    if (!isAbsolute(untarDir)) untarDir = join(dest, untarDir);
    const check = options.untarDir === undefined || options.untarDir === '.' ? join(dest, basename(req.ref)) : join(untarDir, basename(req.ref));
    if (await exists(check)) throw new GoError(`failed to untar: a file or directory with the name ${check} already exists`);
    await mkdir(check, { recursive: true });
    return expandArchive(downloaded.bytes, untarDir);
  }
}

/**
 * Writes an archive's files under `<dir>/<chart name>/` (helm's ExpandFile), after the same checks
 * as loading it: no absolute or parent paths, no links, size limits.
 */
export async function expandArchive(bytes: Uint8Array, dir: string): Promise<string> {
  const chart = await loadArchive(bytes);
  const files = await readArchiveFiles(bytes);
  const root = join(dir, chart.name());
  for (const f of files) {
    const path = join(root, f.name);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, f.data, { mode: 0o644 });
  }
  return root;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function mustBeDirectory(dir: string): Promise<void> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new GoError(`open ${dir}: no such file or directory`);
  }
  if (!info.isDirectory()) throw new GoError(`${dir} is not a directory`);
}
