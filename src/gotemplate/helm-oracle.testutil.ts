// Renders template snippets with helm 4.1.4 and renders the same snippets with TemplateSet, so
// tests can compare outputs and Go error texts (helm's own rewriting of errors undone).
import { helm, parseDebugOutput, removeTemp, tempChart, type ChartFiles } from '../../test/support/helm.js';
import { ExecError, TemplateSet } from './index.js';
import { GoError, type GoFunction, type GoValue } from './value.js';

export type Outcome = { output: string } | { error: string };

const PREFIX = 'snip/templates/';

/** Helm 4 prints an exec error over several lines; this restores Go's one-line text. */
export function normalizeHelmError(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l !== '' && !l.startsWith('level=') && !l.startsWith('Use --debug'));
  let text = lines.join('\n').replace(/^Error: /, '');
  text = text.replace(/(^|\n)(\S[^\n]*:\d+:\d+)\n {2}executing "((?:[^"\\]|\\.)*)" at <([^\n]*)>:\n {4}/g, '$1template: $2: executing "$3" at <$4>: ');
  return text.replace(/:\n(?=template: )/g, ': ');
}

/** Helm's cleanupParseError applied to a Go parse error. */
export function helmParseError(goText: string): string {
  const tokens = goText.split(': ');
  return `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
}

async function renderOnce(cases: [string, string][], values: string): Promise<Map<string, Outcome> | undefined> {
  const files: ChartFiles = { 'values.yaml': values };
  for (const [name, template] of cases) files[`templates/${name}`] = template;
  const dir = tempChart(files, 'snip');
  try {
    const res = await helm(['template', 'rel', dir, '--debug']);
    const parsed = parseDebugOutput(res.stdout, PREFIX);
    if (res.code !== 0 && parsed.size === 0) {
      return cases.length === 1 ? new Map([[cases[0][0], { error: normalizeHelmError(res.stderr) }]]) : undefined;
    }
    return new Map(cases.map(([name]) => [name, { output: parsed.get(name) ?? '' }]));
  } finally {
    removeTemp(dir);
  }
}

/** Renders each snippet as its own template file of one chart; failing snippets are rendered alone. */
export async function helmRender(cases: [string, string][], values: string): Promise<Map<string, Outcome>> {
  const batch = await renderOnce(cases, values);
  if (batch) return batch;
  const results = new Map<string, Outcome>();
  const pending = [...cases];
  const worker = async (): Promise<void> => {
    for (let c = pending.shift(); c; c = pending.shift()) {
      const one = await renderOnce([c], values);
      results.set(c[0], one!.get(c[0])!);
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  return results;
}

/**
 * Renders each snippet as helm would see it: all parsed into one set under `snip/templates/NAME`
 * (missingkey=zero), executed with `{Values: values}`, `<no value>` deleted. Errors are given in
 * the form helm prints them (parse errors rewritten, exec errors as Go's text).
 */
export function capstanRender(cases: [string, string][], values: GoValue, funcs: ReadonlyMap<string, GoFunction> = new Map()): Map<string, Outcome> {
  const data = new Map<string, GoValue>([['Values', values]]);
  const results = new Map<string, Outcome>();
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
export function comparable(o: Outcome | undefined): Outcome | undefined {
  if (o === undefined || 'error' in o) return o;
  return { output: o.output.trim() };
}
