// The fast index.yaml reader on indexes that helm itself writes (helm package + helm repo index).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIndex } from '../../../src/repo/index-file.js';
import { assertFastAndEqual } from '../../../src/repo/index-yaml.testutil.js';
import { helm, writeChart } from '../../support/helm.js';
import { CORPUS_DIR } from '../../support/capstan.js';

test('indexes written by helm (corpus charts and tricky metadata) are read fast and equal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'capstan-index-yaml-'));
  try {
    const tricky = join(dir, 'src', 'tricky');
    writeChart(tricky, {
      'Chart.yaml': [
        'apiVersion: v2',
        'name: tricky',
        'version: 1.0.0-rc.1+build.5',
        'appVersion: "1.10"',
        'description: "Ünïcödé 😀: quoted \\"text\\", a # sign, a tab\\there, trailing space \\nand a second line that is long enough to be wrapped by yaml.v2 at eighty columns "',
        "home: 'https://example.com/it''s'",
        'keywords: ["yes", "null", "1.0", "- dash", "[bracket]", ""]',
        'annotations:',
        '  artifacthub.io/changes: |',
        '    - kind: added',
        '      description: "multi-line: annotation"',
        '  "weird key: with colon": value',
        '  empty: ""',
        'maintainers:',
        '  - name: "O\'Brien"',
        '    email: o@example.com',
        '  - name: nobody',
        'dependencies:',
        '  - name: sub',
        '    version: ">=1.0.0 <2.0.0"',
        '    repository: "file://../sub"',
        '    alias: child',
        '    condition: sub.enabled,global.sub',
        '    tags: [a, b]',
        '    import-values:',
        '      - child: data',
        '        parent: imported',
        '',
      ].join('\n'),
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
    });
    const out = join(dir, 'out');
    const charts = readdirSync(CORPUS_DIR)
      .map((n) => join(CORPUS_DIR, n))
      .filter((p) => statSync(p).isDirectory());
    const pkg = await helm(['package', ...charts, tricky, '-d', out]);
    assert.equal(pkg.code, 0, pkg.stderr);
    const idx = await helm(['repo', 'index', out]);
    assert.equal(idx.code, 0, idx.stderr);
    const text = readFileSync(join(out, 'index.yaml'), 'utf8');
    assertFastAndEqual(text);
    const index = parseIndex(new TextEncoder().encode(text), 'test');
    assert.equal(index.entries.size, charts.length + 1);
    assert.match(index.entries.get('tricky')![0].description!, /^Ünïcödé 😀: quoted "text", a # sign/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
