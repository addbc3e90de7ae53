// Differential tests of `helm template` output assembly and engine behaviour: each fixture chart is
// rendered by helm 4.1.4 and by TemplateAction; stdout must be identical, or the first error line.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadChart } from '../../../src/chart/load.js';
import { firstErrorLine, helm, removeTemp, tempChart, type ChartFiles } from '../../support/helm.js';
import { INSTALL_ORDER } from '../../../src/manifest/sort.js';
import { TemplateAction, TemplateError, type TemplateOptions } from '../../../src/action/template.js';

interface Flags {
  showOnly?: string[];
  includeCrds?: boolean;
  skipTests?: boolean;
  noHooks?: boolean;
  kubeVersion?: string;
  apiVersions?: string[];
  isUpgrade?: boolean;
}

function helmArgs(flags: Flags): string[] {
  const args: string[] = [];
  for (const s of flags.showOnly ?? []) args.push('--show-only', s);
  if (flags.includeCrds) args.push('--include-crds');
  if (flags.skipTests) args.push('--skip-tests');
  if (flags.noHooks) args.push('--no-hooks');
  if (flags.kubeVersion) args.push('--kube-version', flags.kubeVersion);
  for (const a of flags.apiVersions ?? []) args.push('--api-versions', a);
  if (flags.isUpgrade) args.push('--is-upgrade');
  return args;
}

function actionOptions(flags: Flags): TemplateOptions {
  return {
    releaseName: 'rel',
    namespace: 'ns1',
    showOnly: flags.showOnly,
    includeCrds: flags.includeCrds,
    skipTests: flags.skipTests,
    disableHooks: flags.noHooks,
    kubeVersion: flags.kubeVersion,
    apiVersions: flags.apiVersions,
    isUpgrade: flags.isUpgrade,
  };
}

type Outcome = { stdout: string } | { error: string };

async function ours(dir: string, flags: Flags): Promise<Outcome> {
  try {
    const chart = await loadChart(dir);
    return { stdout: await new TemplateAction(actionOptions(flags)).render(chart, new Map()) };
  } catch (e) {
    if (e instanceof TemplateError || (e instanceof Error && e.name === 'GoError')) return { error: e.message.split('\n')[0] };
    throw e;
  }
}

async function theirs(dir: string, flags: Flags): Promise<Outcome> {
  const res = await helm(['template', 'rel', dir, '--namespace', 'ns1', ...helmArgs(flags)]);
  return res.code === 0 ? { stdout: res.stdout } : { error: firstErrorLine(res.stderr) };
}

async function compare(files: ChartFiles, flags: Flags = {}, name = 'fixture'): Promise<Outcome> {
  const dir = tempChart(files, name);
  try {
    const [expected, actual] = await Promise.all([theirs(dir, flags), ours(dir, flags)]);
    assert.deepEqual(actual, expected);
    return expected;
  } finally {
    removeTemp(dir);
  }
}

const HOOKS_CHART: ChartFiles = {
  'templates/NOTES.txt': 'notes for {{ .Release.Name }}',
  'templates/a.yaml': 'kind: Service\nmetadata:\n  name: s\n---\nkind: ConfigMap\nmetadata:\n  name: c\n---\n  \n---\nkind: Zeta\n---\nkind: Alpha\n',
  'templates/b.yaml': 'kind: Secret\nmetadata:\n  name: sec\n  annotations:\n    foo: bar\n\n\n',
  'templates/hook.yaml': 'kind: Job\nmetadata:\n  name: h1\n  annotations:\n    helm.sh/hook: post-install,pre-install\n    helm.sh/hook-weight: "5"\n',
  'templates/tests/test.yaml': 'kind: Pod\nmetadata:\n  name: t1\n  annotations:\n    helm.sh/hook: test\n',
  'templates/unknown.yaml': 'kind: Pod\nmetadata:\n  name: t2\n  annotations:\n    helm.sh/hook: bogus\n',
  'templates/empty.yaml': '\n\n',
  'templates/webhooks.yaml':
    'kind: ValidatingWebhookConfiguration\n---\nkind: MutatingWebhookConfiguration\n---\nkind: APIService\n---\nkind: Deployment\n---\nkind: PriorityClass\n---\nkind: Namespace\n',
  'crds/b.yaml': 'kind: CRD2\n',
  'crds/a.yaml': '# a crd\nkind: CustomResourceDefinition\n\n',
  'crds/notes.txt': 'not a manifest',
  'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
  'charts/sub/templates/NOTES.txt': 'sub notes',
  'charts/sub/templates/dep.yaml': 'kind: Deployment\nmetadata:\n  name: subdep\n',
  'charts/sub/crds/c.yaml': 'kind: SubCRD\n',
};

