import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goInt, sliceOf, typeName } from '../gotemplate/value.js';
import { listFuncs } from './lists.js';

const call = (name: string, ...args: Parameters<(typeof listFuncs)[number]['call']>) => listFuncs.find((f) => f.name === name)!.call(...args);

test('has compares with Go types: int 1 is not float64 1', () => {
  assert.equal(call('has', goInt(1), [1, 2]), false);
  assert.equal(call('has', 1, [1, 2]), true);
});

test('slice keeps the slice type, other list functions return []interface {}', () => {
  const strs = sliceOf(['a', 'b', 'c'], '[]string');
  assert.equal(typeName(call('slice', strs, goInt(1))), '[]string');
  assert.equal(typeName(call('rest', strs)), '[]interface {}');
});
