// Differential test tables for the function families: each case is a template snippet that helm
// renders, plus the function and already-typed arguments the snippet calls, so the family can be
// checked directly against helm before the template executor exists.
import assert from 'node:assert/strict';
import { formatValue } from '../gotemplate/fmt.js';
import type { GoFunction, GoValue } from '../gotemplate/value.js';
import { helmRenderSnippets } from '../../test/support/helm.js';

export interface FuncCase {
  /** The snippet helm renders, e.g. `{{ trunc 3 "abcdef" }}`. */
  template: string;
  /** The function the snippet calls and the arguments the executor would pass it. */
  fn: string;
  args: GoValue[];
}

/** What a template prints for a function's result: nil prints `<no value>`, which helm then deletes. */
function printed(v: GoValue): string {
  return v === null ? '' : formatValue(v).replaceAll('<no value>', '');
}

/** Renders every case with helm and compares it with a direct call of the function. */
export async function checkAgainstHelm(cases: FuncCase[], funcs: GoFunction[], valuesYaml = ''): Promise<void> {
  const byName = new Map(funcs.map((f) => [f.name, f]));
  // Markers around each snippet keep its leading and trailing whitespace through helm's output.
  const snippets = cases.map((c, i) => ({ name: `c${i}`, template: `>${c.template}<` }));
  const helmResults = await helmRenderSnippets(snippets, valuesYaml);
  const failures: string[] = [];
  cases.forEach((c, i) => {
    const raw = helmResults.get(`c${i}`)!;
    const expected = 'output' in raw ? { output: raw.output.slice(1, -1) } : raw;
    const fn = byName.get(c.fn);
    if (!fn) {
      failures.push(`${c.template}: no function ${c.fn}`);
      return;
    }
    let actual: { output: string } | { error: string };
    try {
      actual = { output: printed(fn.call(...c.args)) };
    } catch (e) {
      actual = { error: `error calling ${c.fn}: ${(e as Error).message}` };
    }
    if ('output' in expected) {
      if (!('output' in actual) || actual.output !== expected.output) failures.push(`${c.template}\n  helm: ${JSON.stringify(expected.output)}\n  ours: ${JSON.stringify(actual)}`);
    } else if (!('error' in actual) || !expected.error.endsWith(actual.error)) {
      failures.push(`${c.template}\n  helm: ${expected.error}\n  ours: ${JSON.stringify(actual)}`);
    }
  });
  assert.deepEqual(failures, []);
}
