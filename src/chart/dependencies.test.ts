import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadValues } from '../yaml/read.js';
import { Chart } from './chart.js';
import { copyChartTree, isCompatibleRange, processDependencies, valuesPathValue } from './dependencies.js';

describe('helpers', () => {
  it('isCompatibleRange refuses unparsable input', () => {
    assert.equal(isCompatibleRange('>=1.0.0', '1.2.0'), true);
    assert.equal(isCompatibleRange('>=1.0.0', 'x'), false);
    assert.equal(isCompatibleRange('!!', '1.0.0'), false);
  });

  it('PathValue returns only non-table values', () => {
    const v = loadValues('a:\n  b: true\n  c:\n    d: 1\ntop: x\n');
    assert.equal(valuesPathValue(v, 'a.b'), true);
    assert.equal(valuesPathValue(v, 'a.c'), undefined);
    assert.equal(valuesPathValue(v, 'top'), 'x');
    assert.equal(valuesPathValue(v, 'a.x.y'), undefined);
  });
});

describe('copyChartTree', () => {
  it('lets dependency processing leave the loaded chart as it was', () => {
    const child = new Chart({ apiVersion: 'v2', name: 'child', version: '1.0.0' });
    child.values = loadValues('exports:\n  data:\n    shared: from-child\n');
    const optional = new Chart({ apiVersion: 'v2', name: 'optional', version: '1.0.0' });
    const parent = new Chart({
      apiVersion: 'v2',
      name: 'parent',
      version: '1.0.0',
      dependencies: [
        { name: 'child', version: '1.0.0', alias: 'renamed', importValues: ['data'] },
        { name: 'optional', version: '1.0.0', condition: 'optional.enabled' },
      ],
    });
    parent.values = loadValues('optional:\n  enabled: false\n');
    parent.addDependency(child, optional);
    const before = snapshot(parent);

    const copy = copyChartTree(parent);
    processDependencies(copy, new Map());

    assert.deepEqual(copy.dependencies.map((d) => d.name()), ['renamed']);
    assert.equal(copy.values.get('shared'), 'from-child');
    assert.equal(snapshot(parent), before);
    assert.deepEqual(parent.dependencies.map((d) => d.name()), ['child', 'optional']);
    assert.equal(child.parent, parent);
  });
});

/** Metadata, values and dependencies of a chart tree, as text. */
function snapshot(c: Chart): string {
  const replacer = (_key: string, v: unknown): unknown => (v instanceof Map ? Object.fromEntries(v) : v);
  const tree = (t: Chart): unknown => ({ metadata: t.metadata, values: t.values, dependencies: t.dependencies.map(tree) });
  return JSON.stringify(tree(c), replacer);
}
