// Differential tests: every snippet of template.cases.ts rendered by helm 4.1.4, by Capstan's whole
// pipeline and by TemplateSet alone (the language layer without the engine).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CASES, VALUES, VALUES_YAML } from '../cases/template.cases.js';
import { renderSnippets } from '../../support/snippets.js';
import { comparable, templateSetRender } from '../../support/template-set.js';

test('template snippets render as helm renders them', { timeout: 300_000 }, async () => {
  const cases = Object.entries(CASES).map(([name, t]): [string, string] => [name, `[${t}]`]);
  const rendered = await renderSnippets(cases.map(([name, template]) => ({ name, template })), VALUES_YAML);
  const actual = templateSetRender(cases, VALUES);
  const mismatches: string[] = [];
  for (const [name, template] of cases) {
    const want = comparable(rendered.get(name)!.helm);
    const got = comparable(actual.get(name));
    const pipeline = comparable(rendered.get(name)!.capstan);
    try {
      assert.deepEqual(pipeline, want);
      assert.deepEqual(got, want);
    } catch {
      mismatches.push(`${name}: ${template}\n  helm:        ${JSON.stringify(want)}\n  capstan:     ${JSON.stringify(pipeline)}\n  TemplateSet: ${JSON.stringify(got)}`);
    }
  }
  assert.equal(mismatches.length, 0, `${mismatches.length} of ${cases.length} differ:\n${mismatches.join('\n')}`);
});
