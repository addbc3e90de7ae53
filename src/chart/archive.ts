// Reading chart archives (.tgz), which are untrusted input: helm's path checks and size limits, plus
// stricter rules where helm is lax (see UNSAFE_ENTRY_TYPES and MAX_ARCHIVE_ENTRIES).
// zlib and tar-stream are imported when an archive is read: most charts are directories, and
// `capstan template` pays for every module it loads at start.
import { GoError } from '../gotemplate/value.js';
import { goQuote } from './metadata.js';

/**
 * An archive that helm would load but Capstan refuses (links, devices, too many entries): its text
 * is Capstan's own and names the entry, since helm has no error to match.
 */
export class UnsafeArchiveError extends GoError {}

/** A file read from a chart directory or archive, its path relative to the chart root. */
export interface BufferedFile {
  name: string;
  data: Uint8Array;
  modTime?: Date;
}

/** Helm 4's limits: decompressed size of all files of an archive, and of any one file. */
export interface ChartLoadLimits {
  maxChartSize: number;
  maxFileSize: number;
  /** Capstan's own limit on archive entries (MAX_ARCHIVE_ENTRIES by default). */
  maxEntries?: number;
}

export const DEFAULT_LIMITS: ChartLoadLimits = {
  maxChartSize: 100 * 1024 * 1024,
  maxFileSize: 5 * 1024 * 1024,
};

/**
 * Capstan refuses more entries than this (helm has no such limit): an archive of millions of empty
 * files stays under the size limits yet exhausts memory.
 */
export const MAX_ARCHIVE_ENTRIES = 50_000;

/**
 * Link and device entries. Helm reads them as (empty) regular files; Capstan refuses them, since a
 * chart archive made by `helm package` never holds them and extracting them elsewhere is unsafe.
 */
const UNSAFE_ENTRY_TYPES: Record<string, string> = {
  symlink: 'a symbolic link',
  link: 'a hard link',
  'character-device': 'a character device',
  'block-device': 'a block device',
  fifo: 'a named pipe',
};

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function stripBom(data: Uint8Array): Uint8Array {
  return data.length >= 3 && data[0] === UTF8_BOM[0] && data[1] === UTF8_BOM[1] && data[2] === UTF8_BOM[2] ? data.subarray(3) : data;
}

const DRIVE_PATH = /^[a-zA-Z]:\//;

/** Go's path.Clean. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return rooted ? '/' + joined : joined || '.';
}

/** The chart-relative name of an archive entry (its first path element dropped), checked as helm does. */
function entryName(raw: string): string {
  const delimiter = raw.includes('\\') ? '\\' : '/';
  const parts = raw.split(delimiter);
  let n = parts.slice(1).join(delimiter).replaceAll(delimiter, '/');
  if (n.startsWith('/')) throw new GoError('chart illegally contains absolute paths');
  n = cleanPath(n);
  if (n === '.') throw new GoError(`chart illegally contains content outside the base directory: ${goQuote(raw)}`);
  if (n.startsWith('..')) throw new GoError('chart illegally references parent directory');
  if (DRIVE_PATH.test(n)) throw new GoError('chart contains illegally named files');
  if (parts[0] === 'Chart.yaml') throw new GoError('chart yaml not in base directory');
  return n;
}

/** Maps node's zlib and tar-stream failures to the texts of Go's gzip and tar readers. */
function streamError(err: unknown): Error {
  if (err instanceof GoError) return err;
  const e = err as { code?: string; message?: string };
  if (e.code === 'Z_DATA_ERROR' && /header/i.test(e.message ?? '')) return new GoError('gzip: invalid header');
  if (e.code === 'Z_DATA_ERROR') return new GoError('gzip: invalid checksum');
  if (e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message ?? '')) return new GoError('unexpected EOF');
  if (/header/i.test(e.message ?? '')) return new GoError('archive/tar: invalid tar header');
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Reads the files of a gzipped tar chart archive into memory: helm's LoadArchiveFiles. Directory
 * entries and pax headers are skipped, a leading UTF-8 BOM is removed from every file.
 */
export async function readArchiveFiles(bytes: Uint8Array, limits: ChartLoadLimits = DEFAULT_LIMITS): Promise<BufferedFile[]> {
  if (bytes.length === 0) throw new GoError('EOF');
  if (bytes.length < 10) throw new GoError('unexpected EOF');
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 0x08) throw new GoError('gzip: invalid header');
  const tooLarge = (): GoError => new GoError(`decompressed chart is larger than the maximum size ${limits.maxChartSize}`);
  let tarBytes: Buffer;
  try {
    // Tar headers and padding are not counted by helm's limit; bound them too (generously).
    const [{ promisify }, { gunzip }] = await Promise.all([import('node:util'), import('node:zlib')]);
    tarBytes = await promisify(gunzip)(bytes, { maxOutputLength: 2 * limits.maxChartSize + 1024 * 1024 });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw streamError(err);
  }
  const files: BufferedFile[] = [];
  let remaining = limits.maxChartSize;
  let entries = 0;
  const tar = await import('tar-stream');
  const extract = tar.extract();
  extract.end(tarBytes);
  try {
    for await (const entry of extract) {
      const header = entry.header;
      const maxEntries = limits.maxEntries ?? MAX_ARCHIVE_ENTRIES;
      if (++entries > maxEntries) throw new UnsafeArchiveError(`chart archive has more than ${maxEntries} entries`);
      const type = header.type ?? 'file';
      // tar-stream consumes pax and GNU long-name headers itself, as Go's reader does.
      if (type === 'directory') {
        entry.resume();
        continue;
      }
      const name = entryName(header.name);
      const unsafe = UNSAFE_ENTRY_TYPES[type];
      if (unsafe) throw new UnsafeArchiveError(`chart archive entry ${goQuote(header.name)} is ${unsafe}, which Capstan does not load`);
      const size = header.size ?? 0;
      if (size > remaining) throw tooLarge();
      if (size > limits.maxFileSize) {
        throw new GoError(`decompressed chart file ${goQuote(header.name)} is larger than the maximum file size ${limits.maxFileSize}`);
      }
      const chunks: Buffer[] = [];
      let read = 0;
      for await (const chunk of entry) {
        read += (chunk as Buffer).length;
        chunks.push(chunk as Buffer);
      }
      remaining -= read;
      if (read < size || remaining < 0) throw tooLarge();
      files.push({ name, data: stripBom(new Uint8Array(Buffer.concat(chunks))), modTime: header.mtime });
    }
  } catch (err) {
    throw streamError(err);
  }
  if (files.length === 0) throw new GoError('no files in chart archive');
  return files;
}

/** Whether the bytes start with the gzip signature helm's ensureArchive looks for. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 0x08;
}

/**
 * The content type Go's http.DetectContentType reports for a non-gzip file, for helm's
 * "does not appear to be a gzipped archive" message (the common cases only).
 */
export function sniffContentType(bytes: Uint8Array): string {
  // helm sniffs a zero-filled 512-byte buffer, so a shorter file always has "binary" zero bytes.
  const head = new Uint8Array(512);
  head.set(bytes.subarray(0, 512));
  const starts = (sig: number[]): boolean => sig.every((b, i) => head[i] === b);
  if (starts([0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (starts([0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (starts([0x42, 0x5a, 0x68])) return 'application/x-bzip2';
  for (const b of head) {
    // Go's "binary data" bytes: control characters other than \t \n \f \r and ESC.
    if (b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f)) return 'application/octet-stream';
  }
  return 'text/plain; charset=utf-8';
}
