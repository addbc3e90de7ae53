// Chart loading, checked against helm 4.1.4: the loaded tree of every corpus chart (through
// `helm package`, which writes back what helm's loader saw), Chart.yaml / values / requirements
// errors (helm's first error line), .helmignore, BOM, and untrusted archives.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import * as tar from 'tar-stream';
import { firstErrorLine, helm, removeTemp, tempChart, type ChartFiles } from '../../support/helm.js';
import { CORPUS_DIR, mapLimit } from '../../support/capstan.js';
import type { Chart } from '../../../src/chart/chart.js';
import { checkDependencies, checkInstallable } from '../../../src/chart/dependencies.js';
import { loadChart } from '../../../src/chart/load.js';
import { buildTgz, type TarEntry } from '../../support/archives.js';

/** Every file path of a loaded chart tree as `helm package` writes it back. */
function savedPaths(c: Chart, prefix = ''): string[] {
  const out = [`${prefix}Chart.yaml`];
  if (c.raw.some((f) => f.name === 'values.yaml')) out.push(`${prefix}values.yaml`);
  if (c.schema) out.push(`${prefix}values.schema.json`);
  if (c.lock) out.push(`${prefix}Chart.lock`);
  for (const f of [...c.templates, ...c.files]) out.push(prefix + f.name);
  for (const d of c.dependencies) out.push(...savedPaths(d, `${prefix}charts/${d.name()}/`));
  return out;
}

function tarNames(tgz: Uint8Array): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const names: string[] = [];
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      if (header.type === 'file') names.push(header.name.slice(header.name.indexOf('/') + 1));
      stream.on('end', () => next());
      stream.resume();
    });
    extract.on('finish', () => resolve(names));
    extract.on('error', reject);
    extract.end(gunzipSync(tgz));
  });
}

