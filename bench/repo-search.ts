// `search repo` over a 20,000-entry index, and loading that index: Capstan (in process, cold parse of
// index.yaml by the fast index reader, the general YAML reader for reference, and warm load of the
// compact cache) against helm's whole process. Time and peak memory.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SearchRepo } from '../src/action/search.js';
import { newEntry, RepoFile } from '../src/repo/config.js';
import { loadCachedIndex } from '../src/repo/repository.js';
import { parseYaml } from '../src/yaml/read.js';
import { helmBinary, run } from '../test/support/helm.js';

const ENTRIES = 20_000;
const root = mkdtempSync(join(tmpdir(), 'capstan-bench-repo-'));
const cache = join(root, 'cache');
const config = join(root, 'repositories.yaml');

function generateIndex(): string {
  const lines = ['apiVersion: v1', 'entries:'];
  const charts = ENTRIES / 10;
  for (let c = 0; c < charts; c++) {
    lines.push(`  chart-${c}:`);
    for (let v = 9; v >= 0; v--) {
      lines.push(
        `  - apiVersion: v2`,
        `    appVersion: "${v}.${c % 7}"`,
        `    created: "2024-01-0${(v % 9) + 1}T00:00:00Z"`,
        `    description: Chart number ${c} for ${c % 3 === 0 ? 'web' : 'data'} workloads, version ${v}`,
        `    digest: ${'ab'.repeat(31)}a${v}`,
        `    keywords: [k${c % 50}, ${c % 2 ? 'nginx' : 'postgres'}]`,
        `    name: chart-${c}`,
        `    urls: [charts/chart-${c}-1.${v}.0.tgz]`,
        `    version: 1.${v}.0`,
      );
    }
  }
  lines.push('generated: "2024-01-01T00:00:00Z"');
  return lines.join('\n') + '\n';
}

async function measureCapstan(label: string, fn: () => Promise<unknown>): Promise<void> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(`capstan ${label.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms  +${((peak - base) / 1048576).toFixed(0)} MiB rss`);
}

async function measureHelm(label: string, args: string[]): Promise<void> {
  const t0 = performance.now();
  const r = await run('/usr/bin/time', ['-f', '%M', helmBinary(), ...args]);
  const ms = performance.now() - t0;
  const kib = Number(r.stderr.trim().split('\n').pop());
  console.log(`helm    ${label.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms  ${(kib / 1024).toFixed(0)} MiB peak rss (whole process)`);
}

const text = generateIndex();
writeFileSync(join(root, 'idx.yaml'), text);
const file = new RepoFile();
file.update(newEntry({ name: 'big', url: 'http://127.0.0.1:1' }));
await file.write(config);
const { mkdirSync } = await import('node:fs');
mkdirSync(cache, { recursive: true });
writeFileSync(join(cache, 'big-index.yaml'), text);
console.log(`index: ${ENTRIES} entries, ${(text.length / 1048576).toFixed(1)} MiB`);
const paths = { repositoryConfig: config, repositoryCache: cache, contentCache: join(root, 'content') };
// For reference: the general YAML reader, which the index reader falls back to outside its subset.
await measureCapstan('parse (general YAML reader)', async () => parseYaml(text));
await measureCapstan('load index (cold, YAML)', () => loadCachedIndex(cache, 'big'));
await measureCapstan('load index (compact cache)', () => loadCachedIndex(cache, 'big'));
await measureCapstan('search repo web', () => new SearchRepo({ paths }).run(['web']));
await measureCapstan('search repo -l -r "chart-1.*"', () => new SearchRepo({ paths }).run(['chart-1.*'], { regexp: true, versions: true }));
const helmFlags = ['--repository-config', config, '--repository-cache', cache];
await measureHelm('search repo web', ['search', 'repo', 'web', ...helmFlags]);
await measureHelm('search repo -l -r "chart-1.*"', ['search', 'repo', '-l', '-r', 'chart-1.*', ...helmFlags]);
await measureHelm('show chart (loads the index)', ['show', 'chart', 'big/chart-1', ...helmFlags]);
rmSync(root, { recursive: true, force: true });
