// Loading a chart from a directory or a .tgz archive as helm 4.1.4 does (pkg/chart/loader and the
// chart v2 loader): file classification, Chart.yaml / requirements / lock / values decoding,
// validation and recursive subchart loading.
import { lstat, readFile, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GoError, compareGoStrings } from '../gotemplate/value.js';
import { loadValues, parseYaml } from '../yaml/read.js';
import { DEFAULT_LIMITS, UnsafeArchiveError, isGzip, readArchiveFiles, sniffContentType, stripBom, type BufferedFile, type ChartLoadLimits } from './archive.js';
import { Chart, type ChartFile, type Metadata } from './chart.js';
import { HELM_IGNORE, IgnoreRules } from './ignore.js';
import { decodeLock, decodeMetadata, goQuote, readApiVersion, validateMetadata } from './metadata.js';

export interface LoadOptions {
  limits?: ChartLoadLimits;
  /** Receives helm's warnings (symbolic links followed, deprecated requirements files). */
  warn?: (message: string) => void;
}

const decoder = new TextDecoder();

function text(data: Uint8Array): string {
  return decoder.decode(data);
}

function wrap(prefix: string, err: unknown): GoError {
  const e = new GoError(`${prefix}: ${err instanceof Error ? err.message : String(err)}`);
  e.cause = err;
  return e;
}

/** Loads a chart directory or archive file (helm's loader.Load). */
export async function loadChart(path: string, options: LoadOptions = {}): Promise<Chart> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw goFsError('stat', path, err);
  }
  if (info.isDirectory()) {
    const chartFile = join(resolve(path), 'Chart.yaml');
    let chartYaml: Uint8Array;
    try {
      chartYaml = await readFile(chartFile);
    } catch (err) {
      throw wrap(`unable to detect chart at ${chartFile}`, goFsError('open', chartFile, err));
    }
    checkApiVersion(stripBom(chartYaml));
    return loadDir(path, options);
  }
  const bytes = await readFile(path);
  if (!isGzip(bytes)) {
    if (path.endsWith('.yml') || path.endsWith('.yaml')) throw new GoError(`file '${path}' seems to be a YAML file, but expected a gzipped archive`);
    throw new GoError(`file '${path}' does not appear to be a gzipped archive; got '${sniffContentType(bytes)}'`);
  }
  let files: BufferedFile[];
  try {
    files = await readArchiveFiles(bytes, options.limits);
  } catch (err) {
    if (err instanceof UnsafeArchiveError) throw new GoError(`unable to load chart archive: ${err.message}`, { cause: err });
    // Helm prints only this line; the reason (which entry, which limit) stays in `cause`.
    const e = new GoError('unable to load chart archive');
    e.cause = err;
    throw e;
  }
  return loadArchiveFiles(files, options);
}

/** Loads a chart from the bytes of a .tgz archive. Errors name the offending entry. */
export async function loadArchive(bytes: Uint8Array, options: LoadOptions = {}): Promise<Chart> {
  return loadArchiveFiles(await readArchiveFiles(bytes, options.limits), options);
}

async function loadArchiveFiles(files: BufferedFile[], options: LoadOptions): Promise<Chart> {
  const chartYaml = files.find((f) => f.name === 'Chart.yaml');
  if (!chartYaml) throw new GoError('unable to detect chart version, no Chart.yaml found');
  checkApiVersion(chartYaml.data);
  return loadFiles(files, options);
}

/** Helm 4 picks the chart loader from Chart.yaml's apiVersion; only v1/v2 charts are rendered. */
function checkApiVersion(chartYaml: Uint8Array): void {
  let apiVersion: string;
  try {
    apiVersion = readApiVersion(parseYaml, text(chartYaml));
  } catch (err) {
    throw wrap('cannot load Chart.yaml', err);
  }
  if (apiVersion === '' || apiVersion === 'v1' || apiVersion === 'v2') return;
  throw new GoError(apiVersion === 'v3' ? 'invalid chart apiVersion' : 'unsupported chart version');
}

function warnAbout(options: LoadOptions, message: string): void {
  options.warn?.(message);
}

