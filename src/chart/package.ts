// Chart archives as `helm package` lays them out (helm's chartutil.Save): one directory named after
// the chart, Chart.yaml first, then Chart.lock, values.yaml, values.schema.json, templates, other
// files and subcharts (expanded, recursively); USTAR headers with mode 0644 and owner 0, and a gzip
// header carrying helm's extra field and "Helm" comment. Unlike helm, which stamps every entry with
// the current time, entries carry one fixed time, so the same chart always packs to the same bytes.
import { crc32, deflateRawSync } from 'node:zlib';
import { GoError } from '../gotemplate/value.js';
import { marshalYaml } from '../yaml/emit.js';
import type { Chart } from './chart.js';
import { lockToGo, metadataToGo } from './encode.js';
import { goBase } from './ignore.js';

export interface PackageOptions {
  /** Time stamped on every entry: $SOURCE_DATE_EPOCH when set, else the Unix epoch. */
  modTime?: Date;
}

const GZIP_EXTRA = Buffer.from('+aHR0cHM6Ly95b3V0dS5iZS96OVV6MWljandyTQo=');
const GZIP_COMMENT = Buffer.from('Helm\0');
const BLOCK = 512;

/** The reproducible default: SOURCE_DATE_EPOCH (seconds) if set, else 1970-01-01. */
export function defaultModTime(env: Record<string, string | undefined> = process.env): Date {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return Number.isInteger(epoch) && epoch >= 0 ? new Date(epoch * 1000) : new Date(0);
}

/** The archive's file name: `<name>-<version>.tgz`. */
export function archiveName(chart: Chart): string {
  return `${chart.name()}-${chart.metadata.version}.tgz`;
}

/** The .tgz bytes of a loaded chart. */
export function packageChart(chart: Chart, options: PackageOptions = {}): Uint8Array {
  const mtime = Math.floor((options.modTime ?? defaultModTime()).getTime() / 1000);
  const blocks: Buffer[] = [];
  writeChart(blocks, chart, '', mtime);
  blocks.push(Buffer.alloc(2 * BLOCK));
  return gzip(Buffer.concat(blocks));
}

function checkName(name: string): void {
  if (goBase(name) !== name) throw new GoError(`"${name}" is not a valid chart name`);
}

function writeChart(out: Buffer[], chart: Chart, prefix: string, mtime: number): void {
  checkName(chart.name());
  const base = prefix + chart.name();
  const md = chart.metadata;
  const forYaml = md.apiVersion === 'v1' ? { ...md, dependencies: undefined } : md;
  addFile(out, `${base}/Chart.yaml`, Buffer.from(marshalYaml(metadataToGo(forYaml))), mtime);
  if (md.apiVersion === 'v2' && chart.lock) addFile(out, `${base}/Chart.lock`, Buffer.from(marshalYaml(lockToGo(chart.lock))), mtime);
  for (const f of chart.raw) if (f.name === 'values.yaml') addFile(out, `${base}/values.yaml`, f.data, mtime);
  if (chart.schema) {
    try {
      JSON.parse(Buffer.from(chart.schema).toString('utf8'));
    } catch {
      throw new GoError('Invalid JSON in values.schema.json');
    }
    addFile(out, `${base}/values.schema.json`, chart.schema, mtime);
  }
  for (const f of chart.templates) addFile(out, `${base}/${f.name}`, f.data, mtime);
  for (const f of chart.files) addFile(out, `${base}/${f.name}`, f.data, mtime);
  for (const dep of chart.dependencies) writeChart(out, dep, `${base}/charts/`, mtime);
}

function addFile(out: Buffer[], name: string, data: Uint8Array, mtime: number): void {
  const split = splitUstarPath(name);
  if (split) out.push(header(split.name, data.length, mtime, '0', split.prefix));
  else {
    // Go's tar writer falls back to a PAX record for names USTAR cannot hold.
    const record = paxRecord('path', name);
    const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : '.';
    const paxName = `${dir}/PaxHeaders.0/${name.slice(name.lastIndexOf('/') + 1)}`;
    out.push(header(asciiTruncate(paxName, 100), record.length, mtime, 'x', ''), pad(record));
    out.push(header(asciiTruncate(name, 100), data.length, mtime, '0', ''));
  }
  out.push(pad(Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function asciiTruncate(s: string, n: number): string {
  return [...s].filter((ch) => ch.charCodeAt(0) <= 0x7f).join('').slice(0, n);
}

/** Go's splitUSTARPath: a name that fits as is, or a prefix/name split at a slash. */
function splitUstarPath(name: string): { prefix: string; name: string } | undefined {
  if (!isAscii(name)) return undefined;
  if (name.length <= 100) return { prefix: '', name };
  let length = name.length;
  if (length > 156) length = 156;
  else if (name[length - 1] === '/') length--;
  const i = name.lastIndexOf('/', length - 1);
  const nlen = name.length - i - 1;
  if (i <= 0 || nlen > 100 || nlen === 0 || i > 155) return undefined;
  return { prefix: name.slice(0, i), name: name.slice(i + 1) };
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bodyLen = Buffer.byteLength(body);
  let size = bodyLen + 1;
  while (String(size).length + bodyLen > size) size++;
  return Buffer.from(`${size}${body}`);
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number, mtime: number, type: string, prefix: string): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'ascii');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtime, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\u000000', 257, 'ascii');
  h.write(octal(0, 8), 329, 'ascii');
  h.write(octal(0, 8), 337, 'ascii');
  h.write(prefix, 345, 155, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

function pad(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

/** A gzip member with Go's header layout (no name, mtime 0, OS unknown) plus helm's extra and comment. */
function gzip(data: Buffer): Buffer {
  const head = Buffer.from([0x1f, 0x8b, 0x08, 0x04 | 0x10, 0, 0, 0, 0, 0, 0xff, GZIP_EXTRA.length & 0xff, GZIP_EXTRA.length >> 8]);
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(crc32(data) >>> 0, 0);
  tail.writeUInt32LE(data.length >>> 0, 4);
  return Buffer.concat([head, GZIP_EXTRA, GZIP_COMMENT, deflateRawSync(data), tail]);
}
