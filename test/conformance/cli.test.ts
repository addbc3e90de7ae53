// `capstan template` against `helm template`, run as a user runs them: fixture charts (charts/) and
// flags, stdout compared byte for byte, or the first error line and the exit status when helm refuses.
// Needs `npm run build` (bin/capstan runs dist/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { firstErrorLine, helm, type RunResult } from '../support/helm.js';
import { capstan, mapLimit, PROJECT_ROOT } from '../support/capstan.js';
import { buildTgz, type TarEntry } from '../support/archives.js';

const CHARTS = 'test/conformance/charts';
const FULL = `${CHARTS}/full`;
const VALUES = `${CHARTS}/values`;

interface CliCase {
  /** What the case checks. */
  label: string;
  /** Arguments after `template`; `{out}` stands for a fresh directory (one per side). */
  args: string[];
  /** Text that legitimately differs between two runs (a generated name), replaced before comparing. */
  mask?: RegExp;
}

const CASES: CliCase[] = [
  // Engine rules: .Release, .Chart, .Capabilities, .Files, .Template, .Subcharts, include, tpl,
  // required, <no value> removal, sort by kind, hooks, NOTES.txt left out, subchart values and globals.
  { label: 'engine rules, default flags', args: ['rel', FULL] },
  { label: '--namespace', args: ['rel', FULL, '--namespace', 'ns1'] },
  { label: '-n and HELM-style release name with dots', args: ['my.rel-1', FULL, '-n', 'other'] },
  { label: '-f, two files, later wins', args: ['rel', FULL, '-f', `${VALUES}/good.yaml`, '--values', `${VALUES}/more.yaml`] },
  { label: '-f with a comma-separated list', args: ['rel', FULL, '-f', `${VALUES}/good.yaml,${VALUES}/more.yaml`] },
  { label: '--set, --set-string, --set-json, --set-literal, --set-file', args: ['rel', FULL, '--set', 'replicas=5,labels.x=1', '--set-string', 'labels.y=007', '--set-json', 'items=["z","y"]', '--set-literal', 'name=a,b', '--set-file', `labels.file=${VALUES}/text.txt`] },
  { label: '--set disables a subchart', args: ['rel', FULL, '--set', 'sub.enabled=false'] },
  { label: '--set reaches a subchart and the globals', args: ['rel', FULL, '--set', 'sub.color=pink,global.region=us'] },
  { label: '--show-only one template', args: ['rel', FULL, '--show-only', 'templates/kinds.yaml'] },
  { label: '--show-only subchart template and glob, in pattern order', args: ['rel', FULL, '-s', 'charts/sub/templates/cm.yaml', '-s', 'templates/h*.yaml'] },
  { label: '--include-crds', args: ['rel', FULL, '--include-crds'] },
  { label: '--include-crds with --skip-crds', args: ['rel', FULL, '--include-crds', '--skip-crds'] },
  { label: '--skip-crds alone', args: ['rel', FULL, '--skip-crds'] },
  { label: '--no-hooks', args: ['rel', FULL, '--no-hooks'] },
  { label: '--skip-tests', args: ['rel', FULL, '--skip-tests'] },
  { label: '--kube-version', args: ['rel', FULL, '--kube-version', '1.29.3'] },
  { label: '--kube-version with v prefix', args: ['rel', FULL, '--kube-version', 'v1.31'] },
  { label: '--api-versions, repeated and comma-separated', args: ['rel', FULL, '--api-versions', 'example.com/v1', '-a', 'example.com/v1/Widget,foo/v2'] },
  { label: '--is-upgrade', args: ['rel', FULL, '--is-upgrade'] },
  { label: '--render-subchart-notes', args: ['rel', FULL, '--render-subchart-notes'] },
  { label: '--description', args: ['rel', FULL, '--description', 'a custom description'] },
  { label: '--output-dir', args: ['rel', FULL, '--include-crds', '--output-dir', '{out}'] },
  { label: '--output-dir with --release-name', args: ['rel', FULL, '--output-dir', '{out}', '--release-name'] },
  { label: '--generate-name', args: [FULL, '--generate-name'], mask: /full-\d+/g },
  { label: '-g', args: [FULL, '-g', '-n', 'ns1'], mask: /full-\d+/g },
  // Failures: helm's first error line and exit status.
  { label: 'malformed Chart.yaml', args: ['rel', `${CHARTS}/bad-chart-yaml`] },
  { label: 'bad values file', args: ['rel', FULL, '-f', `${VALUES}/bad.yaml`] },
  { label: 'missing values file', args: ['rel', FULL, '-f', `${VALUES}/none.yaml`] },
  { label: 'bad --set', args: ['rel', FULL, '--set', 'a[x]=1'] },
  { label: 'bad --set-json', args: ['rel', FULL, '--set-json', 'a={'] },
  { label: 'schema failure', args: ['rel', FULL, '-f', `${VALUES}/schema-fail.yaml`] },
  { label: 'schema failure skipped', args: ['rel', FULL, '-f', `${VALUES}/schema-fail.yaml`, '--skip-schema-validation'] },
  { label: 'kubeVersion constraint not met', args: ['rel', FULL, '--kube-version', '1.19.0'] },
  { label: 'invalid --kube-version', args: ['rel', FULL, '--kube-version', 'banana'] },
  { label: 'template parse error', args: ['rel', `${CHARTS}/parse-error`] },
  { label: 'required fails', args: ['rel', `${CHARTS}/fail`] },
  { label: 'required satisfied', args: ['rel', `${CHARTS}/fail`, '--set', 'name=x'] },
  { label: 'fail', args: ['rel', `${CHARTS}/fail`, '--set', 'name=x,boom=bang'] },
  { label: '--show-only of a missing template', args: ['rel', FULL, '--show-only', 'templates/none.yaml'] },
  { label: 'missing chart path', args: ['rel', `${CHARTS}/does-not-exist`] },
  { label: 'invalid release name', args: ['Bad_Name', FULL] },
  { label: 'release name too long', args: ['a'.repeat(54), FULL] },
  { label: 'too many arguments', args: ['rel', FULL, 'extra'] },
  { label: '--generate-name with a name', args: ['rel', FULL, '--generate-name'] },
];

