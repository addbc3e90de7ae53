// Untrusted chart archives refused by the loader, and what it keeps from them (the comparison with
// helm's loader is in test/conformance/chart/load.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LIMITS, readArchiveFiles, type ChartLoadLimits } from './archive.js';
import { loadArchive } from './load.js';
import { buildTgz, type TarEntry } from '../../test/support/archives.js';


const CHART = { name: 'c/Chart.yaml', data: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' };
const TEMPLATE = { name: 'c/templates/a.yaml', data: 'kind: A\n' };

describe('untrusted archives', () => {
  const cases: Record<string, { entries: TarEntry[]; error: RegExp; limits?: ChartLoadLimits }> = {
    'parent directory': { entries: [CHART, { name: 'c/../../x', data: 'x' }], error: /^chart illegally references parent directory$/ },
    'absolute path': { entries: [CHART, { name: 'c//etc/passwd', data: 'x' }], error: /^chart illegally contains absolute paths$/ },
    'Chart.yaml at the top': { entries: [{ name: 'Chart.yaml', data: CHART.data }], error: /outside the base directory: "Chart.yaml"$/ },
    'drive letter': { entries: [CHART, { name: 'c\\c:\\x', data: 'x' }], error: /^chart contains illegally named files$/ },
    'symlink': { entries: [CHART, { name: 'c/templates/x.yaml', type: 'symlink', linkname: '/etc/passwd' }], error: /"c\/templates\/x.yaml" is a symbolic link/ },
    'hard link': { entries: [CHART, { name: 'c/templates/x.yaml', type: 'link', linkname: 'c/Chart.yaml' }], error: /"c\/templates\/x.yaml" is a hard link/ },
    'device': { entries: [CHART, { name: 'c/dev', type: 'character-device' }], error: /"c\/dev" is a character device/ },
    'oversized file': { entries: [CHART, { name: 'c/big.bin', data: Buffer.alloc(5 * 1024 * 1024 + 1) }], error: /^decompressed chart file "c\/big.bin" is larger than the maximum file size 5242880$/ },
    'oversized chart': {
      entries: [CHART, { name: 'c/a.bin', data: Buffer.alloc(600) }, { name: 'c/b.bin', data: Buffer.alloc(600) }],
      limits: { maxChartSize: 1000, maxFileSize: 800 },
      error: /^decompressed chart is larger than the maximum size 1000$/,
    },
    'empty archive': { entries: [{ name: 'c/', type: 'directory' }], error: /^no files in chart archive$/ },
  };
  for (const [label, { entries, error, limits }] of Object.entries(cases)) {
    it(`refuses ${label}`, async () => {
      await assert.rejects(readArchiveFiles(await buildTgz(entries), limits), { message: error });
    });
  }

  it('refuses too many entries', async () => {
    const many: TarEntry[] = [CHART];
    for (let i = 0; i < 11; i++) many.push({ name: `c/f${i}`, data: '' });
    await assert.rejects(readArchiveFiles(await buildTgz(many), { ...DEFAULT_LIMITS, maxEntries: 10 }), { message: /more than 10 entries/ });
  });

  it('strips the BOM and keeps modification times from archives', async () => {
    const chart = await loadArchive(await buildTgz([{ name: 'c/Chart.yaml', data: '\uFEFF' + CHART.data }, { name: 'c/values.yaml', data: '\uFEFFa: 1\n' }, TEMPLATE]));
    assert.equal(chart.name(), 'c');
    assert.deepEqual([...chart.values.entries()], [['a', 1]]);
    assert.ok(chart.templates[0].modTime instanceof Date);
  });
});