test('output: manifests by kind, then hooks; notes dropped', async () => {
  await compare(HOOKS_CHART);
});

test('output: --include-crds, --skip-tests, --no-hooks, --is-upgrade', async () => {
  await compare(HOOKS_CHART, { includeCrds: true, skipTests: true });
  await compare(HOOKS_CHART, { noHooks: true, isUpgrade: true });
});

test('output: --show-only by path and glob, in pattern order, and its error', async () => {
  await compare(HOOKS_CHART, { showOnly: ['templates/hook.yaml', 'templates/a.yaml', 'charts/sub/templates/*'] });
  await compare(HOOKS_CHART, { showOnly: ['crds/b.yaml'], includeCrds: true });
  await compare(HOOKS_CHART, { showOnly: ['templates/tests/test.yaml'], noHooks: true });
  await compare(HOOKS_CHART, { showOnly: ['templates/nope.yaml'] });
});

test('output: nothing to print is a single newline', async () => {
  const out = await compare({ 'templates/a.yaml': '{{/* nothing */}}' });
  assert.deepEqual(out, { stdout: '\n' });
});

test('errors: kubeVersion, --kube-version parsing, YAML parse errors', async () => {
  await compare({ 'Chart.yaml': 'apiVersion: v2\nname: fixture\nversion: 0.1.0\nkubeVersion: ">=1.36"\n', 'templates/a.yaml': 'kind: A\n' });
  await compare({ 'templates/a.yaml': 'kind: A\n' }, { kubeVersion: 'abc' });
  await compare({ 'templates/a.yaml': 'kind: A\n' }, { kubeVersion: '1' });
  await compare({ 'templates/a.yaml': 'a: b: c\n' });
  await compare({ 'templates/a.yaml': 'just a string\n' });
  await compare({ 'templates/a.yaml': 'metadata:\n  annotations: [1]\n' });
});

test('render values: .Capabilities, .Release, .Chart, .Template, .Subcharts as helm prints them', async () => {
  const printing = [
    'cap: {{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.Version }} {{ .Capabilities.KubeVersion.Major }} {{ .Capabilities.KubeVersion.Minor }} {{ .Capabilities.KubeVersion.GitVersion }}',
    // String() has a pointer receiver: only direct printing uses it; a copy passed to a function prints the struct.
    'capCopy: {{ .Capabilities.KubeVersion | quote | b64enc }} {{ printf "%v|%s" .Capabilities.KubeVersion .Capabilities.KubeVersion | b64enc }} {{ .Capabilities.KubeVersion | toString | b64enc }} {{ $kv := .Capabilities.KubeVersion }}{{ $kv }} {{ .Capabilities.KubeVersion.String }}',
    'capJ: {{ toJson .Capabilities | b64enc }}',
    'hv: {{ .Capabilities.HelmVersion | toString | b64enc }} {{ printf "%T" .Capabilities.HelmVersion }} {{ .Capabilities.HelmVersion.Version }}',
    'api: {{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "x/v1" }} {{ len .Capabilities.APIVersions }} {{ printf "%T" .Capabilities.APIVersions }}',
    'rel: {{ .Release | toJson | b64enc }} {{ .Release.Revision }} {{ printf "%T" .Release.Revision }}',
    'chart: {{ .Chart | toJson | b64enc }}',
    'chartV: {{ .Chart | toString | b64enc }}',
    'tmpl: {{ .Template.Name }} {{ .Template.BasePath }}',
    'sub: {{ (index .Subcharts "zz").Chart.Name }} {{ (index .Subcharts "zz").Values.x }} {{ keys .Subcharts }}',
    'keys: {{ keys . | sortAlpha }}',
  ].join('\n');
  const chart: ChartFiles = {
    'Chart.yaml':
      'apiVersion: v2\nname: fixture\nversion: 0.1.0\nappVersion: "1.2"\nkeywords: [a, b]\nmaintainers:\n  - name: me\n    email: me@x\nannotations:\n  foo: bar\ndependencies:\n  - name: sub\n    version: 0.2.0\n    alias: zz\n    tags: [t1]\n',
    'values.yaml': 'zz:\n  x: from-parent\n',
    'templates/a.yaml': printing,
    'charts/sub/Chart.yaml': 'apiVersion: v1\nname: sub\nversion: 0.2.0\n',
    'charts/sub/templates/s.yaml': 'sub: {{ .Chart | toJson | b64enc }} {{ .Template.Name }} {{ .Values.x }}',
  };
  await compare(chart);
  await compare(chart, { kubeVersion: '1.30.0-rc.1+abc', apiVersions: ['x/v1'], isUpgrade: true });
});