interface Outcome {
  code: number;
  stdout: string;
  error: string;
  files: Record<string, string>;
}

/** Runs one side; `{out}` becomes a fresh directory whose files are collected, then removed. */
async function runSide(run: (args: string[]) => Promise<RunResult>, c: CliCase): Promise<Outcome> {
  const out = c.args.includes('{out}') ? mkdtempSync(join(tmpdir(), 'capstan-cli-out-')) : undefined;
  try {
    const res = await run(['template', ...c.args.map((a) => (a === '{out}' ? out! : a))]);
    let stdout = out === undefined ? res.stdout : res.stdout.replaceAll(out, '{out}');
    let error = res.code === 0 ? '' : firstErrorLine(res.stderr);
    if (c.mask) {
      stdout = stdout.replace(c.mask, '{masked}');
      error = error.replace(c.mask, '{masked}');
    }
    return { code: res.code, stdout: res.code === 0 ? stdout : '', error, files: out === undefined ? {} : readTree(out) };
  } finally {
    if (out !== undefined) rmSync(out, { recursive: true, force: true });
  }
}

function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

const helmCli = (args: string[]) => helm(args, '4.1.4', PROJECT_ROOT);
const capstanCli = (args: string[]) => capstan(args, PROJECT_ROOT);

test('capstan template prints what helm template prints, flag by flag', async (t) => {
  const outcomes = await mapLimit(CASES, 2, async (c) => [await runSide(helmCli, c), await runSide(capstanCli, c)] as const);
  let refused = 0;
  for (const [i, c] of CASES.entries()) {
    const [want, got] = outcomes[i];
    if (want.code !== 0) refused++;
    await t.test(`${c.label}: template ${c.args.join(' ')}`, () => {
      assert.deepEqual(got, want);
    });
  }
  t.diagnostic(`${CASES.length} runs compared, ${refused} refused by helm`);
  assert.ok(refused >= 15 && refused < CASES.length - 20, `the table must hold both renders and refusals (${refused} refused)`);
});


const CHART_YAML = { name: 'c/Chart.yaml', data: Buffer.from('apiVersion: v2\nname: c\nversion: 1.0.0\n') };
const TEMPLATE = { name: 'c/templates/a.yaml', data: Buffer.from('kind: A\n') };

/** Untrusted archives: entries that leave the chart, links, and content that decompresses too large. */
const ARCHIVES: Record<string, { entries: TarEntry[]; names: string }> = {
  'traversal.tgz': { entries: [CHART_YAML, TEMPLATE, { name: 'c/../../evil.txt', data: Buffer.from('x') }], names: 'evil.txt' },
  'absolute.tgz': { entries: [CHART_YAML, TEMPLATE, { name: 'c//etc/evil.txt', data: Buffer.from('x') }], names: 'evil.txt' },
  'symlink.tgz': { entries: [CHART_YAML, TEMPLATE, { name: 'c/templates/link.yaml', type: 'symlink', linkname: '/etc/passwd' }], names: 'c/templates/link.yaml' },
  'hardlink.tgz': { entries: [CHART_YAML, TEMPLATE, { name: 'c/templates/hard.yaml', type: 'link', linkname: 'c/Chart.yaml' }], names: 'c/templates/hard.yaml' },
  'oversized.tgz': { entries: [CHART_YAML, TEMPLATE, { name: 'c/files/big.bin', data: Buffer.alloc(5 * 1024 * 1024 + 1) }], names: 'c/files/big.bin' },
};

test('untrusted .tgz charts are refused with helm’s error, or with an error naming the entry', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-cli-tgz-'));
  try {
    for (const [file, { entries }] of Object.entries(ARCHIVES)) writeFileSync(join(dir, file), await buildTgz(entries));
    const results = await mapLimit(Object.keys(ARCHIVES), 2, async (file) => {
      const args = ['template', 'rel', join(dir, file)];
      return [await helm(args), await capstan(args)] as const;
    });
    for (const [i, file] of Object.keys(ARCHIVES).entries()) {
      const [want, got] = results[i];
      await t.test(file, () => {
        assert.equal(got.code, 1, `capstan must refuse ${file}:\n${got.stdout}`);
        assert.equal(got.stdout, '');
        const error = firstErrorLine(got.stderr);
        if (want.code !== 0) {
          // helm refuses it too: the same first line.
          assert.equal(error, firstErrorLine(want.stderr));
        } else {
          // helm 4.1.4 accepts it (links skipped): Capstan refuses, naming the entry.
          assert.ok(error.includes(ARCHIVES[file].names), `error must name ${ARCHIVES[file].names}: ${error}`);
        }
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
