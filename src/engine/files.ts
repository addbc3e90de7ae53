// .Files (helm's engine.files): a map[string][]byte of a chart's non-template files, with helm's
// accessor methods. Range, len and printing see the map; `.Files.Get` finds the method first.
import type { ChartFile } from '../chart/chart.js';
import { GoError, goFunc, mapOf, sliceOf, withMethods, type GoFunction, type GoValue } from '../gotemplate/value.js';
import { goStringFromBytes } from '../gotemplate/gostring.js';
import { globMatcher } from './glob.js';

const FILES_TYPE = 'engine.files';

/** A yaml.Marshal-then-trim-newline serializer (helm's toYAML), as the funcs layer provides it. */
export type YamlSerializer = (value: GoValue) => string;

/** Builds .Files from a chart's files (everything the loader did not classify as template/values/Chart.yaml). */
export function newFiles(files: readonly ChartFile[], toYaml: YamlSerializer): Map<string, GoValue> {
  const entries = new Map<string, GoValue>();
  for (const f of files) entries.set(f.name, f.data);
  return filesValue(entries, toYaml);
}

function filesValue(entries: Map<string, GoValue>, toYaml: YamlSerializer): Map<string, GoValue> {
  const files = mapOf(entries, FILES_TYPE);
  const bytesOf = (name: string): Uint8Array => {
    const v = files.get(name);
    return v instanceof Uint8Array ? v : new Uint8Array(0);
  };
  const byBaseName = (encode: (data: Uint8Array) => string): Map<string, GoValue> => {
    const m = mapOf(new Map<string, GoValue>(), 'map[string]string');
    for (const [name, data] of files) m.set(baseName(name), encode(data as Uint8Array));
    return m;
  };
  const methods: GoFunction[] = [
    goFunc('GetBytes', ['string'], (name) => bytesOf(name as string), { result: '[]uint8' }),
    goFunc('Get', ['string'], (name) => goStringFromBytes(bytesOf(name as string)), { result: 'string' }),
    goFunc(
      'Glob',
      ['string'],
      (pattern) => {
        const matcher = globMatcher(pattern as string);
        const matched = new Map<string, GoValue>();
        for (const [name, data] of files) if (matcher.test(name)) matched.set(name, data);
        return filesValue(matched, toYaml);
      },
      { result: FILES_TYPE },
    ),
    goFunc('AsConfig', [], () => toYaml(byBaseName(goStringFromBytes)), { result: 'string' }),
    goFunc('AsSecrets', [], () => toYaml(byBaseName((data) => Buffer.from(data).toString('base64'))), { result: 'string' }),
    goFunc(
      'Lines',
      ['string'],
      (name) => {
        const data = files.get(name as string);
        if (!(data instanceof Uint8Array)) return sliceOf([], '[]string');
        // helm indexes the last byte without a length check: an empty file panics.
        if (data.length === 0) throw new GoError('runtime error: index out of range [-1]');
        let text = goStringFromBytes(data);
        if (text.endsWith('\n')) text = text.slice(0, -1);
        return sliceOf(text.split('\n'), '[]string');
      },
      { result: '[]string', returnsError: true },
    ),
  ];
  return withMethods(files, methods);
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
