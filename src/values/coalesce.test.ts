import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chart } from '../chart/chart.js';
import { loadValues } from '../yaml/read.js';
import { coalesceValues, mergeValues } from './coalesce.js';

function chart(name: string, valuesYaml: string, ...deps: Chart[]): Chart {
  const c = new Chart({ name, version: '0.1.0', apiVersion: 'v2' });
  c.values = loadValues(valuesYaml);
  c.addDependency(...deps);
  return c;
}

describe('mergeValues', () => {
  it('keeps nulls that coalescing removes', () => {
    const root = chart('top', 'a: 1\nb: {c: 1}\n');
    const user = loadValues('a: null\nb: {c: null}\n');
    assert.deepStrictEqual(mergeValues(root, user), loadValues('a: null\nb: {c: null}\n'));
    assert.deepStrictEqual(coalesceValues(root, user), loadValues('b: {}\n'));
  });
});
