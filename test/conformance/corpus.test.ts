// Differential suite over the shared corpus: every chart through helm 4.1.4 (twice, to mask random
// lines) and through the `capstan` command, compared byte for byte.
//
// corpus-pending.txt lists charts that do not yet match, each an open defect named in the issue
// notes. The suite fails when a chart outside that list differs, and also when a listed chart now
// matches, so the list can only shrink and never hides a regression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { helm } from '../support/helm.js';
import { capstan, CORPUS_DIR, mapLimit } from '../support/capstan.js';
import { judge, type Verdict } from './compare.js';

const charts = readdirSync(CORPUS_DIR)
  .filter((d) => statSync(join(CORPUS_DIR, d)).isDirectory())
  .sort();
const pending = new Set(
  readFileSync(new URL('./corpus-pending.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean),
);
const ARGS = ['--namespace', 'ns1'];

test('corpus charts render as helm 4.1.4 renders them', async (t) => {
  const verdicts = await mapLimit(charts, 2, async (chart) => {
    const dir = join(CORPUS_DIR, chart);
    const h1 = await helm(['template', 'rel', dir, ...ARGS]);
    const h2 = await helm(['template', 'rel', dir, ...ARGS]);
    const c = await capstan(['template', 'rel', dir, ...ARGS]);
    return [chart, judge(h1, h2, c)] as [string, Verdict];
  });

  const counts = { identical: 0, semantic: 0, 'refused-alike': 0, different: 0 };
  for (const [chart, verdict] of verdicts) {
    counts[verdict.kind]++;
    await t.test(chart, () => {
      const ok = verdict.kind !== 'different';
      if (pending.has(chart)) {
        assert.ok(!ok, `${chart} now matches helm: remove it from test/conformance/corpus-pending.txt`);
      } else {
        assert.ok(ok, verdict.kind === 'different' ? verdict.detail : '');
      }
    });
  }
  t.diagnostic(
    `corpus: ${charts.length} charts: ${counts.identical} identical, ${counts.semantic} semantically equal, ` +
      `${counts['refused-alike']} refused with helm's error, ${counts.different} different (${pending.size} pending)`,
  );
  assert.ok(counts.semantic <= 1, `at most one chart may be only semantically equal, got ${counts.semantic}`);
});
