// How install-like commands read their NAME and CHART arguments (helm's Install.NameAndChart and
// ChartPathOptions.LocateChart), shared by template now and install/upgrade later.
import { statSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { sprigFuncs } from '../funcs/index.js';
import { TemplateSet } from '../gotemplate/index.js';
import type { ChartRequest, ChartResolver } from '../repo/resolve.js';

export interface NameOptions {
  /** A preset name (helm's template command presets "release-name"). */
  releaseName?: string;
  generateName?: boolean;
  nameTemplate?: string;
  /** Seconds since the epoch, for generated names; the clock by default. */
  now?: () => number;
}

/** The release name and the chart reference from the positional arguments, or helm's error. */
export function nameAndChart(args: string[], options: NameOptions = {}): { name: string; chart: string } {
  if (args.length > 2) throw new Error(`expected at most two arguments, unexpected arguments: ${args.slice(2).join(', ')}`);
  if (args.length === 2) {
    if (options.generateName) throw new Error('cannot set --generate-name and also specify a name');
    if (options.nameTemplate) throw new Error('cannot set --name-template and also specify a name');
    return { name: args[0], chart: args[1] };
  }
  const chart = args[0];
  if (options.nameTemplate) return { name: templateName(options.nameTemplate), chart };
  if (options.releaseName) return { name: options.releaseName, chart };
  if (!options.generateName) throw new Error('must either provide a name or specify --generate-name');
  let base = basename(chart);
  if (base === '.' || base === '') base = 'chart';
  const dot = base.indexOf('.');
  if (dot >= 0) base = base.slice(0, dot);
  return { name: `${base}-${Math.floor((options.now ?? (() => Date.now() / 1000))())}`, chart };
}

/** Renders --name-template with the function library and no data, as helm does. */
export function templateName(nameTemplate: string): string {
  const set = new TemplateSet(sprigFuncs());
  set.parse('name-template', nameTemplate);
  return set.execute('name-template', null);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves a chart reference to a local path, downloading `repo/chart`, chart URLs, `--repo` charts
 * and `oci://` references through `resolver` (into its content cache) as helm's LocateChart does.
 */
export async function resolveChartRef(req: ChartRequest, resolver: ChartResolver): Promise<string> {
  const name = req.ref.trim();
  if (!req.repoUrl && exists(name)) return resolve(name);
  if (!req.repoUrl && (isAbsolute(name) || name.startsWith('.'))) throw new Error(`path "${name}" not found`);
  return (await resolver.download(req)).cachedPath;
}
