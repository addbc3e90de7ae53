// Differential checks of the template function families: each snippet is rendered by helm 4.1.4 and
// by Capstan's whole pipeline (compared with each other), and the function the snippet calls is
// also called directly with already-typed arguments and compared with helm's text.
import assert from 'node:assert/strict';
import { formatValue } from '../../src/gotemplate/fmt.js';
import { GoInt, GoObject, type GoFunction, type GoValue } from '../../src/gotemplate/value.js';
import type { SnippetResult } from './helm.js';

export { quote } from './helm.js';
import { asPrinted, renderSnippets, snippetMismatches } from './snippets.js';

export interface FuncCase {
  /** The snippet helm renders, e.g. `{{ trunc 3 "abcdef" }}`. */
  template: string;
  /** The function the snippet calls and the arguments the executor would pass it. */
  fn: string;
  args: GoValue[];
}

/** What a template prints for a function's result: nil prints `<no value>`, which helm then deletes. */
function printed(v: GoValue): string {
  return v === null ? '' : asPrinted(formatValue(v).replaceAll('<no value>', ''));
}

/**
 * Renders every case with helm and with Capstan, and compares both with a direct call of the function.
 * `isolated` renders each case alone: for functions that modify their arguments (.Values), whose
 * effect the other cases of a batch would see but a direct call would not.
 */
export async function checkAgainstHelm(cases: FuncCase[], funcs: GoFunction[], valuesYaml = '', isolated = false): Promise<void> {
  const byName = new Map(funcs.map((f) => [f.name, f]));
  // Markers around each snippet keep its leading and trailing whitespace through helm's output.
  const snippets = cases.map((c, i) => ({ name: `c${i}`, template: `>${c.template}<` }));
  const results = await renderSnippets(snippets, valuesYaml, isolated);
  const failures = snippetMismatches(snippets, results);
  cases.forEach((c, i) => {
    const raw = results.get(`c${i}`)!.helm;
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
      if (!('output' in actual) || actual.output !== expected.output) failures.push(`direct call ${c.template}\n  helm: ${JSON.stringify(expected.output)}\n  ours: ${JSON.stringify(actual)}`);
    } else if (!('error' in actual) || !expected.error.endsWith(actual.error)) {
      failures.push(`direct call ${c.template}\n  helm: ${expected.error}\n  ours: ${JSON.stringify(actual)}`);
    }
  });
  assert.deepEqual(failures, []);
}

/** Helm's result of each template, with Capstan's beside it. */
export type Outputs = Map<string, SnippetResult> & { capstan: Map<string, SnippetResult> };

/**
 * Renders each named template with helm 4.1.4 and with Capstan (every snippet its own template
 * file) and asserts that Capstan renders each exactly as helm does, except the templates named in
 * `unpredictable` (random or clock-dependent output, which the caller checks by shape).
 */
export async function helmOutputs(templates: Record<string, string>, values = '', unpredictable: string[] = []): Promise<Outputs> {
  const cases = Object.entries(templates).map(([name, template]) => ({ name, template }));
  const results = await renderSnippets(cases, values);
  assert.deepEqual(snippetMismatches(cases, results, new Set(unpredictable)), [], 'capstan template differs from helm template');
  const helm = new Map([...results].map(([name, r]) => [name, r.helm]));
  const capstan = new Map([...results].map(([name, r]) => [name, r.capstan]));
  return Object.assign(helm, { capstan });
}

export type Outcome = { output: string } | { error: string };

/** The text of a scalar result as `{{ }}` prints it (strings, bools, ints and Stringers only). */
export function show(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || v instanceof GoInt) return String(v);
  if (v instanceof GoObject) {
    const s = v.goString();
    if (s !== undefined) return s;
  }
  throw new Error(`show: unsupported value ${String(v)}`);
}

/** Calls a function from a family by name; a thrown error becomes `{error: message}`. */
export function callFunc(funcs: readonly GoFunction[], name: string, ...args: GoValue[]): Outcome {
  const f = funcs.find((fn) => fn.name === name);
  if (!f) throw new Error(`no function ${name}`);
  try {
    return { output: show(f.call(...args)) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The function's own message inside helm's `... error calling NAME: MESSAGE` line. */
export function helmFunctionError(result: SnippetResult | undefined, name: string): string | undefined {
  if (!result || !('error' in result)) return undefined;
  const marker = `error calling ${name}: `;
  const i = result.error.indexOf(marker);
  return i < 0 ? result.error : result.error.slice(i + marker.length);
}
