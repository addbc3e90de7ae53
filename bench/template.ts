// Benchmark: `capstan template` against `helm template` (4.1.4) over the corpus, in one run.
// Prints, per chart and overall, the median whole-process time of each and their ratio, and the
// in-process render time of a warm engine (chart already loaded) over helm's whole process.
// Usage: npm run bench [-- --runs N] [-- --only SUBSTRING]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { helm } from '../test/support/helm.js';
import { capstan, CORPUS_DIR } from '../test/support/capstan.js';
import type { Chart } from '../src/chart/chart.js';
import { loadChart } from '../src/chart/load.js';
import { TemplateAction } from '../src/action/template.js';

const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1] || 5);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : '';
const ARGS = ['--namespace', 'ns1'];

const charts = readdirSync(CORPUS_DIR)
  .filter((d) => statSync(join(CORPUS_DIR, d)).isDirectory() && d.includes(only))
  .sort();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function wallTime(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** The chart tree as text: metadata, values and dependencies of every chart. */
function chartSnapshot(chart: Chart): string {
  const replacer = (_key: string, v: unknown): unknown =>
    v instanceof Map ? Object.fromEntries(v) : v instanceof Uint8Array ? v.length : typeof v === 'bigint' ? String(v) : v;
  const tree = (c: Chart): unknown => ({ metadata: c.metadata, values: c.values, dependencies: c.dependencies.map(tree) });
  return JSON.stringify(tree(chart), replacer);
}

async function inProcessMedian(dir: string): Promise<number> {
  const chart = await loadChart(dir);
  const action = new TemplateAction({ releaseName: 'rel', namespace: 'ns1' });
  const render = () => action.render(chart, new Map()).catch(() => undefined);
  // A warm render must not depend on an earlier one: the action must leave the loaded chart as it
  // was (outputs cannot be compared, as some charts render random values).
  const before = chartSnapshot(chart);
  for (let i = 0; i < 3; i++) await render(); // warm up the JIT and caches
  if (chartSnapshot(chart) !== before) throw new Error(`${dir}: rendering modified the loaded chart`);
  const times: number[] = [];
  for (let i = 0; i < Math.max(runs, 10); i++) times.push(await wallTime(render));
  return median(times);
}

const rows: { chart: string; helm: number; capstan: number; inProcess: number }[] = [];
console.log(`chart\thelm ms\tcapstan ms\tratio\tin-process ms\tspeed-up`);
for (const chart of charts) {
  const dir = join(CORPUS_DIR, chart);
  const helmTimes: number[] = [];
  const capstanTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Interleaved, so that machine noise falls on both alike.
    helmTimes.push(await wallTime(() => helm(['template', 'rel', dir, ...ARGS])));
    capstanTimes.push(await wallTime(() => capstan(['template', 'rel', dir, ...ARGS])));
  }
  const row = { chart, helm: median(helmTimes), capstan: median(capstanTimes), inProcess: await inProcessMedian(dir) };
  rows.push(row);
  console.log(`${chart}\t${row.helm.toFixed(1)}\t${row.capstan.toFixed(1)}\t${(row.capstan / row.helm).toFixed(2)}\t${row.inProcess.toFixed(2)}\t${(row.helm / row.inProcess).toFixed(1)}x`);
}
const total = (k: 'helm' | 'capstan' | 'inProcess') => rows.reduce((s, r) => s + r[k], 0);
console.log(
  `overall (${rows.length} charts, ${runs} runs each): whole-process capstan/helm = ${(total('capstan') / total('helm')).toFixed(2)} ` +
    `(median of per-chart ratios ${median(rows.map((r) => r.capstan / r.helm)).toFixed(2)}); ` +
    `in-process warm render is ${(total('helm') / total('inProcess')).toFixed(1)}x faster than helm's whole process ` +
    `(median per chart ${median(rows.map((r) => r.helm / r.inProcess)).toFixed(1)}x)`,
);
