// semverCompare and semver against helm 4.1.4 (Masterminds/semver v3.4.0 inside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { semverFuncs } from '../../../src/funcs/semver.js';
import { callFunc, helmFunctionError, helmOutputs, quote } from '../../support/functions.js';

const CONSTRAINTS = [
  '>=1.2.3', '>1.2.3', '<1.2.3', '<=1.2.3', '=1.2.3', '1.2.3', '!=1.2.3', 'v1.2.3',
  '~1.2.3', '~1.2', '~1', '~0.2.3', '~0', '~>1.2', '^1.2.3', '^1.2', '^1', '^0.2.3', '^0.2', '^0.0.3', '^0.0', '^0',
  '1.2.x', '1.x', '*', 'x', '1.X.x', '>1.x', '>1.2.x', '<=1.x', '<=1.2.x', '!=1.x', '!=1.2.x', '!=1.2.3-beta.1',
  '1.2 - 1.4.5', '1.2.3 - 2', '>= 1.2, < 2.0', '>=1.2 <2.0', '>=1.2,<2.0 || >=3.0', '1.x || 3.x', '<1 || >=2.5',
  '>=1.19-0', '<1.19-0', '>= 1.19.0-0 < 1.22.0-0', '^1.2.3-alpha', '~1.2.3-beta.2', '>=1.2.3-alpha.1', '1.2.3-alpha.1',
  '>=0.0.0', '>0', '>=v1.2', '=>1.2', '=<1.2', '>=1.2.3+build', '^0.0.0', '~0.0.0',
];

const VERSIONS = [
  '1.2.3', '1.2.4', '1.3.0', '1.2.2', '2.0.0', '0.2.4', '0.3.0', '0.0.3', '0.0.4', '1.2.3-alpha.1', '1.2.3-beta.10',
  '1.20.0-gke.1', 'v1.21.3', '1.18', 'v2', '3.1.0', '1.2.3+meta', '0.0.0', '1.19.0-0', '1.2.3-alpha.b',
];

test('semverCompare matches helm over a constraint × version matrix', async () => {
  const lines = CONSTRAINTS.flatMap((c) => VERSIONS.map((v) => [c, v] as const));
  const template = lines.map(([c, v]) => `{{ semverCompare ${quote(c)} ${quote(v)} }}`).join('\n');
  const helm = await helmOutputs({ 'matrix.txt': template });
  const helmResult = helm.get('matrix.txt');
  assert.ok(helmResult && 'output' in helmResult, JSON.stringify(helmResult));
  const helmLines = helmResult.output.split('\n');
  assert.equal(helmLines.length, lines.length);
  const mismatches: string[] = [];
  lines.forEach(([c, v], i) => {
    const ours = callFunc(semverFuncs, 'semverCompare', c, v);
    const got = 'output' in ours ? ours.output : `error: ${ours.error}`;
    if (got !== helmLines[i]) mismatches.push(`semverCompare ${quote(c)} ${quote(v)}: helm ${helmLines[i]}, capstan ${got}`);
  });
  assert.deepEqual(mismatches, []);
});

test('semverCompare and semver errors match helm', async () => {
  const cases: [string, string, string][] = [
    ['bad-constraint', 'semverCompare', '"foo" "1.0.0"'],
    ['empty-constraint', 'semverCompare', '"" "1.0.0"'],
    ['pipe-constraint', 'semverCompare', '">1|2" "1.0.0"'],
    ['x-in-number', 'semverCompare', '"1.2.x3" "1.0.0"'],
    ['leading-zero-pre', 'semverCompare', '"1.2.3-alpha.01" "1.0.0"'],
    ['bad-version', 'semverCompare', '">1" "foo"'],
    ['empty-version', 'semverCompare', '">1" ""'],
    ['pre-zero', 'semverCompare', '">1" "1.2.3-01"'],
    ['bad-meta', 'semverCompare', '">1" "1.2.3+a..b"'],
    ['huge', 'semverCompare', '">1" "99999999999999999999.0.0"'],
    ['semver-bad', 'semver', '"1.2.3.4"'],
  ];
  const helm = await helmOutputs(Object.fromEntries(cases.map(([name, fn, args]) => [name, `{{ ${fn} ${args} }}`])));
  for (const [name, fn, args] of cases) {
    const parsedArgs = JSON.parse(`[${args.replace('" "', '", "')}]`) as string[];
    const ours = callFunc(semverFuncs, fn, ...parsedArgs);
    const expected = helmFunctionError(helm.get(name), fn);
    assert.ok(expected !== undefined, `${name}: helm did not fail: ${JSON.stringify(helm.get(name))}`);
    assert.deepEqual(ours, { error: expected }, name);
  }
});

test('semver object methods and printing match helm', async () => {
  const versions = ['1.2.3', 'v1.2', '2.0.0-rc.1+build.5', 'v3', '0.0.0-0'];
  const members = ['', '.Major', '.Minor', '.Patch', '.Prerelease', '.Metadata', '.Original', '.String', '.IncPatch', '.IncMinor', '.IncMajor'];
  const templates: Record<string, string> = {};
  versions.forEach((v, i) => {
    templates[`v${i}.txt`] = members.map((m) => `{{ (semver ${quote(v)})${m} }}`).join('\n');
  });
  templates['cmp.txt'] = `{{ (semver "1.2.3").Compare (semver "1.3.0") }} {{ (semver "1.2.3").LessThan (semver "1.3.0") }} {{ (semver "1.2.3").Equal (semver "v1.2.3+x") }}`;
  const helm = await helmOutputs(templates);
  const semverFn = semverFuncs.find((f) => f.name === 'semver')!;
  versions.forEach((v, i) => {
    const obj = semverFn.call(v);
    const ours = members.map((m) => {
      if (m === '') return callFunc(semverFuncs, 'semver', v);
      const method = (obj as import('../../../src/funcs/semver.js').SemverVersion).method(m.slice(1))!;
      return callFunc([method], method.name);
    });
    const helmLines = (helm.get(`v${i}.txt`) as { output: string }).output.split('\n');
    assert.deepEqual(ours.map((o) => ('output' in o ? o.output : o.error)), helmLines, v);
  });
  assert.deepEqual(helm.get('cmp.txt'), { output: '-1 true true' });
});
