// `package` (helm's Package action): a chart directory into a reproducible `<name>-<version>.tgz`.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadDir } from '../chart/load.js';
import { archiveName, packageChart } from '../chart/package.js';
import { GoError } from '../gotemplate/value.js';
import { parseStrictVersion } from '../semver/index.js';

export interface PackageOptions {
  version?: string;
  appVersion?: string;
  destination?: string;
  /** Time stamped on entries (see chart/package.ts); reproducible by default. */
  modTime?: Date;
}

export class Package {
  /** Returns the absolute path of the written archive. */
  async run(chartDir: string, options: PackageOptions = {}): Promise<string> {
    try {
      await stat(chartDir);
    } catch {
      throw new GoError(`stat ${chartDir}: no such file or directory`);
    }
    const chart = await loadDir(resolve(chartDir));
    if (options.version) chart.metadata.version = options.version;
    try {
      parseStrictVersion(chart.metadata.version);
    } catch {
      throw new GoError('invalid semantic version');
    }
    if (options.appVersion) chart.metadata.appVersion = options.appVersion;
    const reqs = chart.metadata.dependencies;
    if (reqs) {
      const missing = reqs.filter((r) => !chart.dependencies.some((d) => d.name() === r.name)).map((r) => r.name);
      if (missing.length > 0) throw new GoError(`found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`);
    }
    const bytes = packageChart(chart, { modTime: options.modTime });
    const dest = resolve(options.destination ?? '.');
    await mkdir(dest, { recursive: true });
    const path = join(dest, archiveName(chart));
    await writeFile(path, bytes);
    return path;
  }
}
