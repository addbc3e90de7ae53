// The Go template layer alone (TemplateSet, no engine): renders snippets as helm's engine would set
// them up, so tests can check the language layer against helm besides the whole pipeline.
import { ExecError, TemplateSet } from '../../src/gotemplate/index.js';
import { GoError, type GoFunction, type GoValue } from '../../src/gotemplate/value.js';
import { helmParseError, type SnippetResult } from './helm.js';

const PREFIX = 'snip/templates/';

/**
 * Renders each snippet as helm would see it: all parsed into one set under `snip/templates/NAME`
 * (missingkey=zero), executed with `{Values: values}`, `<no value>` deleted. Errors are given in
 * the form helm prints them (parse errors rewritten, exec errors as Go's text).
 */
export function templateSetRender(cases: [string, string][], values: GoValue, funcs: ReadonlyMap<string, GoFunction> = new Map()): Map<string, SnippetResult> {
  const data = new Map<string, GoValue>([['Values', values]]);
  const results = new Map<string, SnippetResult>();
  for (const [name, template] of cases) {
    const set = new TemplateSet(funcs, { missingKey: 'zero' });
    try {
      set.parse(PREFIX + name, template);
      results.set(name, { output: set.execute(PREFIX + name, data).replaceAll('<no value>', '') });
    } catch (e) {
      if (e instanceof ExecError) results.set(name, { error: e.message });
      else if (e instanceof GoError) results.set(name, { error: helmParseError(e.message) });
      else throw e;
    }
  }
  return results;
}

/** Helm trims each rendered file (and drops empty ones); snippets are bracketed to keep their edges. */
export function comparable(o: SnippetResult | undefined): SnippetResult | undefined {
  if (o === undefined || 'error' in o) return o;
  return { output: o.output.trim() };
}
