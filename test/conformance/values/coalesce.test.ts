import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chart } from '../../../src/chart/chart.js';
import { GoError, type GoValue } from '../../../src/gotemplate/value.js';
import { loadValues } from '../../../src/yaml/read.js';
import { firstErrorLine, helm, parseDebugOutput, removeTemp, tempChart, type RunResult } from '../../support/helm.js';
import { mapLimit } from '../../support/capstan.js';
import { capstanInProcess } from '../../support/snippets.js';
import { coalesceValues } from '../../../src/values/coalesce.js';
import { parseTypedDump, TYPED_DUMP, typedGo } from '../../support/values.js';

const PARENT = `
global:
  g1: parent
  gmap: {a: 1, b: 2}
  gnull: null
top: 1
nulled: keep
nullInDefaults: null
nested:
  x: 1
  y: null
  deep: {z: 1, w: null}
sub1:
  fromParent: p
  overridden: parent
  nulledByParent: null
  mapInSub: {k: parent, m: null}
  scalarHere: {a: 1}
list: [1, 2]
scalarOverMap: s
`;
const SUB1 = `
global:
  g1: sub
  g2: sub
  gmap: {b: 20, c: 30}
own: 1
overridden: sub
nulledByParent: sub-default
nullDefault: null
mapInSub: {k: sub, j: sub, n: null, deeper: {x: null, y: 1}}
nestedNull: {a: null, b: 1}
scalarHere: 5
`;
const SUB2 = `
x: 1
subsub:
  y: parent-of-subsub
  nul: null
`;
const SUBSUB = `
y: own
z: null
m: {q: null, r: 1}
global: {g3: deep}
`;

const DUMP = TYPED_DUMP + '{{ include "dump" .Values }}\n';

const USER_VALUES: Record<string, string> = {
  none: '',
  nulls: `
nulled: null
nested: {x: null, y: null, q: null, deep: {z: null, w: null, v: null}}
sub1: {own: null, mapInSub: {j: null, deeper: {y: null}}}
global: {g1: user}
newNull: null
`,
  conflicts: `
scalarOverMap: {a: 1}
nested: scalar
list: null
sub1: {mapInSub: 7, nestedNull: [1]}
`,
  globals: `
sub1: {nestedNull: {a: 2}}
sub2: {subsub: {z: 1, m: {q: 2}}}
global: {gmap: {a: user}, g2: user}
`,
  subchartNull: 'sub1: null\n',
  subchartScalar: 'sub2: 5\n',
  globalScalar: 'global: 5\n',
};

function chart(name: string, valuesYaml: string, ...deps: Chart[]): Chart {
  const c = new Chart({ name, version: '0.1.0', apiVersion: 'v2' });
  c.values = loadValues(valuesYaml);
  c.addDependency(...deps);
  return c;
}

function oursFor(userYaml: string): Record<string, unknown> {
  const root = chart('top', PARENT, chart('sub1', SUB1), chart('sub2', SUB2, chart('subsub', SUBSUB)));
  const before = typedGo(root.values);
  const warnings: string[] = [];
  let values: Map<string, GoValue>;
  try {
    values = coalesceValues(root, loadValues(userYaml), (w) => warnings.push(w));
  } catch (e) {
    return { error: (e as GoError).message };
  }
  assert.deepStrictEqual(typedGo(root.values), before, 'the chart must not be modified');
  const sub2 = values.get('sub2') as Map<string, GoValue>;
  return {
    'top/templates/dump.yaml': typedGo(values),
    'top/charts/sub1/templates/dump.yaml': typedGo(values.get('sub1')!),
    'top/charts/sub2/templates/dump.yaml': typedGo(sub2),
    'top/charts/sub2/charts/subsub/templates/dump.yaml': typedGo(sub2.get('subsub')!),
    warnings: warnings.sort(),
  };
}

/** What `template` shows of the values (typed dumps of every chart, log lines), by helm or by Capstan. */
async function observe(userYaml: string, runTemplate: (args: string[]) => Promise<RunResult>): Promise<Record<string, unknown>> {
  const dir = tempChart(
    {
      'values.yaml': PARENT,
      'user.yaml': userYaml,
      'templates/dump.yaml': DUMP,
      'charts/sub1/Chart.yaml': 'apiVersion: v2\nname: sub1\nversion: 0.1.0\n',
      'charts/sub1/values.yaml': SUB1,
      'charts/sub1/templates/dump.yaml': DUMP,
      'charts/sub2/Chart.yaml': 'apiVersion: v2\nname: sub2\nversion: 0.1.0\n',
      'charts/sub2/values.yaml': SUB2,
      'charts/sub2/templates/dump.yaml': DUMP,
      'charts/sub2/charts/subsub/Chart.yaml': 'apiVersion: v2\nname: subsub\nversion: 0.1.0\n',
      'charts/sub2/charts/subsub/values.yaml': SUBSUB,
      'charts/sub2/charts/subsub/templates/dump.yaml': DUMP,
    },
    'top',
  );
  try {
    const res = await runTemplate(['template', 'r', dir, '-f', `${dir}/user.yaml`]);
    if (res.code !== 0) return { error: firstErrorLine(res.stderr) };
    const out: Record<string, unknown> = {};
    for (const [path, text] of parseDebugOutput(res.stdout, '')) out[path] = parseTypedDump(text);
    // helm 4 routes log.Printf through slog: `level=INFO msg="..."`, once per coalescing pass.
    const logLines = res.stderr
      .split('\n')
      .filter((l) => l.startsWith('level=INFO msg='))
      .map((l) => l.slice('level=INFO msg='.length))
      .map((m) => (m.startsWith('"') ? (JSON.parse(m) as string) : m));
    out.warnings = [...new Set(logLines)].sort();
    return out;
  } finally {
    removeTemp(dir);
  }
}

describe('coalesceValues against helm 4.1.4', () => {
  it('matches helm for subcharts, globals and nulls', async () => {
    const failures: string[] = [];
    await mapLimit(Object.entries(USER_VALUES), 2, async ([name, yaml]) => {
      const want = await observe(yaml, (args) => helm(args));
      const pipeline = await observe(yaml, (args) => capstanInProcess(args));
      const got = oursFor(yaml);
      // Helm may log a warning once per coalescing pass; compare the distinct lines.
      if (Array.isArray(got.warnings)) got.warnings = [...new Set(got.warnings as string[])];
      try {
        assert.deepStrictEqual(pipeline, want, 'capstan template');
        assert.deepStrictEqual(got, want, 'coalesceValues');
      } catch (e) {
        failures.push(`${name}: ${(e as Error).message}`);
      }
    });
    assert.deepEqual(failures, []);
  });
});
