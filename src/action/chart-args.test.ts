import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPaths } from '../repo/paths.js';
import { ChartResolver } from '../repo/resolve.js';
import { nameAndChart, resolveChartRef } from './chart-args.js';

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

test('chart references resolve to local paths or give helm errors', async () => {
  const home = mkdtempSync(join(tmpdir(), 'capstan-chart-args-'));
  try {
    const paths = repoPaths({ repositoryConfig: join(home, 'repositories.yaml'), repositoryCache: join(home, 'cache'), contentCache: join(home, 'content') });
    const resolver = new ChartResolver({ paths, writeCompact: false, warn: () => {} });
    const locate = (ref: string) => resolveChartRef({ ref }, resolver);
    assert.equal(await locate('examples/hello'), `${process.cwd()}/examples/hello`);
    await assert.rejects(locate('./nope'), /^Error: path "\.\/nope" not found$/);
    await assert.rejects(locate('/nope/x'), /^Error: path "\/nope\/x" not found$/);
    await assert.rejects(locate('nope'), /non-absolute URLs should be in form of repo_name\/path_to_chart, got: nope$/);
    await assert.rejects(locate('stable/nope'), /repo stable not found$/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
