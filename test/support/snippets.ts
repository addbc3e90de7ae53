// Template snippets rendered by helm 4.1.4 and by Capstan's whole pipeline (the `capstan template`
// command run in-process: chart loaded from the same kind of directory, values, engine, output), so
// every snippet case compares helm with Capstan end to end.
import { main } from '../../src/cli/main.js';
import { CliOutput } from '../../src/cli/output.js';
import { goStringBytes } from '../../src/gotemplate/gostring.js';
import { helm, normalizeHelmError, renderSnippetsWith, snippetArgs, type RunResult, type SnippetCase, type SnippetResult } from './helm.js';

// helm runs with TZ=UTC (helmEnv); the date functions of the in-process Capstan must see the same zone.
process.env.TZ = 'UTC';

let previous: Promise<unknown> = Promise.resolve();

/**
 * Runs the `capstan` command in this process (no build needed) and collects what it prints; `cwd`
 * is where relative paths in `args` are read from. Runs one at a time (each may change directory).
 */
export function capstanInProcess(args: string[], cwd?: string): Promise<RunResult> {
  const run = previous.then(async () => {
    const out = CliOutput.buffered();
    const home = process.cwd();
    if (cwd !== undefined) process.chdir(cwd);
    try {
      const code = await main(args, out);
      // What a process would print, read back as UTF-8 as helm's output is.
      return { code, stdout: asPrinted(out.out.join('')), stderr: asPrinted(out.err.join('')) };
    } finally {
      process.chdir(home);
    }
  });
  previous = run.catch(() => undefined);
  return run;
}

/** Text as a process prints it and a reader decodes it: bytes kept from invalid UTF-8 read back as U+FFFD. */
export function asPrinted(text: string): string {
  return Buffer.from(goStringBytes(text)).toString('utf8');
}

export interface SnippetPair {
  helm: SnippetResult;
  capstan: SnippetResult;
}

/**
 * Renders each snippet as its own template file of one chart, with helm and with Capstan; each
 * side reports the snippet's raw text or its whole error (helm 4's trace folded to Go's one line).
 * `isolated` renders each snippet alone (snippets that modify .Values).
 */
export async function renderSnippets(cases: SnippetCase[], values = '', isolated = false): Promise<Map<string, SnippetPair>> {
  const theirs = await renderSnippetsWith(cases, values, (dir) => helm(snippetArgs(dir)), normalizeHelmError, 2, isolated);
  const ours = await renderSnippetsWith(cases, values, (dir) => capstanInProcess(snippetArgs(dir)), normalizeHelmError, 1, isolated);
  return new Map(cases.map((c) => [c.name, { helm: theirs.get(c.name)!, capstan: ours.get(c.name)! }]));
}

export function sameResult(a: SnippetResult | undefined, b: SnippetResult | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One line per snippet whose Capstan result differs from helm's (skipping names in `unpredictable`). */
export function snippetMismatches(cases: SnippetCase[], results: Map<string, SnippetPair>, unpredictable: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const c of cases) {
    if (unpredictable.has(c.name)) continue;
    const r = results.get(c.name)!;
    if (!sameResult(r.helm, r.capstan)) out.push(`${c.name}: ${c.template}\n  helm:    ${JSON.stringify(r.helm)}\n  capstan: ${JSON.stringify(r.capstan)}`);
  }
  return out;
}