/** Classifies in-memory files into a chart and loads its subcharts (helm's v2 LoadFiles). */
export async function loadFiles(files: BufferedFile[], options: LoadOptions = {}): Promise<Chart> {
  let metadata: Metadata | undefined;
  const raw: ChartFile[] = [];
  for (const f of files) {
    raw.push(toChartFile(f));
    if (f.name !== 'Chart.yaml') continue;
    try {
      metadata = decodeMetadata(parseYaml, text(f.data), metadata);
    } catch (err) {
      throw wrap('cannot load Chart.yaml', err);
    }
    if (metadata.apiVersion === '') metadata.apiVersion = 'v1';
  }
  const parts: Pick<Chart, 'templates' | 'files' | 'values' | 'lock' | 'schema'> = { templates: [], files: [], values: new Map() };
  const subcharts = new Map<string, BufferedFile[]>();
  for (const f of files) {
    const name = f.name;
    if (name === 'Chart.yaml') continue;
    if (name === 'Chart.lock' || name === 'requirements.lock') {
      try {
        parts.lock = decodeLock(parseYaml, text(f.data));
      } catch (err) {
        throw wrap(`cannot load ${name}`, err);
      }
      if (name === 'requirements.lock') {
        metadata ??= decodeMetadata(parseYaml, '');
        if (metadata.apiVersion !== 'v1') warnAbout(options, 'Warning: Dependency locking is handled in Chart.lock since apiVersion "v2". We recommend migrating to Chart.lock.');
        else parts.files.push(toChartFile(f));
      }
    } else if (name === 'values.yaml') {
      try {
        parts.values = loadValues(text(f.data));
      } catch (err) {
        throw wrap('cannot load values.yaml', err);
      }
    } else if (name === 'values.schema.json') {
      parts.schema = f.data;
    } else if (name === 'requirements.yaml') {
      metadata ??= decodeMetadata(parseYaml, '');
      if (metadata.apiVersion !== 'v1') warnAbout(options, 'Warning: Dependencies are handled in Chart.yaml since apiVersion "v2". We recommend migrating dependencies to Chart.yaml.');
      try {
        decodeMetadata(parseYaml, text(f.data), metadata);
      } catch (err) {
        throw wrap('cannot load requirements.yaml', err);
      }
      if (metadata.apiVersion === 'v1') parts.files.push(toChartFile(f));
    } else if (name.startsWith('templates/')) {
      parts.templates.push(toChartFile(f));
    } else if (name.startsWith('charts/')) {
      if (extname(name) === '.prov') {
        parts.files.push(toChartFile(f));
        continue;
      }
      const rest = name.slice('charts/'.length);
      const sub = rest.split('/', 1)[0];
      let group = subcharts.get(sub);
      if (!group) subcharts.set(sub, (group = []));
      group.push({ ...f, name: rest });
    } else {
      parts.files.push(toChartFile(f));
    }
  }
  if (!metadata) throw new GoError('Chart.yaml file is missing');
  validateMetadata(metadata);
  const chart = new Chart(metadata);
  Object.assign(chart, parts);
  chart.raw = raw;

  // Helm iterates a Go map here (random order); Capstan loads subcharts in name order.
  for (const sub of [...subcharts.keys()].sort(compareGoStrings)) {
    if (sub.startsWith('_') || sub.startsWith('.')) continue;
    const group = subcharts.get(sub)!;
    let loaded: Chart;
    try {
      if (extname(sub) === '.tgz') {
        const file = group[0];
        if (file.name !== sub) throw new GoError(`error unpacking subchart tar in ${chart.name()}: expected ${sub}, got ${file.name}`);
        loaded = await loadFiles(await readArchiveFiles(file.data, options.limits), options);
      } else {
        const inner = group.filter((f) => f.name.includes('/')).map((f) => ({ ...f, name: f.name.slice(f.name.indexOf('/') + 1) }));
        loaded = await loadFiles(inner, options);
      }
    } catch (err) {
      if (err instanceof GoError && err.message.startsWith('error unpacking subchart tar in ')) throw err;
      throw wrap(`error unpacking subchart ${sub} in ${chart.name()}`, err);
    }
    chart.addDependency(loaded);
  }
  return chart;
}

