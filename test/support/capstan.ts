// Runs the built `capstan` command as a user would (bin/capstan over dist/), for differential tests.
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { helmEnv, run, type RunResult } from './helm.js';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPUS_DIR = process.env.CAPSTAN_CORPUS ?? resolve(PROJECT_ROOT, '..', 'shared', 'corpus');

export function capstan(args: string[], cwd?: string): Promise<RunResult> {
  return run(join(PROJECT_ROOT, 'bin', 'capstan'), args, { cwd, env: helmEnv() });
}

/** Runs tasks with at most `limit` in flight (the machine has two cores). */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}
