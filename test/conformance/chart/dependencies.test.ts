// Dependency processing against helm 4.1.4: which subcharts render, and the values each chart sees
// (`toJson .Values` in a probe template of every chart), for conditions, tags, aliases,
// import-values, library charts, version matching and kubeVersion.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { toJS, type GoValue } from '../../../src/gotemplate/value.js';
import { coalesceValues } from '../../../src/values/coalesce.js';
import { loadValues } from '../../../src/yaml/read.js';
import { firstErrorLine, helm, removeTemp, tempChart, type ChartFiles } from '../../support/helm.js';
import type { Chart } from '../../../src/chart/chart.js';
import { checkDependencies, checkKubeVersion, processDependencies } from '../../../src/chart/dependencies.js';
import { loadChart } from '../../../src/chart/load.js';

const PROBE = '{{ toJson .Values }}\n';

function sub(name: string, version: string, values: string, extra: ChartFiles = {}): ChartFiles {
  const files: ChartFiles = {
    [`charts/${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: ${version}\n`,
    [`charts/${name}/values.yaml`]: values,
    [`charts/${name}/templates/probe.yaml`]: PROBE,
  };
  for (const [k, v] of Object.entries(extra)) files[`charts/${name}/${k}`] = v;
  return files;
}

const FIXTURE: ChartFiles = {
  'Chart.yaml': `apiVersion: v2
name: c
version: 1.0.0
dependencies:
- name: sub1
  version: ">=0.1.0"
  condition: sub1.enabled,global.sub1
  tags: [front]
- name: sub1
  alias: sub1b
  version: 0.1.0
  import-values:
  - child: data
    parent: fromb
  - child: missing
    parent: nowhere
- name: sub2
  tags: [back, extra]
  import-values: [exp, absent]
- name: lib
- name: nested
  condition: nested.on
- name: pre
`,
  'values.yaml': 'fromb:\n  x: 100\n  y: null\nn: 5\nglobal:\n  g: parent\n',
  'templates/probe.yaml': PROBE,
  ...sub('sub1', '0.1.0', 'enabled: false\ndata:\n  x: 1\n  y: 2\n'),
  ...sub('sub2', '0.2.0', 'exports:\n  exp:\n    imported: true\n    n: 3\nlocal: 1\n'),
  'charts/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 1.0.0\ntype: library\n',
  'charts/lib/templates/_h.tpl': '{{ define "lib.x" }}x{{ end }}',
  'charts/lib/templates/ignored.yaml': 'kind: FromLibrary\n',
  ...sub('nested', '1.0.0', 'on: true\ndeep:\n  enabled: true\n', {
    'Chart.yaml': 'apiVersion: v2\nname: nested\nversion: 1.0.0\ndependencies:\n- name: deep\n  condition: deep.enabled\n  import-values:\n  - child: out\n    parent: fromdeep\n',
    'charts/deep/Chart.yaml': 'apiVersion: v2\nname: deep\nversion: 2.0.0\n',
    'charts/deep/values.yaml': 'out:\n  v: deep\n',
    'charts/deep/templates/probe.yaml': PROBE,
  }),
  // A prerelease never satisfies a range without one: helm keeps it as an undeclared subchart.
  ...sub('pre', '1.0.0-rc.1', 'p: 1\n'),
};

const USER_VALUES: Record<string, string> = {
  defaults: '',
  'condition true, tag false': 'sub1:\n  enabled: true\ntags:\n  back: false\n',
  'non-bool condition, tag true': 'sub1:\n  enabled: "yes"\ntags:\n  front: true\n',
  'global condition': 'global:\n  sub1: true\n',
  'nested disabled': 'nested:\n  on: false\n',
  'deep disabled': 'nested:\n  deep:\n    enabled: false\n',
  'mixed tags': 'tags:\n  back: false\n  extra: true\n',
  'all tags false': 'tags:\n  front: false\n  back: false\npre:\n  p: 2\n',
  'user overrides import': 'fromb:\n  y: 7\nimported: false\n',
  'user null deletes': 'n: null\nsub2:\n  local: null\n',
};

interface Observed {
  sources: string[];
  values: Map<string, unknown>;
}

async function helmObserve(dir: string, valuesFile: string): Promise<Observed | { error: string }> {
  const res = await helm(['template', 'r', dir, '-f', valuesFile]);
  if (res.code !== 0) return { error: firstErrorLine(res.stderr) };
  const values = new Map<string, unknown>();
  const sources: string[] = [];
  for (const part of res.stdout.split(/^---\n/m)) {
    const m = /^# Source: (.*)\n([\s\S]*)$/.exec(part);
    if (!m) continue;
    sources.push(m[1]);
    if (m[1].endsWith('/probe.yaml')) values.set(m[1], JSON.parse(m[2]));
  }
  return { sources: sources.sort(), values };
}

function ourObserve(chart: Chart, user: Map<string, GoValue>): Observed {
  processDependencies(chart, user);
  const final = coalesceValues(chart, user);
  const sources: string[] = [];
  const values = new Map<string, unknown>();
  const walk = (c: Chart, prefix: string, vals: Map<string, GoValue>): void => {
    const base = prefix + c.name();
    if (!c.isLibrary()) {
      for (const t of c.templates) {
        if (t.name.split('/').pop()!.startsWith('_')) continue;
        sources.push(`${base}/${t.name}`);
        if (t.name === 'templates/probe.yaml') values.set(`${base}/${t.name}`, toJS(vals));
      }
    }
    for (const d of c.dependencies) {
      const dv = vals.get(d.name());
      walk(d, `${base}/charts/`, dv instanceof Map ? dv : new Map());
    }
  };
  walk(chart, '', final);
  return { sources: sources.sort(), values };
}

describe('processDependencies matches helm', () => {
  for (const [label, userYaml] of Object.entries(USER_VALUES)) {
    it(`renders the same subcharts and values: ${label}`, async () => {
      const dir = tempChart(FIXTURE, 'c');
      try {
        const valuesFile = join(dir, '..', 'user.yaml');
        writeFileSync(valuesFile, userYaml);
        const theirs = await helmObserve(dir, valuesFile);
        assert.ok(!('error' in theirs), 'error' in theirs ? theirs.error : '');
        const ours = ourObserve(await loadChart(dir), loadValues(userYaml));
        assert.deepEqual(ours.sources, theirs.sources);
        for (const [path, v] of theirs.values) assert.deepEqual(ours.values.get(path), v, path);
      } finally {
        removeTemp(dir);
      }
    });
  }

  it('rewrites the metadata dependencies as helm does (aliases, disabled removed, imports normalized)', async () => {
    const dir = tempChart(FIXTURE, 'c');
    try {
      const chart = await loadChart(dir);
      processDependencies(chart, new Map());
      const deps = chart.metadata.dependencies!.map((d) => [d.name, d.enabled, d.importValues?.map((iv) => toJS(iv))]);
      assert.deepEqual(deps, [
        ['sub1b', true, [{ child: 'data', parent: 'fromb' }, { child: 'missing', parent: 'nowhere' }]],
        ['sub2', true, [{ child: 'exports.exp', parent: '.' }, { child: 'exports.absent', parent: '.' }]],
        ['lib', true, undefined],
        ['nested', true, undefined],
        ['pre', true, undefined],
      ]);
    } finally {
      removeTemp(dir);
    }
  });

  it('reports missing subcharts and kubeVersion constraints with helm text', async () => {
    const cases: ChartFiles[] = [
      { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: x\n- name: sub1\n', ...sub('sub1', '0.1.0', '') },
      { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\nkubeVersion: ">=1.40"\n' },
      { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\nkubeVersion: "garbage!!"\n' },
      { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\nkubeVersion: ">=1.20.0-0"\n' },
      // A subchart's kubeVersion is not checked.
      { ...sub('s', '0.1.0', '', { 'Chart.yaml': 'apiVersion: v2\nname: s\nversion: 0.1.0\nkubeVersion: "<1.0"\n' }) },
    ];
    for (const files of cases) {
      const dir = tempChart({ 'templates/a.yaml': 'kind: A\n', ...files }, 'c');
      try {
        const theirs = await helm(['template', 'r', dir]);
        let ours: string | undefined;
        try {
          const chart = await loadChart(dir);
          checkDependencies(chart);
          processDependencies(chart, new Map());
          checkKubeVersion(chart, 'v1.35.0');
        } catch (err) {
          ours = (err as Error).message;
        }
        assert.equal(ours, theirs.code === 0 ? undefined : firstErrorLine(theirs.stderr));
      } finally {
        removeTemp(dir);
      }
    }
  });
});
