import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GoInt, type GoValue } from '../gotemplate/value.js';
import { parseSet, parseSetJSON, parseSetLiteral, parseSetString, typedValue } from './strvals.js';

function parsed(parse: (s: string, into: Map<string, GoValue>) => void, s: string): Map<string, GoValue> {
  const m = new Map<string, GoValue>();
  parse(s, m);
  return m;
}

describe('strvals units', () => {
  it('types scalars as --set does', () => {
    assert.deepEqual(typedValue('TRUE'), true);
    assert.deepEqual(typedValue('falſe'), false);
    assert.equal(typedValue('NuLl'), null);
    assert.deepEqual(typedValue('0'), new GoInt(0n, 'int64'));
    assert.deepEqual(typedValue('-05'), new GoInt(-5n, 'int64'));
    assert.equal(typedValue('007'), '007');
    assert.equal(typedValue('1.5'), '1.5');
    assert.equal(typedValue('9223372036854775808'), '9223372036854775808');
  });
  it('nests, indexes and escapes', () => {
    const m = parsed(parseSet, 'a.b[1].c=x,d\\.e=f\\,g');
    assert.deepEqual(m, new Map<string, GoValue>([
      ['a', new Map([['b', [null, new Map([['c', 'x']])]]])],
      ['d.e', 'f,g'],
    ]));
  });
  it('keeps --set-string and --set-literal values as text', () => {
    assert.deepEqual(parsed(parseSetString, 'a={1,true}'), new Map([['a', ['1', 'true']]]));
    assert.deepEqual(parsed(parseSetLiteral, 'a.b=x,y=z'), new Map([['a', new Map([['b', 'x,y=z']])]]));
  });
  it('reads JSON values and continues after them', () => {
    assert.deepEqual(parsed(parseSetJSON, 'a={"b":[1,null]}c=2'), new Map<string, GoValue>([['a', new Map([['b', [1, null]]])], ['c', 2]]));
  });
  it('reports errors with helm texts', () => {
    assert.throws(() => parsed(parseSet, 'a.b=1,a[0]=2'), { message: 'unable to parse key: interface conversion: interface {} is map[string]interface {}, not []interface {}' });
    assert.throws(() => parsed(parseSet, 'a[0]xy=1'), { message: "unexpected data at end of array index: ['x' 'y']" });
  });
});
