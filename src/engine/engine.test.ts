import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Chart } from '../chart/chart.js';
import type { GoValue } from '../gotemplate/value.js';
import { clientOnlyCapabilities } from './capabilities.js';
import { render, sortTemplatePaths } from './engine.js';
import { toRenderValues } from './render-values.js';

const utf8 = new TextEncoder();

function chartWith(templates: Record<string, string>, name = 'c'): Chart {
  const chart = new Chart({ name, version: '0.1.0', apiVersion: 'v2' });
  chart.templates = Object.entries(templates).map(([n, text]) => ({ name: n, data: utf8.encode(text) }));
  return chart;
}

function renderChart(chart: Chart, values: Map<string, GoValue>, options = {}): Map<string, string> {
  const release = { name: 'r', namespace: 'ns', revision: 1, isInstall: true, isUpgrade: false };
  return render(chart, toRenderValues(chart, values, release, clientOnlyCapabilities()), options);
}

test('parse order: deepest paths first, then reverse byte order', () => {
  assert.deepEqual(sortTemplatePaths(['c/templates/a.yaml', 'c/charts/s/templates/b.yaml', 'c/templates/b.yaml', 'c/templates/x/a.yaml']), [
    'c/charts/s/templates/b.yaml',
    'c/templates/x/a.yaml',
    'c/templates/b.yaml',
    'c/templates/a.yaml',
  ]);
});

test('partials are not rendered; <no value> is removed', () => {
  const out = renderChart(chartWith({ 'templates/_h.tpl': '{{ define "h" }}x{{ end }}', 'templates/a.yaml': 'a: {{ .Values.nope }}|{{ include "h" . }}' }), new Map());
  assert.deepEqual([...out], [['c/templates/a.yaml', 'a: |x']]);
});

test('strict mode: a missing key is an error, in tpl too', () => {
  const chart = chartWith({ 'templates/a.yaml': '{{ .Values.missing }}' });
  assert.throws(() => renderChart(chart, new Map(), { strict: true }), {
    message: 'c/templates/a.yaml:1:10\n  executing "c/templates/a.yaml" at <.Values.missing>:\n    map has no entry for key "missing"',
  });
  const viaTpl = chartWith({ 'templates/a.yaml': '{{ tpl "{{ .Values.missing }}" . }}' });
  assert.throws(() => renderChart(viaTpl, new Map(), { strict: true }), /map has no entry for key "missing"/);
});

test('lint mode: required and fail do not fail', () => {
  const logs: string[] = [];
  const chart = chartWith({ 'templates/a.yaml': 'a: {{ required "need" .Values.x }}{{ fail "f" }}' });
  const out = renderChart(chart, new Map(), { lintMode: true, log: (m: string) => logs.push(m) });
  assert.equal(out.get('c/templates/a.yaml'), 'a: ');
  assert.deepEqual(logs, ['Missing required value: need', 'Fail: f']);
});

test('lookup answers from the client when there is one, else an empty map', () => {
  const chart = chartWith({ 'templates/a.yaml': '{{ (lookup "v1" "ConfigMap" "ns" "cm").data.k }}|{{ lookup "v1" "Pod" "" "" | len }}' });
  const client = {
    lookup: (apiVersion: string, kind: string, namespace: string, name: string): Map<string, GoValue> =>
      kind === 'ConfigMap' ? new Map<string, GoValue>([['data', new Map<string, GoValue>([['k', `${apiVersion}/${namespace}/${name}`]])]]) : new Map(),
  };
  assert.equal(renderChart(chart, new Map(), { lookup: client }).get('c/templates/a.yaml'), 'v1/ns/cm|0');
});

test('a subchart sees its own section of the values, or an empty map when that is not a map', () => {
  const parent = chartWith({ 'templates/a.yaml': '{{ .Values.sub }}' }, 'p');
  const sub = chartWith({ 'templates/s.yaml': '{{ .Values.x }}|{{ .Chart.Name }}|{{ .Chart.IsRoot }}|{{ .Template.BasePath }}' }, 'sub');
  parent.addDependency(sub);
  const values = new Map<string, GoValue>([['sub', new Map<string, GoValue>([['x', 'hello']])]]);
  assert.equal(renderChart(parent, values).get('p/charts/sub/templates/s.yaml'), 'hello|sub|false|p/charts/sub/templates');
  assert.equal(renderChart(parent, new Map<string, GoValue>([['sub', 'scalar']])).get('p/charts/sub/templates/s.yaml'), '|sub|false|p/charts/sub/templates');
});

test('library charts render only their partials', () => {
  const parent = chartWith({ 'templates/a.yaml': '{{ include "lib.h" . }}' }, 'p');
  const lib = chartWith({ 'templates/_h.tpl': '{{ define "lib.h" }}from-lib{{ end }}', 'templates/ignored.yaml': 'x: 1' }, 'lib');
  lib.metadata.type = 'library';
  parent.addDependency(lib);
  assert.deepEqual([...renderChart(parent, new Map())], [['p/templates/a.yaml', 'from-lib']]);
});
