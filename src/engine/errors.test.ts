import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanupParseError, reformatExecError, warnWrap } from './errors.js';

test('parse errors keep the location and the last message', () => {
  const err = cleanupParseError('c/templates/a.yaml', new Error('template: c/templates/a.yaml:2: unclosed action started at c/templates/a.yaml:1'));
  assert.equal(err.message, 'parse error at (c/templates/a.yaml:2): unclosed action started at c/templates/a.yaml:1');
});

test('required/fail messages become "execution error at" with the outermost location', () => {
  const text = `template: c/templates/a.yaml:1:6: executing "c/templates/a.yaml" at <include "h" .>: error calling include: template: c/templates/_h.tpl:1:3: executing "g" at <fail "boom">: error calling fail: ${warnWrap('boom\nline 2')}`;
  assert.equal(reformatExecError('c/templates/a.yaml', new Error(text), true).message, 'execution error at (c/templates/a.yaml:1:6): boom\nline 2');
});

test('nested include errors become helm 4\'s trace (engine_test.go of helm 4)', () => {
  const text =
    'template: NestedHelperFunctions/templates/svc.yaml:1:9: executing "NestedHelperFunctions/templates/svc.yaml" at <include "nested_helper.name" .>: error calling include: ' +
    'template: NestedHelperFunctions/templates/_helpers_1.tpl:1:39: executing "nested_helper.name" at <include "common.names.get_name" .>: error calling include: ' +
    'template: NestedHelperFunctions/charts/common/templates/_helpers_2.tpl:1:49: executing "common.names.get_name" at <.Values.nonexistant.key>: nil pointer evaluating interface {}.key';
  const expected = `NestedHelperFunctions/templates/svc.yaml:1:9
  executing "NestedHelperFunctions/templates/svc.yaml" at <include "nested_helper.name" .>:
    error calling include:
NestedHelperFunctions/templates/_helpers_1.tpl:1:39
  executing "nested_helper.name" at <include "common.names.get_name" .>:
    error calling include:
NestedHelperFunctions/charts/common/templates/_helpers_2.tpl:1:49
  executing "common.names.get_name" at <.Values.nonexistant.key>:
    nil pointer evaluating interface {}.key`;
  assert.equal(reformatExecError('x', new Error(text), true).message, expected);
});

test('a missing template ends the trace with Go\'s text', () => {
  const text = 'template: multiline/templates/svc.yaml:1:9: executing "multiline/templates/svc.yaml" at <include "nested_helper.name" .>: error calling include: template: no template "nested_helper.name" associated with template "gotpl"';
  assert.equal(
    reformatExecError('x', new Error(text), true).message,
    'multiline/templates/svc.yaml:1:9\n  executing "multiline/templates/svc.yaml" at <include "nested_helper.name" .>:\n    error calling include:\ntemplate: no template "nested_helper.name" associated with template "gotpl"',
  );
});

test('a chain with a non-template error (a function\'s own error, tpl) keeps Go\'s one-line text', () => {
  const div = 'template: q/templates/a.yaml:1:18: executing "q/templates/a.yaml" at <div 1>: error calling div: runtime error: integer divide by zero';
  assert.equal(reformatExecError('x', new Error(div), true).message, div);
  const tpl = 'template: c/templates/a.yaml:1:6: executing "c/templates/a.yaml" at <tpl "{{ .Values.x.y }}" .>: error calling tpl: error during tpl function execution for "{{ .Values.x.y }}": template: gotpl:1:10: executing "gotpl" at <.Values.x.y>: nil pointer evaluating interface {}.y';
  assert.equal(reformatExecError('x', new Error(tpl), true).message, tpl);
});

test('errors that are not execution errors pass unchanged', () => {
  const e = new Error('template: no template "x" associated with template "gotpl"');
  assert.equal(reformatExecError('x', e, false), e);
});
