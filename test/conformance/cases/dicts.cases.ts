// Cases for the dict functions; `.Values` maps are fresh per snippet, so mutations do not leak.
import { goInt as i, mapOf, TypedNil } from '../../../src/gotemplate/value.js';
import type { FuncCase } from '../../support/functions.js';

export const dictValues = 'a: {x: 1, s: "", m: {p: 1, q: 0}, l: [1], e: {}}\nb: {x: 2, s: b, z: 3, m: {p: 2, q: 5, r: 1}, l: [2, 3], e: {k: v}}\nc: {x: null, s: "", m: 1}\n';

const a = (): Map<string, unknown> => new Map<string, unknown>([['x', 1], ['s', ''], ['m', new Map([['p', 1], ['q', 0]])], ['l', [1]], ['e', new Map()]]);
const b = (): Map<string, unknown> => new Map<string, unknown>([['x', 2], ['s', 'b'], ['z', 3], ['m', new Map([['p', 2], ['q', 5], ['r', 1]])], ['l', [2, 3]], ['e', new Map([['k', 'v']])]]);
const c = (): Map<string, unknown> => new Map<string, unknown>([['x', null], ['s', ''], ['m', 1]]);
type M = Map<string, import('../../../src/gotemplate/value.js').GoValue>;
const A = (): M => a() as M;
const B = (): M => b() as M;
const C = (): M => c() as M;
/** A nil map, as the executor passes `nil` for a map parameter. */
const NIL_MAP = new TypedNil('map[string]interface {}');
const d = (...kv: [string, import('../../../src/gotemplate/value.js').GoValue][]): M => new Map(kv);