test('the top-level data, .Values and .Template are common.Values; maps inside them are not', async () => {
  const types = [
    't: "{{ typeOf . }} {{ typeOf $ }} {{ typeOf .Values }} {{ printf "%T" .Template }} {{ typeOf .Values.a }} {{ typeOf .Chart }} {{ typeOf .Release }}"',
    'c: "{{ typeOf (deepCopy .) }} {{ typeOf (deepCopy .).Values }} {{ typeIs "map[string]interface {}" .Values }} {{ kindOf .Values }}"',
    'u: "{{ pick .Values "a" | toJson }} {{ merge (dict) .Values | toJson }} {{ dig "a" "b" 0 .Values.a | toJson }}"',
    'm: "{{ .Values.missing }} {{ index .Values "missing" }} {{ index . "missing" }} {{ .Template.missing }} {{ printf "%v" .Values.missing }}"',
  ].join('\n');
  const chart: ChartFiles = { 'values.yaml': 'a:\n  b: 1\n', 'templates/a.yaml': types };
  await compare(chart);
  await compare({ ...chart, 'templates/b.yaml': '{{ dig "a" "b" 0 .Values }}' });
  await compare({ ...chart, 'templates/b.yaml': '{{ .Values.missing.x }}' });
  await compare({ ...chart, 'templates/b.yaml': '{{ range $k, $v := .Values }}{{ $v.missing.x }}{{ end }}' });
});

test('.Files: Get, GetBytes, Glob (gobwas, ** and {a,b}), AsConfig, AsSecrets, Lines; which files are there', async () => {
  const globs = ['files/*', 'files/**', '**.txt', 'files/{a,b}*', '*', 'files/?.txt', '[', 'files/[ab].*', 'files/[!a]*', '\\*'];
  // Every value quoted, so that the output is YAML and helm prints it.
  const lines = [
    'names: "{{ range $k, $v := .Files }}{{ $k }},{{ end }}"',
    'get: {{ .Files.Get "files/a.txt" | quote }} {{ .Files.Get "nope" | quote }}',
    'bytes: "{{ printf "%T" (.Files.GetBytes "files/b.conf") }} {{ .Files.GetBytes "files/b.conf" }} {{ len (.Files.GetBytes "nope") }}"',
    ...globs.map((g, i) => `glob${i}: "{{ range $k, $v := .Files.Glob ${JSON.stringify(g)} }}{{ $k }},{{ end }}"`),
    'cfg: {{ (.Files.Glob "files/*").AsConfig | quote }}',
    'sec: {{ (.Files.Glob "files/*").AsSecrets | quote }}',
    'empty: "{{ (.Files.Glob "nomatch").AsConfig }} {{ (.Files.Glob "nomatch").AsSecrets }}"',
    'lines: {{ .Files.Lines "files/a.txt" | toJson | quote }}',
    'lines2: "{{ printf "%T" (.Files.Lines "files/a.txt") }} {{ .Files.Lines "nope" | toJson }}"',
    'type: "{{ printf "%T" .Files }} {{ printf "%T" (.Files.Glob "*") }}"',
  ];
  await compare({
    'values.yaml': 'a: 1\n',
    'values.schema.json': '{}',
    'files/a.txt': 'x\ny\n',
    'files/b.conf': 'b',
    'files/sub/c.txt': 'deep',
    'README.md': 'r',
    '.hidden/h.txt': 'h',
    'crds/crd.yaml': 'kind: CustomResourceDefinition\n',
    'templates/a.yaml': lines.join('\n'),
    'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.2.0\n',
    'charts/sub/sf.txt': 'subfile',
    'charts/sub/templates/s.yaml': 'sub: "{{ range $k, $v := .Files }}{{ $k }},{{ end }}"',
  });
});

