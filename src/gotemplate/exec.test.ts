// Unit tests of behaviour helm cannot show (other missingkey modes, Go's own slice builtin, the
// template set API); expectations come from Go 1.25's text/template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecError, TemplateSet, type MissingKey } from './index.js';
import { fromJS, goFunc, GoError, type GoValue } from './value.js';

const DATA = fromJS({ m: { a: 1 }, l: ['a', 'b', 'c'], s: 'héllo', n: null });

function render(text: string, missingKey: MissingKey = 'default', data: GoValue = DATA): string {
  const set = new TemplateSet(new Map(), { missingKey });
  try {
    set.parse('t', text);
    return set.execute('t', data);
  } catch (e) {
    return `ERR ${(e as Error).message}`;
  }
}

test('missingkey modes', () => {
  assert.equal(render('{{ .missing }}|{{ .missing.x }}'), '<no value>|<no value>');
  assert.equal(render('{{ $x := .missing }}{{ $x.y }}'), '<no value>');
  assert.equal(render('{{ printf "%s" .missing }}'), '%!s(<nil>)');
  assert.equal(render('{{ .m.zz }}', 'error'), 'ERR template: t:1:5: executing "t" at <.m.zz>: map has no entry for key "zz"');
  assert.equal(render('{{ eq .missing 1 }}', 'error'), 'ERR template: t:1:6: executing "t" at <.missing>: map has no entry for key "missing"');
  assert.equal(render('{{ .missing }}|{{ .missing.x }}', 'zero'), 'ERR template: t:1:26: executing "t" at <.missing.x>: nil pointer evaluating interface {}.x');
  assert.equal(render('{{ $x := .missing }}{{ $x.y }}', 'zero'), '<no value>');
});

test("Go's slice builtin", () => {
  assert.equal(render('{{ slice .l 1 }} {{ slice .l 0 2 }} {{ slice .s 1 3 }} {{ slice .l }} {{ slice .l 1 2 3 }}'), '[b c] [a b] é [a b c] [b]');
  assert.equal(render('{{ slice .l 2 1 }}'), 'ERR template: t:1:3: executing "t" at <slice .l 2 1>: error calling slice: invalid slice index: 2 > 1');
  assert.equal(render('{{ slice .l 0 9 }}'), 'ERR template: t:1:3: executing "t" at <slice .l 0 9>: error calling slice: index out of range: 9');
  assert.equal(render('{{ slice .s 0 1 2 }}'), 'ERR template: t:1:3: executing "t" at <slice .s 0 1 2>: error calling slice: cannot 3-index slice a string');
  assert.equal(render('{{ slice 1 0 }}'), 'ERR template: t:1:3: executing "t" at <slice 1 0>: error calling slice: can\'t slice item of type int');
  assert.equal(render('{{ index .l 3 }}'), 'ERR template: t:1:3: executing "t" at <index .l 3>: error calling index: reflect: slice index out of range');
  assert.equal(render('{{ index .s 5 }}'), '111');
});

test('template set: definitions, redefinition and lookup errors', () => {
  const set = new TemplateSet(new Map());
  set.parse('a', '{{define "x"}}one{{end}}');
  set.parse('b', '{{define "x"}} {{end}}');
  assert.equal(set.execute('x', null), 'one');
  set.parse('c', '{{define "x"}}two{{end}}');
  assert.equal(set.execute('x', null), 'two');
  assert.ok(set.has('a') && set.has('x') && !set.has('zz'));
  assert.throws(() => set.execute('zz', null), { message: 'template: no template "zz" associated with template "gotpl"' });
  assert.throws(() => set.parse('d', '{{define "y"}}a{{end}}{{define "y"}}b{{end}}'), { message: 'template: d:1: template: multiple definition of template "y"' });
  assert.equal(render('{{ template "nope" }}'), 'ERR template: t:1:12: executing "t" at <{{template "nope"}}>: template "nope" not defined');
  assert.equal(render('{{ range $i, $e := 3 }}{{ end }}'), 'ERR template: t:1:19: executing "t" at <3>: can\'t use 3 to iterate over more than one variable');
});

test('clone and setFuncs: the clone changes independently', () => {
  const greet = goFunc('greet', ['string'], (s) => `hi ${s as string}`);
  const set = new TemplateSet(new Map([['greet', greet]]));
  set.parse('t', '{{ greet "a" }}');
  const copy = set.clone();
  copy.setFuncs(new Map([['greet', goFunc('greet', ['string'], (s) => `yo ${s as string}`)]]));
  copy.parse('u', '{{ template "t" }}!');
  assert.equal(set.execute('t', null), 'hi a');
  assert.equal(copy.execute('u', null), 'yo a!');
  assert.equal(set.has('u'), false);
});

test('function errors, nested executions and argument conversion', () => {
  const set = new TemplateSet(new Map());
  const include = goFunc('include', ['string', 'interface {}'], (name, data) => set.execute(name as string, data), { result: 'string', returnsError: true });
  const fail = goFunc('fail', ['string'], (msg) => {
    throw new GoError(msg as string);
  });
  const repeat = goFunc('repeat', ['int', 'string'], (n, s) => (s as string).repeat(Number(n)), { result: 'string' });
  set.setFuncs(new Map([['include', include], ['fail', fail], ['repeat', repeat]]));
  set.parse('t', '{{ define "inner" }}{{ fail "boom" }}{{ end }}{{ include "inner" . }}');
  try {
    set.execute('t', null);
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof ExecError);
    assert.equal(e.message, 'template: t:1:49: executing "t" at <include "inner" .>: error calling include: template: t:1:23: executing "inner" at <fail "boom">: error calling fail: boom');
    assert.equal(e.location, 't:1:49');
    assert.equal(e.templateName, 't');
    assert.equal(e.nodeText, 'include "inner" .');
  }
  set.parse('r', '{{ repeat 2 "ab" }}|{{ repeat 2.5 "x" }}');
  assert.throws(() => set.execute('r', null), { message: 'template: r:1:30: executing "r" at <2.5>: expected integer; found 2.5' });
  set.parse('w', '{{ repeat .n "x" }}');
  assert.throws(() => set.execute('w', fromJS({ n: 2 })), { message: 'template: w:1:10: executing "w" at <.n>: wrong type for value; expected int; got float64' });
  set.parse('v', '{{ repeat 1 .missing }}');
  assert.throws(() => set.execute('v', new Map()), { message: 'template: v:1:12: executing "v" at <.missing>: invalid value; expected string' });
  set.parse('z', '{{ repeat 1 }}');
  assert.throws(() => set.execute('z', null), { message: 'template: z:1:3: executing "z" at <repeat>: wrong number of args for repeat: want 2 got 1' });
});

test('runaway recursion ends in Go\'s depth error, not a crash', () => {
  const set = new TemplateSet(new Map());
  set.parse('t', '{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}');
  assert.throws(() => set.execute('t', null), (e: unknown) => e instanceof ExecError && e.detail === 'exceeded maximum template depth (100000)');
});