export const dictCases: FuncCase[] = [
  { template: '{{ dict "a" 1 "b" "x" }}', fn: 'dict', args: ['a', i(1), 'b', 'x'] },
  { template: '{{ dict "a" }}', fn: 'dict', args: ['a'] },
  { template: '{{ dict 1 2 nil 3 }}', fn: 'dict', args: [i(1), i(2), null, i(3)] },
  { template: '{{ get .Values.a "x" }}', fn: 'get', args: [A(), 'x'] },
  { template: '{{ get .Values.a "missing" }}', fn: 'get', args: [A(), 'missing'] },
  { template: '{{ get .Values.c "x" }}', fn: 'get', args: [C(), 'x'] },
  { template: '{{ set .Values.a "x" 5 }}', fn: 'set', args: [A(), 'x', i(5)] },
  { template: '{{ set (dict) "k" nil }}', fn: 'set', args: [d(), 'k', null] },
  { template: '{{ set nil "k" 1 }}', fn: 'set', args: [NIL_MAP, 'k', i(1)] },
  { template: '{{ unset .Values.a "x" }}', fn: 'unset', args: [A(), 'x'] },
  { template: '{{ unset .Values.a "nope" }}', fn: 'unset', args: [A(), 'nope'] },
  { template: '{{ unset nil "nope" }}', fn: 'unset', args: [NIL_MAP, 'nope'] },
  { template: '{{ hasKey .Values.c "x" }}', fn: 'hasKey', args: [C(), 'x'] },
  { template: '{{ hasKey .Values.c "zz" }}', fn: 'hasKey', args: [C(), 'zz'] },
  { template: '{{ hasKey nil "zz" }}', fn: 'hasKey', args: [NIL_MAP, 'zz'] },
  { template: '{{ pluck "x" .Values.a .Values.b .Values.c }}', fn: 'pluck', args: ['x', A(), B(), C()] },
  { template: '{{ pluck "zz" .Values.a }}', fn: 'pluck', args: ['zz', A()] },
  { template: '{{ pluck "z" }}', fn: 'pluck', args: ['z'] },
  { template: '{{ keys .Values.a | sortAlpha }}', fn: 'keys', args: [A()] },
  { template: '{{ keys (dict) }}', fn: 'keys', args: [d()] },
  { template: '{{ keys (dict "only" 1) (dict "two" 2) }}', fn: 'keys', args: [d(['only', i(1)]), d(['two', i(2)])] },
  { template: '{{ values (dict "k" 1) }}', fn: 'values', args: [d(['k', i(1)])] },
  { template: '{{ values (dict) }}', fn: 'values', args: [d()] },
  { template: '{{ values nil }}', fn: 'values', args: [NIL_MAP] },
  { template: '{{ pick .Values.a "x" "s" "zz" }}', fn: 'pick', args: [A(), 'x', 's', 'zz'] },
  { template: '{{ pick .Values.a }}', fn: 'pick', args: [A()] },
  { template: '{{ pick nil "x" }}', fn: 'pick', args: [NIL_MAP, 'x'] },
  { template: '{{ omit .Values.a "x" "m" }}', fn: 'omit', args: [A(), 'x', 'm'] },
  { template: '{{ omit .Values.a }}', fn: 'omit', args: [A()] },
  { template: '{{ omit nil }}', fn: 'omit', args: [NIL_MAP] },
  { template: '{{ merge .Values.a .Values.b }}', fn: 'merge', args: [A(), B()] },
  { template: '{{ merge .Values.c .Values.b }}', fn: 'merge', args: [C(), B()] },
  { template: '{{ merge (dict) .Values.b .Values.a }}', fn: 'merge', args: [d(), B(), A()] },
  { template: '{{ merge .Values.a }}', fn: 'merge', args: [A()] },
  { template: '{{ merge (dict "k" false "z" 0) (dict "k" true "z" 2 "w" nil) }}', fn: 'merge', args: [d(['k', false], ['z', i(0)]), d(['k', true], ['z', i(2)], ['w', null])] },
  { template: '{{ mustMerge .Values.b .Values.c }}', fn: 'mustMerge', args: [B(), C()] },
  { template: '{{ mergeOverwrite .Values.a .Values.b }}', fn: 'mergeOverwrite', args: [A(), B()] },
  { template: '{{ mergeOverwrite .Values.b .Values.c }}', fn: 'mergeOverwrite', args: [B(), C()] },
  { template: '{{ mergeOverwrite .Values.b .Values.a }}', fn: 'mergeOverwrite', args: [B(), A()] },
  { template: '{{ mustMergeOverwrite (dict "l" (list 1 2)) (dict "l" (list)) }}', fn: 'mustMergeOverwrite', args: [d(['l', [i(1), i(2)]]), d(['l', []])] },
  { template: '{{ deepCopy .Values.a }}', fn: 'deepCopy', args: [A()] },
  { template: '{{ deepCopy 1 }}', fn: 'deepCopy', args: [i(1)] },
  { template: '{{ deepCopy nil }}', fn: 'deepCopy', args: [null] },
  { template: '{{ mustDeepCopy nil }}', fn: 'mustDeepCopy', args: [null] },
  { template: '{{ mustDeepCopy (list 1 (dict "a" 2)) }}', fn: 'mustDeepCopy', args: [[i(1), d(['a', i(2)])]] },
  { template: '{{ dig "n" "p" "def" (dict "n" (dict "p" 7)) }}', fn: 'dig', args: ['n', 'p', 'def', d(['n', d(['p', i(7)])])] },
  { template: '{{ dig "n" "zz" "def" (dict "n" (dict "p" 7)) }}', fn: 'dig', args: ['n', 'zz', 'def', d(['n', d(['p', i(7)])])] },
  { template: '{{ dig "x" "def" (dict "x" nil) }}', fn: 'dig', args: ['x', 'def', d(['x', null])] },
  { template: '{{ dig "x" "y" "def" (dict "x" 1) }}', fn: 'dig', args: ['x', 'y', 'def', d(['x', i(1)])] },
  { template: '{{ dig "x" "y" "def" .Values }}', fn: 'dig', args: ['x', 'y', 'def', mapOf(d(), 'common.Values')] },
  { template: '{{ dig "x" (dict) }}', fn: 'dig', args: ['x', d()] },
  { template: '{{ dig 1 "def" (dict) }}', fn: 'dig', args: [i(1), 'def', d()] },
  { template: '{{ dig "x" "def" nil }}', fn: 'dig', args: ['x', 'def', null] },
];