test('defines: the parent chart wins over a subchart; later files of the same depth lose to earlier names', async () => {
  await compare({
    'templates/_a.tpl': '{{ define "x" }}parent-a{{ end }}{{ define "y" }}parent-y{{ end }}',
    'templates/_b.tpl': '{{ define "x" }}parent-b{{ end }}',
    'templates/out.yaml': 'x: {{ include "x" . }}\ny: {{ include "y" . }}\nz: {{ include "z" . }}\nsubz: {{ template "z" . }}',
    'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.2.0\n',
    'charts/sub/templates/_h.tpl': '{{ define "x" }}sub{{ end }}{{ define "y" }}sub-y{{ end }}{{ define "z" }}sub-z{{ end }}',
    'charts/sub/templates/s.yaml': 'x: {{ include "x" . }}',
  });
});

test('include, tpl, required, fail, lookup and their errors', async () => {
  const ok = [
    'a: {{ include "h" . | quote }}',
    'b: {{ tpl "{{ .Values.name }}-{{ .Template.Name }}" . }}',
    'c: {{ tpl "{{ define \\"t\\" }}in-tpl{{ end }}{{ include \\"t\\" . }}" . }}',
    'd: {{ required "need" .Values.name }}',
    'e: {{ lookup "v1" "Pod" "ns" "x" | toJson }}',
    'f: "{{ .Values.missing }}"',
    'g: {{ getHostByName "localhost" | quote }}',
    'h: "{{ tpl "a{{ tpl \\"\\" . }}b{{ tpl \\"  {{/* c */}}\\" . }}c{{ tpl \\"{{- /* c */ -}}  \\" . }}d" . }}"',
    'i: {{ tpl "{{ define \\"h\\" }}redefined{{ end }}{{ include \\"h\\" . }}" . }} {{ include "h" . }}',
  ].join('\n');
  const base: ChartFiles = { 'values.yaml': 'name: n1\n', 'templates/_h.tpl': '{{ define "h" }}helper {{ .Values.name }}{{ end }}' };
  await compare({ ...base, 'templates/a.yaml': ok });
  const failing = [
    '{{ .Values.a.b }}',
    '{{ required "need x" .Values.x }}',
    '{{ required "need empty" "" }}',
    '{{ fail "boom" }}',
    '{{ include "h2" . }}',
    '{{ include "nope" . }}',
    '{{ tpl "{{ .Values.x.y }}" . }}',
    '{{ tpl "{{ .Values.x " . }}',
    '{{ tpl "{{ fail \\"in tpl\\" }}" . }}',
    '{{ template "nox" . }}',
    '{{ "x" | int | div 1 }}',
    '{{ .Values.x ',
    '{{ end }}',
    '{{ nofunc 1 }}',
  ];
  for (const t of failing) {
    await compare({
      ...base,
      'templates/_h2.tpl': '{{ define "h2" }}{{ include "h3" . }}{{ end }}{{ define "h3" }}{{ .Values.a.b }}{{ end }}{{ define "rec" }}{{ include "rec" . }}{{ end }}',
      'templates/a.yaml': t,
    });
  }
});

