import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goInt } from '../gotemplate/value.js';
import { stringFuncs } from './strings.js';

const call = (name: string, ...args: Parameters<(typeof stringFuncs)[number]['call']>) => stringFuncs.find((f) => f.name === name)!.call(...args);

test('byte-based slicing follows Go', () => {
  assert.equal(call('trunc', goInt(-3), 'abcdef'), 'def');
  assert.throws(() => call('substr', goInt(4), goInt(2), 'abcdef'), /slice bounds out of range \[4:2\]/);
});

test('split returns a map[string]string indexed _0.._n', () => {
  const m = call('split', '/', 'a/b') as Map<string, string>;
  assert.deepEqual([...m], [['_0', 'a'], ['_1', 'b']]);
});
