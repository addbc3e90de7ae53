// Cases for the reflection functions; `.Values` numbers are float64, lists []interface {}.
import { goInt as i, mapOf, sliceOf } from '../../../src/gotemplate/value.js';
import type { FuncCase } from '../../support/functions.js';

export const reflectionValues = 'f: 1\nl: [1, a]\nm: {a: 1}\n';

const M = (): Map<string, import('../../../src/gotemplate/value.js').GoValue> => new Map([['a', 1]]);

export const reflectionCases: FuncCase[] = [
  { template: '{{ typeOf .Values.f }}', fn: 'typeOf', args: [1] },
  { template: '{{ typeOf 1 }}', fn: 'typeOf', args: [i(1)] },
  { template: '{{ typeOf nil }}', fn: 'typeOf', args: [null] },
  { template: '{{ typeOf .Values.l }}', fn: 'typeOf', args: [[1, 'a']] },
  { template: '{{ typeOf (splitList "," "a") }}', fn: 'typeOf', args: [sliceOf(['a'], '[]string')] },
  { template: '{{ typeOf (split "," "a") }}', fn: 'typeOf', args: [mapOf(new Map([['_0', 'a']]), 'map[string]string')] },
  { template: '{{ typeIs "float64" .Values.f }}', fn: 'typeIs', args: ['float64', 1] },
  { template: '{{ typeIs "int" .Values.f }}', fn: 'typeIs', args: ['int', 1] },
  { template: '{{ typeIs "<nil>" nil }}', fn: 'typeIs', args: ['<nil>', null] },
  { template: '{{ typeIsLike "map[string]interface {}" .Values.m }}', fn: 'typeIsLike', args: ['map[string]interface {}', M()] },
  { template: '{{ typeIsLike "string" 1 }}', fn: 'typeIsLike', args: ['string', i(1)] },
  { template: '{{ typeIsLike "string" "s" }}', fn: 'typeIsLike', args: ['string', 's'] },
  { template: '{{ kindOf .Values.m }}', fn: 'kindOf', args: [M()] },
  { template: '{{ kindOf .Values.l }}', fn: 'kindOf', args: [[1, 'a']] },
  { template: '{{ kindOf nil }}', fn: 'kindOf', args: [null] },
  { template: '{{ kindOf 1 }}', fn: 'kindOf', args: [i(1)] },
  { template: '{{ kindIs "float64" .Values.f }}', fn: 'kindIs', args: ['float64', 1] },
  { template: '{{ kindIs "slice" "x" }}', fn: 'kindIs', args: ['slice', 'x'] },
  { template: '{{ kindIs "invalid" nil }}', fn: 'kindIs', args: ['invalid', null] },
  { template: '{{ deepEqual 1 .Values.f }}', fn: 'deepEqual', args: [i(1), 1] },
  { template: '{{ deepEqual 1.0 .Values.f }}', fn: 'deepEqual', args: [1, 1] },
  { template: '{{ deepEqual (list 1 "a") (list 1 "a") }}', fn: 'deepEqual', args: [[i(1), 'a'], [i(1), 'a']] },
  { template: '{{ deepEqual (list 1.0 "a") .Values.l }}', fn: 'deepEqual', args: [[1, 'a'], [1, 'a']] },
  { template: '{{ deepEqual (dict "a" 1.0) .Values.m }}', fn: 'deepEqual', args: [new Map([['a', 1]]), M()] },
  { template: '{{ deepEqual (dict "a" 1) .Values.m }}', fn: 'deepEqual', args: [new Map([['a', i(1)]]), M()] },
  { template: '{{ deepEqual nil nil }}', fn: 'deepEqual', args: [null, null] },
  { template: '{{ deepEqual (list) (splitList "," "") }}', fn: 'deepEqual', args: [[], sliceOf([''], '[]string')] },
];