test('include recursion stops after 1000 nested calls with Go\'s one-line text (needs a 4 MB stack)', async () => {
  const files: ChartFiles = {
    'templates/_h.tpl': '{{ define "rec" }}{{ include "rec" . }}{{ end }}',
    'templates/a.yaml': '{{ include "rec" . }}',
  };
  const dir = tempChart(files);
  try {
    const expected = await theirs(dir, {});
    // 1001 nested executions do not fit the default stack of node; the CLI runs with --stack-size.
    const script = [
      `import { loadChart } from ${JSON.stringify(new URL('../../../src/chart/load.ts', import.meta.url).pathname)};`,
      `import { TemplateAction } from ${JSON.stringify(new URL('../../../src/action/template.ts', import.meta.url).pathname)};`,
      `try { await new TemplateAction({ releaseName: 'rel', namespace: 'ns1' }).render(await loadChart(${JSON.stringify(dir)}), new Map()); }`,
      `catch (e) { process.stdout.write(e.message.split('\\n')[0]); }`,
    ].join('\n');
    const actual = execFileSync(process.execPath, ['--stack-size=4000', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.deepEqual({ error: actual }, expected);
  } finally {
    removeTemp(dir);
  }
});

test('schema validation and release name errors', async () => {
  await compare({ 'values.schema.json': '{"type":"object","properties":{"a":{"type":"string"}}}', 'values.yaml': 'a: 1\n', 'templates/a.yaml': 'a: 1\n' });
  const dir = tempChart({ 'templates/a.yaml': 'a: 1\n' });
  try {
    const res = await helm(['template', 'Bad_Name', dir]);
    const chart = await loadChart(dir);
    await assert.rejects(new TemplateAction({ releaseName: 'Bad_Name' }).render(chart, new Map()), { message: firstErrorLine(res.stderr) });
  } finally {
    removeTemp(dir);
  }
});

test('--output-dir writes each template\'s documents (hooks appended) and prints what it wrote', async () => {
  const dir = tempChart(HOOKS_CHART);
  const theirsDir = join(dirname(dir), 'out-helm');
  const oursDir = join(dirname(dir), 'out-ours');
  try {
    const res = await helm(['template', 'rel', dir, '--namespace', 'ns1', '--include-crds', '--output-dir', theirsDir]);
    const wrote: string[] = [];
    const chart = await loadChart(dir);
    const stdout = await new TemplateAction({ releaseName: 'rel', namespace: 'ns1', includeCrds: true, outputDir: oursDir, onWrote: (l) => wrote.push(l) }).render(chart, new Map());
    assert.equal(wrote.join('') + stdout, res.stdout.replaceAll(theirsDir, oursDir));
    for (const line of wrote) {
      const file = line.slice('wrote '.length, -1);
      assert.equal(readFileSync(file, 'utf8'), readFileSync(file.replace(oursDir, theirsDir), 'utf8'), file);
    }
  } finally {
    removeTemp(dir);
  }
});

test('every kind of the install order, list kinds and unknown kinds, as manifests and as hooks', async () => {
  const kinds = [...INSTALL_ORDER, 'PodList', 'ZKind', 'AKind', 'Job'].reverse();
  const doc = (kind: string, i: number, hook?: string) =>
    `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: n${i}\n` + (hook ? `  annotations:\n    helm.sh/hook: ${hook}\n` : '');
  await compare({
    'templates/all.yaml': kinds.map((k, i) => doc(k, i)).join('---\n'),
    'templates/hooks.yaml': kinds.map((k, i) => doc(k, i, i % 2 ? 'pre-install' : 'post-upgrade,test')).join('---\n'),
  });
});

test('--debug output of a failed render: the rendered files, or nothing when templates failed', async () => {
  const hookThenBroken = 'kind: Job\nmetadata:\n  name: h\n  annotations:\n    helm.sh/hook: pre-install\n---\na: b: c\n';
  for (const files of [{ 'templates/a.yaml': 'a: b: c\n' }, { 'templates/a.yaml': '{{ fail "x" }}' }, { 'templates/a.yaml': hookThenBroken }] as ChartFiles[]) {
    const dir = tempChart(files);
    try {
      const res = await helm(['template', 'rel', dir, '--debug']);
      const chart = await loadChart(dir);
      const err = await new TemplateAction({ releaseName: 'rel' }).render(chart, new Map()).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof TemplateError);
      assert.equal(err.debugOutput, res.stdout);
    } finally {
      removeTemp(dir);
    }
  }
});

test('the first error in parse/execution order is reported (deepest path first, then reverse order)', async () => {
  await compare({ 'templates/a.yaml': '{{ fail "a" }}', 'templates/b.yaml': '{{ fail "b" }}', 'templates/x/c.yaml': '{{ fail "c" }}' });
  await compare({ 'templates/a.yaml': '{{ fail "a" }}', 'templates/b.yaml': '{{ fail "b" }}' });
  await compare({ 'templates/a.yaml': '{{ end }}', 'templates/b.yaml': '{{ if }}', 'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n', 'charts/sub/templates/NOTES.txt': '{{ fail "sub notes" }}' });
  await compare({ 'templates/a.yaml': 'a: 1', 'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n', 'charts/sub/templates/NOTES.txt': '{{ fail "sub notes" }}' });
  await compare({ 'templates/NOTES.txt': '{{ .Values.a.b }}', 'templates/a.yaml': 'a: 1' });
});
