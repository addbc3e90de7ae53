// Unit tests for the Masterminds port; the full constraint matrix is checked against helm in
// src/funcs/semver.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConstraint, parseStrictVersion, parseVersion, sortVersions } from './index.js';

test('NewVersion keeps the original text and prints canonically', () => {
  const v = parseVersion('v1.2');
  assert.equal(v.toString(), '1.2.0');
  assert.equal(v.original, 'v1.2');
  assert.equal(parseVersion('01.002.3').toString(), '1.2.3');
  assert.equal(parseVersion('1.2.3-beta.1+build.7').prerelease, 'beta.1');
  assert.throws(() => parseVersion('1.2.3.4'), /^SemverError: invalid semantic version$/);
  assert.throws(() => parseVersion('1.2.3-01'), /version segment starts with 0/);
});

test('StrictNewVersion rejects what SemVer 2.0 rejects', () => {
  assert.equal(parseStrictVersion('1.2.3-rc.1+meta').toString(), '1.2.3-rc.1+meta');
  assert.throws(() => parseStrictVersion('v1.2.3'), /invalid characters in version/);
  assert.throws(() => parseStrictVersion('1.2'), /invalid semantic version/);
  assert.throws(() => parseStrictVersion('01.2.3'), /version segment starts with 0/);
  assert.throws(() => parseStrictVersion(''), /version string empty/);
});

test('versions order by SemVer precedence', () => {
  const sorted = sortVersions(['1.0.0', '1.0.0-rc.1', '1.0.0-beta.11', '1.0.0-beta.2', '1.0.0-alpha', '1.0.0-alpha.1', '0.9.9'].map(parseVersion));
  assert.deepEqual(sorted.map(String), ['0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0']);
  assert.equal(parseVersion('1.2.3+a').compare(parseVersion('1.2.3+b')), 0);
});

test('constraints validate with Masterminds’ reasons', () => {
  const c = parseConstraint('>=1.2, <2 || ^3.1');
  assert.equal(c.toString(), '>=1.2 <2 || ^3.1');
  assert.deepEqual(c.validate(parseVersion('2.5.0')), {
    ok: false,
    errors: ['2.5.0 is greater than or equal to 2', '2.5.0 is less than 3.1'],
  });
  assert.deepEqual(parseConstraint('>=1.0').validate(parseVersion('1.5.0-rc.1')), {
    ok: false,
    errors: ['1.5.0-rc.1 is a prerelease version and the constraint is only looking for release versions'],
  });
  assert.equal(parseConstraint('>=1.0-0').check(parseVersion('1.5.0-rc.1')), true);
  assert.throws(() => parseConstraint('>= 1.0 || bogus'), /^SemverError: improper constraint: {2}bogus$/);
});
