import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chart } from '../chart/chart.js';
import { coalesceValues } from './coalesce.js';
import { validateValues } from './schema.js';

describe('values.schema.json', () => {
  it('validates subcharts with their own values and reports a non-map', () => {
    const parent = new Chart({ name: 'p', version: '0.1.0', apiVersion: 'v2' });
    const sub = new Chart({ name: 's', version: '0.1.0', apiVersion: 'v2' });
    sub.schema = new TextEncoder().encode('{"required":["x"]}');
    parent.addDependency(sub);
    assert.throws(() => validateValues(parent, coalesceValues(parent, new Map())), {
      message: "values don't meet the specifications of the schema(s) in the following chart(s):\ns:\n- at '': missing property 'x'\n",
    });
  });
});