/** Our error for a chart directory, through the same checks `helm template` makes before rendering. */
async function ourFirstError(dir: string): Promise<string | undefined> {
  try {
    const chart = await loadChart(dir);
    checkInstallable(chart);
    checkDependencies(chart);
    return undefined;
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
}

async function helmFirstError(dir: string): Promise<string | undefined> {
  const res = await helm(['template', 'r', dir]);
  return res.code === 0 ? undefined : firstErrorLine(res.stderr);
}

describe('corpus charts load as helm loads them', () => {
  it('gives the same file tree as `helm package` for every corpus chart', async () => {
    const charts = readdirSync(CORPUS_DIR).filter((n) => n.includes('__'));
    const out = mkdtempSync(join(tmpdir(), 'capstan-pkg-'));
    const failures: string[] = [];
    try {
      await mapLimit(charts, 2, async (name) => {
        const dir = join(CORPUS_DIR, name);
        const dest = join(out, name);
        const res = await helm(['package', '-d', dest, dir]);
        if (res.code !== 0) {
          failures.push(`${name}: helm package failed: ${firstErrorLine(res.stderr)}`);
          return;
        }
        const tgz = readFileSync(join(dest, readdirSync(dest)[0]));
        const expected = (await tarNames(tgz)).sort();
        const actual = savedPaths(await loadChart(dir)).sort();
        if (JSON.stringify(expected) !== JSON.stringify(actual)) {
          const missing = expected.filter((p) => !actual.includes(p));
          const extra = actual.filter((p) => !expected.includes(p));
          failures.push(`${name}: missing ${missing.slice(0, 5).join(',')} extra ${extra.slice(0, 5).join(',')}`);
        }
        // The packaged archive must load to the same tree too.
        const fromArchive = savedPaths(await loadChart(join(dest, readdirSync(dest)[0]))).sort();
        if (JSON.stringify(fromArchive) !== JSON.stringify(expected)) failures.push(`${name}: archive tree differs`);
      });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    assert.deepEqual(failures, []);
  });
});

const CHART_YAML_CASES: Record<string, string> = {
  'no name': 'apiVersion: v2\nversion: 1.0.0\n',
  'no version': 'apiVersion: v2\nname: c\n',
  'bad version': 'apiVersion: v2\nname: c\nversion: x\n',
  'four-part version': 'apiVersion: v2\nname: c\nversion: 1.2.3.4\n',
  'prerelease leading zero': 'apiVersion: v2\nname: c\nversion: 1.0.0-rc.01\n',
  'short version': 'apiVersion: v2\nname: c\nversion: "1.0"\n',
  'v prefix': 'apiVersion: v2\nname: c\nversion: v1.0.0\n',
  'no apiVersion': 'name: c\nversion: 1.0.0\n',
  'apiVersion v3': 'apiVersion: v3\nname: c\nversion: 1.0.0\n',
  'apiVersion v9': 'apiVersion: v9\nname: c\nversion: 1.0.0\n',
  'apiVersion list': 'apiVersion: [1]\nname: c\nversion: 1.0.0\n',
  'name with slash': 'apiVersion: v2\nname: a/b\nversion: 1.0.0\n',
  'name trailing slash': 'apiVersion: v2\nname: a/\nversion: 1.0.0\n',
  'name dot': 'apiVersion: v2\nname: "."\nversion: 1.0.0\n',
  'name dotdot': 'apiVersion: v2\nname: ".."\nversion: 1.0.0\n',
  'bad type': 'apiVersion: v2\nname: c\nversion: 1.0.0\ntype: foo\n',
  'library': 'apiVersion: v2\nname: c\nversion: 1.0.0\ntype: library\n',
  'null maintainer': 'apiVersion: v2\nname: c\nversion: 1.0.0\nmaintainers:\n- null\n',
  'null dependency': 'apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- null\n',
  'bad alias': 'apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: x\n  alias: a.b\n',
  'duplicate dependency': 'apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: x\n- name: x\n',
  'duplicate alias': 'apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: x\n  alias: y\n- name: y\n',
  'missing dependency': 'apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: x\n- name: y\n',
  'name list': 'apiVersion: v2\nname: [c]\nversion: 1.0.0\n',
  'name map': 'apiVersion: v2\nname: {a: 1}\nversion: 1.0.0\n',
  'sources string': 'apiVersion: v2\nname: c\nversion: 1.0.0\nsources: a\n',
  'tags string': 'apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies: [{name: x, tags: a}]\n',
  'dependencies map': 'apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies: {name: x}\n',
  'maintainers map': 'apiVersion: v2\nname: c\nversion: 1.0.0\nmaintainers: {name: x}\n',
  'maintainer number': 'apiVersion: v2\nname: c\nversion: 1.0.0\nmaintainers: [1]\n',
  'deprecated number': 'apiVersion: v2\nname: c\nversion: 1.0.0\ndeprecated: 1\n',
  'deprecated string': 'apiVersion: v2\nname: c\nversion: 1.0.0\ndeprecated: "yes"\n',
  'annotations list': 'apiVersion: v2\nname: c\nversion: 1.0.0\nannotations: [1]\n',
  'annotation list value': 'apiVersion: v2\nname: c\nversion: 1.0.0\nannotations: {a: [1]}\n',
  'number coercions': 'apiVersion: v2\nname: 12\nversion: 1.10\nkeywords: [1, 2.5, yes]\nannotations: {a: 1.0, b: null}\n',
  'yaml syntax': 'apiVersion: v2\nname: c\nversion: 1.0.0\n  bad: : x\n',
  'top-level list': '[]\n',
  'top-level string': 'hello\n',
  'empty': '',
  'BOM': '\uFEFFapiVersion: v2\nname: c\nversion: 1.0.0\n',
  'unknown field': 'apiVersion: v2\nname: c\nversion: 1.0.0\nfoo: bar\n',
  'control chars sanitized': 'apiVersion: v2\nname: "c\\x01d"\nversion: 1.0.0\n',
};

describe('Chart.yaml errors match helm', () => {
  it('gives helm first error line for each malformed Chart.yaml', async () => {
    const mismatches: string[] = [];
    await mapLimit(Object.entries(CHART_YAML_CASES), 2, async ([label, chartYaml]) => {
      const dir = tempChart({ 'templates/a.yaml': 'kind: A\n' });
      try {
        writeFileSync(join(dir, 'Chart.yaml'), chartYaml);
        const [ours, theirs] = [await ourFirstError(dir), await helmFirstError(dir)];
        if (ours !== theirs) mismatches.push(`${label}: ours=${ours} helm=${theirs}`);
      } finally {
        removeTemp(dir);
      }
    });
    assert.deepEqual(mismatches, []);
  });
});

const FILE_CASES: Record<string, ChartFiles> = {
  'values syntax': { 'values.yaml': 'a: b: c\n' },
  'values string': { 'values.yaml': 'hello\n' },
  'values list document': { 'values.yaml': 'a: 1\n---\n- x\n' },
  'values bad separator': { 'values.yaml': 'a: 1\n--- x\nb: 2\n' },
  'Chart.lock bad time': { 'Chart.lock': 'generated: x\n' },
  'Chart.lock deps string': { 'Chart.lock': 'dependencies: x\n' },
  'requirements.yaml v2': { 'requirements.yaml': 'dependencies: [{name: x}]\n' },
  'requirements.yaml bad': { 'requirements.yaml': 'dependencies: x\n' },
  'helmignore double star': { '.helmignore': 'a/**/b\n' },
  'helmignore bad pattern': { '.helmignore': '[a\n' },
  'helmignore hides Chart.yaml': { '.helmignore': 'Chart.yaml\n' },
  'helmignore negation only': { '.helmignore': '!values.yaml\n' },
  'subchart bad tgz': { 'charts/s.tgz': 'notgz' },
  'subchart without Chart.yaml': { 'charts/s/values.yaml': 'a: 1\n' },
  'subchart bad version': { 'charts/s/Chart.yaml': 'apiVersion: v2\nname: s\nversion: x\n' },
  'subchart v3': { 'charts/s/Chart.yaml': 'apiVersion: v3\nname: s\nversion: 1.0.0\n' },
  'ignored subcharts': { 'charts/_s/Chart.yaml': 'x: [', 'charts/.s/Chart.yaml': 'x: [', 'charts/file.txt': 'x' },
};

describe('chart file errors match helm', () => {
  it('gives helm first error line for values, lock, requirements, .helmignore and subchart problems', async () => {
    const mismatches: string[] = [];
    await mapLimit(Object.entries(FILE_CASES), 2, async ([label, files]) => {
      const dir = tempChart({ 'templates/a.yaml': 'kind: A\n', ...files });
      try {
        const [ours, theirs] = [await ourFirstError(dir), await helmFirstError(dir)];
        if (ours !== theirs) mismatches.push(`${label}: ours=${ours} helm=${theirs}`);
      } finally {
        removeTemp(dir);
      }
    });
    assert.deepEqual(mismatches, []);
  });
});

/** Renders with helm and returns the `# Source:` paths and the probe's output. */
async function helmSources(dir: string): Promise<{ sources: string[]; probe: string }> {
  const res = await helm(['template', 'r', dir]);
  assert.equal(res.code, 0, res.stderr);
  const sources = [...res.stdout.matchAll(/^# Source: (.*)$/gm)].map((m) => m[1]).sort();
  const probe = res.stdout.split('# Source: c/templates/probe.yaml\n')[1]?.split('\n---')[0] ?? '';
  return { sources, probe };
}

function ourSources(c: Chart, prefix = ''): string[] {
  const base = prefix + c.name();
  return [
    ...c.templates.filter((t) => !t.name.split('/').pop()!.startsWith('_')).map((t) => `${base}/${t.name}`),
    ...c.dependencies.flatMap((d) => ourSources(d, `${base}/charts/`)),
  ].sort();
}

describe('.helmignore, hidden templates and BOM as helm sees them', () => {
  const files: ChartFiles = {
    'templates/a.yaml': 'kind: A\n',
    'templates/.hidden.yaml': 'kind: Hidden\n',
    'templates/sub/.nested.yaml': 'kind: NestedHidden\n',
    'templates/skip.yaml': 'kind: Skip\n',
    'templates/keep/x.yaml': 'kind: X\n',
    'templates/dironly/y.yaml': 'kind: Y\n',
    'templates/probe.yaml': '{{ range $k, $v := .Files }}# {{ $k }}={{ printf "%s" $v | b64enc }}\n{{ end }}',
    'docs/readme.md': 'readme',
    'docs/skip.txt': 'skip',
    'rooted.txt': 'root',
    'sub/rooted.txt': 'not root',
    'bom.txt': '\uFEFFbom',
    '.helmignore': '# comment\n\n*.txt\n/sub/rooted.txt\ntemplates/skip.yaml\ndironly/\n!docs/readme.md\n',
  };

  it('loads the same templates and files as helm', async () => {
    // The negated rule makes every non-matching path ignored: check it both with and without it.
    for (const ignore of [files['.helmignore'] as string, '# comment\n*.txt\n/sub/rooted.txt\ntemplates/skip.yaml\ndironly/\n']) {
      const dir = tempChart({ ...files, '.helmignore': ignore }, 'c');
      try {
        const theirs = await helm(['template', 'r', dir]);
        let ours: Chart | undefined;
        let ourError: string | undefined;
        try {
          ours = await loadChart(dir);
        } catch (err) {
          ourError = (err as Error).message;
        }
        if (theirs.code !== 0) {
          assert.equal(ourError, firstErrorLine(theirs.stderr));
          continue;
        }
        assert.ok(ours, ourError);
        const { sources, probe } = await helmSources(dir);
        assert.deepEqual(ourSources(ours), sources);
        const ourFiles = ours.files.map((f) => `# ${f.name}=${Buffer.from(f.data).toString('base64')}`).sort().join('\n');
        assert.equal(ourFiles, probe.trim().split('\n').sort().join('\n'));
      } finally {
        removeTemp(dir);
      }
    }
  });

  it('follows symbolic links and refuses broken ones, as helm does', async () => {
    const dir = tempChart({ 'templates/a.yaml': 'kind: A\n', 'real.txt': 'data' });
    try {
      symlinkSync(join(dir, 'real.txt'), join(dir, 'link.txt'));
      const warnings: string[] = [];
      const chart = await loadChart(dir, { warn: (m) => warnings.push(m) });
      assert.deepEqual(chart.files.map((f) => f.name).sort(), ['link.txt', 'real.txt']);
      assert.match(warnings[0], /^found symbolic link in path/);
      symlinkSync('/nonexistent-capstan', join(dir, 'broken.txt'));
      assert.equal(await ourFirstError(dir), await helmFirstError(dir));
      rmSync(join(dir, 'broken.txt'));
      symlinkSync(dir, join(dir, 'templates', 'loop'));
      await assert.rejects(loadChart(dir), /leads back to/);
    } finally {
      removeTemp(dir);
    }
  });
});


const CHART = { name: 'c/Chart.yaml', data: 'apiVersion: v2\nname: c\nversion: 1.0.0\n' };
const TEMPLATE = { name: 'c/templates/a.yaml', data: 'kind: A\n' };

describe('untrusted archives against helm', () => {
  it('prints helm first line for archives helm refuses, and loads what it loads', async () => {
    const root = mkdtempSync(join(tmpdir(), 'capstan-tgz-'));
    try {
      const variants: Record<string, TarEntry[]> = {
        'dotdot.tgz': [CHART, TEMPLATE, { name: 'c/../../x', data: 'x' }],
        'top.tgz': [{ name: 'Chart.yaml', data: CHART.data }],
        'nochart.tgz': [TEMPLATE],
        'bom.tgz': [{ name: 'c/Chart.yaml', data: '\uFEFF' + CHART.data }, TEMPLATE, { name: 'c/values.yaml', data: '\uFEFFa: 1\n' }],
        'leading-slash.tgz': [CHART, TEMPLATE, { name: '/etc/x', data: 'x' }],
        'big.tgz': [CHART, { name: 'c/big.bin', data: Buffer.alloc(5 * 1024 * 1024 + 1) }],
      };
      for (const [file, entries] of Object.entries(variants)) {
        const path = join(root, file);
        writeFileSync(path, await buildTgz(entries));
        const theirs = await helm(['template', 'r', path]);
        let ours: string | undefined;
        try {
          await loadChart(path);
        } catch (err) {
          ours = (err as Error).message;
        }
        assert.equal(ours, theirs.code === 0 ? undefined : firstErrorLine(theirs.stderr), file);
      }
      writeFileSync(join(root, 'x.yaml'), 'a: 1\n');
      writeFileSync(join(root, 'plain.txt'), 'a'.repeat(600));
      for (const file of ['x.yaml', 'plain.txt']) {
        const path = join(root, file);
        const theirs = await helm(['template', 'r', path]);
        await assert.rejects(loadChart(path), { message: firstErrorLine(theirs.stderr) });
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });});
