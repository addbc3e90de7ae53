// The reference helm binaries as test oracles (provisioned by scripts/provision-helm.sh).
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export type HelmVersion = '4.1.4' | '3.17.3';

export function helmBinary(version: HelmVersion = '4.1.4'): string {
  const cache = process.env.CAPSTAN_CACHE ?? join(homedir(), '.cache', 'capstan');
  const bin = join(cache, 'helm', version, 'helm');
  if (!existsSync(bin)) throw new Error(`helm ${version} is not provisioned at ${bin}: run scripts/provision-helm.sh`);
  return bin;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without a shell; never rejects (the exit status is in the result). */
export function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { cwd: options.cwd, env: options.env ?? helmEnv(), maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** An environment for helm that cannot see the developer's kubeconfig, repositories or plugins. */
export function helmEnv(): NodeJS.ProcessEnv {
  const home = join(tmpdir(), 'capstan-helm-home');
  return {
    PATH: process.env.PATH,
    HOME: home,
    KUBECONFIG: join(home, 'no-kubeconfig'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    TZ: 'UTC',
  };
}

export function helm(args: string[], version: HelmVersion = '4.1.4', cwd?: string): Promise<RunResult> {
  return run(helmBinary(version), args, { cwd });
}

/** Files of a chart, by path relative to the chart's root. */
export type ChartFiles = Record<string, string | Uint8Array>;

export function writeChart(dir: string, files: ChartFiles): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** Creates a temporary chart directory; the caller removes it with removeTemp. */
export function tempChart(files: ChartFiles, name = 'fixture'): string {
  const root = mkdtempSync(join(tmpdir(), 'capstan-chart-'));
  const dir = join(root, name);
  writeChart(dir, { 'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`, ...files });
  return dir;
}

export function removeTemp(chartDir: string): void {
  rmSync(dirname(chartDir), { recursive: true, force: true });
}

export interface SnippetCase {
  /** Unique, usable as a file name. */
  name: string;
  template: string;
}

export type SnippetResult = { output: string } | { error: string };

/** Runs `template` on a snippet chart directory and returns the run (helm, or Capstan). */
export type SnippetRunner = (chartDir: string) => Promise<RunResult>;

/** The arguments every snippet render uses, on both sides. */
export function snippetArgs(chartDir: string): string[] {
  return ['template', 'rel', chartDir, '--namespace', 'ns1', '--debug'];
}

/**
 * Renders template snippets with helm, each as its own template file of one chart, and returns each
 * snippet's raw rendered text (not required to be YAML: `--debug` makes helm print it anyway) or,
 * when the snippet fails, helm's first error line. `values` is the chart's values.yaml text.
 */
export function helmRenderSnippets(cases: SnippetCase[], values = '', version: HelmVersion = '4.1.4'): Promise<Map<string, SnippetResult>> {
  return renderSnippetsWith(cases, values, (dir) => helm(snippetArgs(dir), version), firstErrorLine);
}

/**
 * Renders snippets in one chart with `runner`. When the batch fails as a whole, the error names the
 * failing snippet's file: that snippet gets the error and the others are rendered again without it
 * (an error naming no snippet splits the batch in halves instead). `errorText` turns the run's
 * stderr into the recorded error; at most `concurrency` runs are under way at a time. `isolated`
 * renders every snippet alone (for snippets that modify .Values, which the others would see).
 */
export async function renderSnippetsWith(
  cases: SnippetCase[],
  values: string,
  runner: SnippetRunner,
  errorText: (stderr: string) => string,
  concurrency = 2,
  isolated = false,
): Promise<Map<string, SnippetResult>> {
  const results = new Map<string, SnippetResult>();
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
  const renderPart = async (part: SnippetCase[]): Promise<void> => {
    if (part.length === 0) return;
    const batch = await slot(() => renderBatch(part));
    if ('rendered' in batch) {
      for (const [name, result] of batch.rendered) results.set(name, result);
      return;
    }
    const culprit = part.length === 1 ? part[0] : batch.failedFiles.size === 1 ? part.find((c) => batch.failedFiles.has(c.name)) : undefined;
    if (culprit) {
      results.set(culprit.name, { error: errorText(batch.stderr) });
      await renderPart(part.filter((c) => c !== culprit));
      return;
    }
    const half = Math.ceil(part.length / 2);
    await Promise.all([renderPart(part.slice(0, half)), renderPart(part.slice(half))]);
  };
  await Promise.all(isolated ? cases.map((c) => renderPart([c])) : [renderPart(cases)]);
  return results;

  async function renderBatch(batchCases: SnippetCase[]): Promise<{ rendered: Map<string, SnippetResult> } | { stderr: string; failedFiles: Set<string> }> {
    const files: ChartFiles = { 'values.yaml': values };
    for (const c of batchCases) files[`templates/${c.name}`] = c.template;
    const dir = tempChart(files, 'snip');
    try {
      const res = await runner(dir);
      const parsed = parseDebugOutput(res.stdout, 'snip/templates/');
      if (res.code !== 0 && parsed.size === 0) {
        const firstLine = res.stderr.split('\n').find((l) => l.startsWith('Error: ')) ?? '';
        return { stderr: res.stderr, failedFiles: new Set([...firstLine.matchAll(/snip\/templates\/([^:)\s"]+)/g)].map((m) => m[1])) };
      }
      const rendered = new Map<string, SnippetResult>();
      for (const c of batchCases) rendered.set(c.name, { output: parsed.get(c.name) ?? '' });
      return { rendered };
    } finally {
      removeTemp(dir);
    }
  }
}

/** Splits `helm template --debug` output into template path → content (without the trailing newline helm adds). */
export function parseDebugOutput(stdout: string, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  const marker = /^---\n# Source: (.*)\n/gm;
  const heads = [...stdout.matchAll(marker)];
  heads.forEach((m, i) => {
    const start = m.index! + m[0].length;
    const end = i + 1 < heads.length ? heads[i + 1].index! : stdout.length;
    let body = stdout.slice(start, end);
    if (body.endsWith('\n')) body = body.slice(0, -1);
    const path = m[1];
    if (path.startsWith(prefix)) out.set(path.slice(prefix.length), body);
  });
  return out;
}

/** The first line of helm's error output, without the `Error: ` prefix and debug log lines. */
export function firstErrorLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.startsWith('Error: ')) ?? stderr.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.replace(/^Error: /, '');
}

/**
 * The whole error of a `template` run as one line: log lines dropped, and helm 4's several-line
 * execution trace folded back into Go's one-line text (`template: FILE:L:C: executing "..." at <...>: ...`).
 */
export function normalizeHelmError(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l !== '' && !l.startsWith('level=') && !l.startsWith('Use --debug'));
  let text = lines.join('\n').replace(/^Error: /, '');
  text = text.replace(/(^|\n)(\S[^\n]*:\d+:\d+)\n {2}executing "((?:[^"\\]|\\.)*)" at <([^\n]*)>:\n {4}/g, '$1template: $2: executing "$3" at <$4>: ');
  return text.replace(/:\n(?=template: )/g, ': ');
}

/** Helm's cleanupParseError applied to a Go parse error text. */
export function helmParseError(goText: string): string {
  const tokens = goText.split(': ');
  return `parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`;
}

/** A Go string literal for a template (JSON escapes are valid Go escapes for these inputs). */
export function quote(s: string): string {
  return JSON.stringify(s);
}
