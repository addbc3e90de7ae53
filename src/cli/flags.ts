// Flag value parsers with pflag's semantics, so that `capstan` accepts what `helm` accepts.
import { parseDuration } from '../funcs/gotime.js';

/** pflag `stringArray`: every occurrence is one value, commas included. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** pflag `strings` (StringSlice): every occurrence is a CSV record, so `-f a.yaml,b.yaml` is two files. */
export function collectCsv(value: string, previous: string[] = []): string[] {
  return [...previous, ...parseCsvRecord(value)];
}

/** pflag `stringToString`: `k1=v1,k2=v2`, repeatable. */
export function collectKeyValues(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const out = { ...previous };
  for (const pair of parseCsvRecord(value)) {
    const eq = pair.indexOf('=');
    if (eq < 0) throw new Error(`invalid argument "${value}": ${pair} must be formatted as key=value`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** pflag `duration`: Go's time.ParseDuration, in milliseconds. */
export function durationFlagMs(flag: string, text: string): number {
  try {
    return Number(parseDuration(text) / 1_000_000n);
  } catch (err) {
    throw new Error(`invalid argument "${text}" for "${flag}" flag: ${(err as Error).message}`, { cause: err });
  }
}

/** A whole-number flag that may be absent. */
export function optionalIntegerFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`invalid ${flag} ${text}`);
  return value;
}

/** One record of Go's encoding/csv: fields separated by commas, `"..."` quoting with `""` for a quote. */
export function parseCsvRecord(line: string): string[] {
  if (line === '') return [];
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let field = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`invalid argument "${line}": parse error: extraneous or missing " in quoted-field`);
        field += line.slice(i, q);
        if (line[q + 1] === '"') {
          field += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(field);
      if (i < line.length && line[i] !== ',') throw new Error(`invalid argument "${line}": parse error: extraneous or missing " in quoted-field`);
      i++;
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}
