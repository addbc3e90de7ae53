// Go's filepath.Match (cases from Go's own match_test.go) and .helmignore rule semantics.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BAD_PATTERN, IgnoreRules, goPathMatch } from './ignore.js';

const GO_MATCH: [string, string, boolean | 'bad'][] = [
  ['abc', 'abc', true], ['*', 'abc', true], ['*c', 'abc', true], ['a*', 'a', true], ['a*', 'abc', true],
  ['a*', 'ab/c', false], ['a*/b', 'abc/b', true], ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true], ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false], ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true], ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[c]', 'abc', true], ['ab[b-d]', 'abc', true], ['ab[e-g]', 'abc', false], ['ab[^c]', 'abc', false],
  ['ab[^b-d]', 'abc', false], ['ab[^e-g]', 'abc', true], ['a\\*b', 'a*b', true], ['a\\*b', 'ab', false],
  ['a?b', 'a☺b', true], ['a[^a]b', 'a☺b', true], ['a???b', 'a☺b', false], ['a[^a][^a][^a]b', 'a☺b', false],
  ['[a-ζ]*', 'α', true], ['*[a-ζ]', 'A', false], ['a?b', 'a/b', false], ['a*b', 'a/b', false],
  ['[\\]a]', ']', true], ['[\\-]', '-', true], ['[x\\-]', 'x', true], ['[x\\-]', '-', true], ['[x\\-]', 'z', false],
  ['[\\-x]', 'x', true], ['[\\-x]', '-', true], ['[\\-x]', 'a', false],
  ['[]a]', ']', 'bad'], ['[-]', '-', 'bad'], ['[x-]', 'x', 'bad'], ['[x-]', '-', 'bad'], ['[x-]', 'z', 'bad'],
  ['[-x]', 'x', 'bad'], ['[-x]', '-', 'bad'], ['[-x]', 'a', 'bad'], ['\\', 'a', 'bad'], ['[a-b-c]', 'a', 'bad'],
  ['[', 'a', 'bad'], ['[^', 'a', 'bad'], ['[^bc', 'a', 'bad'], ['a[', 'a', 'bad'], ['a[', 'ab', 'bad'],
  ['a[', 'x', 'bad'], ['a/b[', 'x', 'bad'], ['*x', 'xxx', true],
];

describe('goPathMatch', () => {
  for (const [pattern, name, want] of GO_MATCH) {
    it(`${pattern} ~ ${name}`, () => {
      if (want === 'bad') assert.throws(() => goPathMatch(pattern, name), { message: BAD_PATTERN });
      else assert.equal(goPathMatch(pattern, name), want);
    });
  }
});

describe('IgnoreRules', () => {
  const cases: [string, string, boolean, boolean][] = [
    // rules, path, isDir, ignored
    ['helm.txt', 'helm.txt', false, true],
    ['helm.*', 'helm.txt', false, true],
    ['*.txt', 'mast/a.txt', false, true],
    ['cargo/*.txt', 'cargo/a.txt', false, true],
    ['cargo/*.txt', 'cargo/x/a.txt', false, false],
    ['/helm.txt', 'helm.txt', false, true],
    ['/helm.txt', 'cargo/helm.txt', false, false],
    ['cargo/', 'cargo', true, true],
    ['cargo/', 'cargo', false, false],
    ['!cargo/', 'cargo', false, true],
    ['!*.txt', 'a.txt', false, false],
    ['!*.txt', 'a.yaml', false, true],
    ['a.txt\n!a.txt', 'a.txt', false, true],
    ['# a.txt\n\n  ', 'a.txt', false, false],
  ];
  for (const [rules, path, isDir, want] of cases) {
    it(`${JSON.stringify(rules)} on ${path}${isDir ? '/' : ''}`, () => {
      assert.equal(IgnoreRules.parse(rules).ignores(path, isDir), want);
    });
  }

  it('ignores dot files directly under templates/ by default', () => {
    const r = new IgnoreRules();
    r.addDefaults();
    assert.equal(r.ignores('templates/.x.yaml', false), true);
    assert.equal(r.ignores('templates/sub/.x.yaml', false), false);
    assert.equal(r.ignores('.helmignore', false), false);
  });

  it('refuses ** and malformed rules as helm does', () => {
    assert.throws(() => IgnoreRules.parse('a/**/b'), { message: 'double-star (**) syntax is not supported' });
    assert.throws(() => IgnoreRules.parse('[a'), { message: BAD_PATTERN });
  });
});
