import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadValues } from '../yaml/read.js';
import { isCompatibleRange, valuesPathValue } from './dependencies.js';

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
