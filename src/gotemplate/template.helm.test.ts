// Differential tests: every snippet of template.cases.ts rendered by helm 4.1.4 and by TemplateSet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CASES, VALUES, VALUES_YAML } from './template.cases.js';
import { capstanRender, comparable, helmRender } from './helm-oracle.testutil.js';

test('template snippets render as helm renders them', { timeout: 300_000 }, async () => {
  const cases = Object.entries(CASES).map(([name, t]): [string, string] => [name, `[${t}]`]);
  const [expected, actual] = [await helmRender(cases, VALUES_YAML), capstanRender(cases, VALUES)];
  const mismatches: string[] = [];
  for (const [name, template] of cases) {
    const want = comparable(expected.get(name));
    const got = comparable(actual.get(name));
    try {
      assert.deepEqual(got, want);
    } catch {
      mismatches.push(`${name}: ${template}\n  helm:    ${JSON.stringify(want)}\n  capstan: ${JSON.stringify(got)}`);
    }
  }
  assert.equal(mismatches.length, 0, `${mismatches.length} of ${cases.length} differ:\n${mismatches.join('\n')}`);
});
