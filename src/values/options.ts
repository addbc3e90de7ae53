// User-supplied values from the command line, merged as helm 4.1.4's pkg/cli/values Options.MergeValues:
// -f files, then --set-json, --set, --set-string, --set-file, --set-literal (later wins).
import { readFileSync } from 'node:fs';
import { GoError, fromJS, type GoValue } from '../gotemplate/value.js';
import { loadValues, mergeMaps } from '../yaml/read.js';
import { parseSet, parseSetFile, parseSetJSON, parseSetLiteral, parseSetString } from './strvals.js';

export interface ValuesOptions {
  /** -f/--values: paths, or `-` for standard input. URLs are not supported (helm would fetch them). */
  valueFiles?: string[];
  jsonValues?: string[];
  values?: string[];
  stringValues?: string[];
  fileValues?: string[];
  literalValues?: string[];
}

/** File access for values; throws GoError with Go's texts (`open x: no such file or directory`). */
export interface ValuesIO {
  readFile(path: string): Uint8Array;
  readStdin(): Uint8Array;
}

export const nodeValuesIO: ValuesIO = {
  readFile(path) {
    try {
      return readFileSync(path);
    } catch (e) {
      throw goFileError(path, e as NodeJS.ErrnoException);
    }
  },
  readStdin() {
    return readFileSync(0);
  },
};

const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** The *PathError text os.ReadFile gives for a Node error. */
function goFileError(path: string, e: NodeJS.ErrnoException): GoError {
  if (e.code === 'EISDIR') return new GoError(`read ${path}: is a directory`);
  return new GoError(`open ${path}: ${(e.code && GO_ERRNO_TEXT[e.code]) ?? e.message}`);
}

const REMOTE_SCHEME = /^(https?|oci):/i;

function readSource(path: string, io: ValuesIO): Uint8Array {
  if (path.trim() === '-') return io.readStdin();
  if (REMOTE_SCHEME.test(path)) throw new GoError(`reading values from a URL is not supported: ${path}`);
  return io.readFile(path);
}

function decode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** The user's values: every source parsed and merged in helm's order. Throws GoError with helm's texts. */
export function readValues(options: ValuesOptions, io: ValuesIO = nodeValuesIO): Map<string, GoValue> {
  let base = new Map<string, GoValue>();
  for (const path of options.valueFiles ?? []) {
    const text = decode(readSource(path, io));
    let current: Map<string, GoValue>;
    try {
      current = loadValues(text);
    } catch (e) {
      throw new GoError(`failed to parse ${path}: ${(e as Error).message}`);
    }
    base = mergeMaps(base, current);
  }
  for (const value of options.jsonValues ?? []) {
    const trimmed = value.trim();
    if (trimmed.startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        throw new GoError(`failed parsing --set-json data JSON: ${value}`);
      }
      base = mergeMaps(base, fromJS(parsed) as Map<string, GoValue>);
    } else {
      try {
        parseSetJSON(value, base);
      } catch {
        throw new GoError(`failed parsing --set-json data ${value}`);
      }
    }
  }
  applyEach(options.values, '--set', (v) => parseSet(v, base));
  applyEach(options.stringValues, '--set-string', (v) => parseSetString(v, base));
  const readFile = (path: string) => decode(readSource(path, io));
  applyEach(options.fileValues, '--set-file', (v) => parseSetFile(v, base, readFile));
  applyEach(options.literalValues, '--set-literal', (v) => parseSetLiteral(v, base));
  return base;
}

function applyEach(values: string[] | undefined, flag: string, parse: (value: string) => void): void {
  for (const value of values ?? []) {
    try {
      parse(value);
    } catch (e) {
      throw new GoError(`failed parsing ${flag} data: ${(e as Error).message}`);
    }
  }
}
