// Comparison of `helm template` output with Capstan's, as the conformance suites judge it.
import { parseAllDocuments } from 'yaml';
import { isDeepStrictEqual } from 'node:util';

export type Verdict =
  | { kind: 'identical' }
  | { kind: 'semantic' }
  | { kind: 'refused-alike'; error: string }
  | { kind: 'different'; detail: string };

export interface Rendering {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Judges Capstan's rendering against two runs of helm. Lines that differ between the two helm runs
 * (random passwords, generated certificates) are masked in all three outputs before comparison.
 */
export function judge(helm1: Rendering, helm2: Rendering, capstan: Rendering): Verdict {
  if (helm1.code !== 0) {
    const want = firstErrorLine(helm1.stderr);
    if (capstan.code === 0) return { kind: 'different', detail: `helm refused (${want}) but capstan rendered` };
    const got = firstErrorLine(capstan.stderr);
    return got === want ? { kind: 'refused-alike', error: want } : { kind: 'different', detail: `error differs:\n  helm:    ${want}\n  capstan: ${got}` };
  }
  if (capstan.code !== 0) return { kind: 'different', detail: `capstan refused: ${firstErrorLine(capstan.stderr)}` };
  const masked = maskedLines(helm1.stdout, helm2.stdout);
  const want = helm1.stdout.split('\n');
  const got = capstan.stdout.split('\n');
  if (want.length === got.length && want.every((line, i) => masked.has(i) || line === got[i])) return { kind: 'identical' };
  if (sameDocuments(helm1.stdout, capstan.stdout, masked)) return { kind: 'semantic' };
  return { kind: 'different', detail: firstDifference(want, got, masked) };
}

/** Indexes of lines that differ between two runs of the same rendering. */
export function maskedLines(a: string, b: string): Set<number> {
  const la = a.split('\n');
  const lb = b.split('\n');
  const masked = new Set<number>();
  if (la.length !== lb.length) throw new Error('two helm runs differ in line count: cannot mask random lines by position');
  la.forEach((line, i) => line !== lb[i] && masked.add(i));
  return masked;
}

function sameDocuments(helmOut: string, capstanOut: string, masked: Set<number>): boolean {
  const want = helmOut.split('\n');
  const got = capstanOut.split('\n');
  if (masked.size > 0 && want.length === got.length) for (const i of masked) got[i] = want[i];
  try {
    const parse = (text: string) => parseAllDocuments(text, { version: '1.1' }).map((d) => d.toJS());
    return isDeepStrictEqual(parse(want.join('\n')), parse(got.join('\n')));
  } catch {
    return false;
  }
}

function firstDifference(want: string[], got: string[], masked: Set<number>): string {
  const n = Math.max(want.length, got.length);
  for (let i = 0; i < n; i++) {
    if (!masked.has(i) && want[i] !== got[i]) {
      return `first difference at line ${i + 1} (helm ${want.length} lines, capstan ${got.length}):\n  helm:    ${JSON.stringify(want[i])}\n  capstan: ${JSON.stringify(got[i])}`;
    }
  }
  return 'outputs differ';
}

export function firstErrorLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.startsWith('Error: ')) ?? '';
  return line.replace(/^Error: /, '');
}