function toChartFile(f: BufferedFile): ChartFile {
  return f.modTime ? { name: f.name, data: f.data, modTime: f.modTime } : { name: f.name, data: f.data };
}

/** Go's filepath.Ext. */
function extname(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

/** Go's *PathError text for a failed file system call. */
function goFsError(op: string, path: string, err: unknown): GoError {
  const code = (err as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'ENOTDIR' ? 'not a directory' : code === 'ELOOP' ? 'too many levels of symbolic links' : ((err as Error).message ?? String(err));
  const e = new GoError(`${op} ${path}: ${reason}`);
  e.cause = err;
  return e;
}

/**
 * Loads a chart directory (helm's LoadDir): .helmignore at the chart root applies to the whole tree,
 * names are walked in byte order, symbolic links are followed (with a warning, wherever they point,
 * as helm does), and a leading UTF-8 BOM is removed from every file. Capstan refuses a symbolic link
 * that leads back into a directory being walked; helm loops until the path is too long.
 */
export async function loadDir(dir: string, options: LoadOptions = {}): Promise<Chart> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const topdir = resolve(dir);
  let rules = new IgnoreRules();
  const ignoreFile = join(topdir, HELM_IGNORE);
  let ignoreText: string | undefined;
  try {
    ignoreText = await readFile(ignoreFile, 'utf8');
  } catch {
    ignoreText = undefined;
  }
  if (ignoreText !== undefined) rules = IgnoreRules.parse(ignoreText);
  rules.addDefaults();

  const files: BufferedFile[] = [];
  const prefix = topdir + '/';

  const visit = async (path: string, isDir: boolean, isFile: boolean, size: number, mtime: Date, baseName: string, stack: Set<string>): Promise<void> => {
    const n = path.startsWith(prefix) ? path.slice(prefix.length) : '';
    if (isDir) {
      if (n !== '' && rules.ignores(n, true)) return;
      const real = await realpath(path);
      if (stack.has(real)) throw new GoError(`symbolic link ${path} leads back to ${real}, which is being loaded`);
      const inner = new Set(stack).add(real);
      let names: string[];
      try {
        names = (await readdir(path)).sort(compareGoStrings);
      } catch (err) {
        throw goFsError('open', path, err);
      }
      for (const name of names) await walkEntry(join(path, name), inner);
      return;
    }
    if (rules.ignores(n, false)) return;
    if (!isFile) throw new GoError(`cannot load irregular file ${path} as it has file mode type bits set`);
    if (size > limits.maxFileSize) throw new GoError(`chart file ${goQuote(baseName)} is larger than the maximum file size ${limits.maxFileSize}`);
    let data: Uint8Array;
    try {
      data = await readFile(path);
    } catch (err) {
      throw wrap(`error reading ${n}`, goFsError('read', path, err));
    }
    files.push({ name: n, data: stripBom(new Uint8Array(data)), modTime: mtime });
  };

  const walkEntry = async (path: string, stack: Set<string>): Promise<void> => {
    const info = await lstat(path);
    if (info.isSymbolicLink()) {
      let resolved: string;
      try {
        resolved = await realpath(path);
      } catch (err) {
        const target = goFsError('lstat', await brokenTarget(path), err);
        throw wrap(`error evaluating symlink ${path}`, target);
      }
      warnAbout(options, `found symbolic link in path. Contents of linked file included and used path=${path} resolved=${resolved}`);
      const target = await lstat(resolved);
      return visit(path, target.isDirectory(), target.isFile(), target.size, target.mtime, resolved.slice(resolved.lastIndexOf('/') + 1), stack);
    }
    return visit(path, info.isDirectory(), info.isFile(), info.size, info.mtime, path.slice(path.lastIndexOf('/') + 1), stack);
  };

  await visit(topdir, true, false, 0, new Date(0), '', new Set());
  return loadFiles(files, options);
}

/** The first missing path of a broken symbolic link, as Go's EvalSymlinks reports it. */
async function brokenTarget(link: string): Promise<string> {
  const target = await readlink(link);
  return resolve(link, '..', target);
}
