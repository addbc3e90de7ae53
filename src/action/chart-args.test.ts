import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locateChart, nameAndChart } from './chart-args.js';

test('two arguments are the name and the chart', () => {
  assert.deepEqual(nameAndChart(['rel', './c']), { name: 'rel', chart: './c' });
  assert.throws(() => nameAndChart(['rel', './c'], { generateName: true }), /cannot set --generate-name and also specify a name/);
  assert.throws(() => nameAndChart(['rel', './c'], { nameTemplate: 'x' }), /cannot set --name-template and also specify a name/);
  assert.throws(() => nameAndChart(['a', 'b', 'c', 'd']), /^Error: expected at most two arguments, unexpected arguments: c, d$/);
});

test('one argument takes a preset, templated or generated name', () => {
  assert.deepEqual(nameAndChart(['./c'], { releaseName: 'release-name' }), { name: 'release-name', chart: './c' });
  assert.deepEqual(nameAndChart(['./c'], { nameTemplate: '{{ "x" | upper }}-{{ add 1 2 }}' }), { name: 'X-3', chart: './c' });
  assert.deepEqual(nameAndChart(['charts/my.chart.tgz'], { generateName: true, now: () => 1700000000.7 }), { name: 'my-1700000000', chart: 'charts/my.chart.tgz' });
  assert.deepEqual(nameAndChart(['.'], { generateName: true, now: () => 5 }), { name: 'chart-5', chart: '.' });
  assert.throws(() => nameAndChart(['./c']), /must either provide a name or specify --generate-name/);
});

test('chart references resolve to local paths or give helm errors', () => {
  assert.equal(locateChart('examples/hello'), `${process.cwd()}/examples/hello`);
  assert.throws(() => locateChart('./nope'), /^Error: path "\.\/nope" not found$/);
  assert.throws(() => locateChart('/nope/x'), /^Error: path "\/nope\/x" not found$/);
  assert.throws(() => locateChart('nope'), /^Error: non-absolute URLs should be in form of repo_name\/path_to_chart, got: nope$/);
  assert.throws(() => locateChart('stable/nope'), /^Error: repo stable not found$/);
});
