// Chart repositories against helm 4.1.4: the same repositories (served over HTTP, and HTTPS with basic
// auth, by a Node server from charts packaged out of our own fixtures) added to helm and to Capstan;
// repo list, search, show, pull, package and dependency update compared, and bad input refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { CliOutput } from '../../../src/cli/output.js';
import { helm, writeChart, type RunResult } from '../../support/helm.js';
import { generateClusterPki } from '../../support/cluster-pki.js';
import { startRepoServer, type RepoServer } from './server.js';

const root = mkdtempSync(join(tmpdir(), 'capstan-repo-'));
const served = join(root, 'served');
const servers: RepoServer[] = [];
let plain: RepoServer;
let secure: RepoServer;
let caFile: string;

const helmFlags = ['--repository-config', join(root, 'helm', 'repositories.yaml'), '--repository-cache', join(root, 'helm', 'cache')];
const capstanFlags = ['--repository-config', join(root, 'capstan', 'repositories.yaml'), '--repository-cache', join(root, 'capstan', 'cache'), '--content-cache', join(root, 'capstan', 'content')];

async function capstan(args: string[], cwd?: string): Promise<RunResult> {
  const out = CliOutput.buffered();
  const previous = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(args, out);
    return { code, stdout: out.out.join(''), stderr: out.err.join('') };
  } finally {
    process.chdir(previous);
  }
}

/** Runs the command on both sides (each with its own repository files) and returns both results. */
async function both(args: string[], cwd?: string): Promise<{ h: RunResult; c: RunResult }> {
  const h = await helm([...args, ...helmFlags], '4.1.4', cwd);
  const c = await capstan([...args, ...capstanFlags], cwd);
  return { h, c };
}

function firstError(r: RunResult): string {
  return r.stderr.split('\n').find((l) => l.startsWith('Error: ')) ?? '';
}

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${name}/`);
      else out[prefix + name] = readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

const CRD = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n';

function fixtures(): void {
  const src = join(root, 'src');
  writeChart(join(src, 'alpha'), {
    'Chart.yaml': 'apiVersion: v2\nname: alpha\nversion: 0.1.0\nappVersion: "1.0"\ndescription: Alpha does web things\nkeywords: [web, nginx]\n',
    'values.yaml': '# comment kept\nreplicas: 1\n',
    'README.md': '# Alpha\n',
    'crds/widget.yaml': CRD,
    'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  r: {{ .Values.replicas | quote }}\n',
  });
  for (const [version, app] of [['1.2.0', '2.0'], ['1.10.0', '2.1'], ['2.0.0-rc.1', '3.0']]) {
    writeChart(join(src, `beta-${version}`, 'beta'), {
      'Chart.yaml': `apiVersion: v2\nname: beta\nversion: ${version}\nappVersion: "${app}"\ndescription: A database for the Alpha web app that is described at quite some length here\n`,
      'values.yaml': 'size: 3\n',
      'templates/s.yaml': 'kind: Secret\n',
    });
  }
  writeChart(join(src, 'gamma'), { 'Chart.yaml': 'apiVersion: v2\nname: gamma\nversion: 0.0.1\ndescription: Nothing about web\nkeywords: [misc]\n' });
  mkdirSync(served, { recursive: true });
  return;
}

before(async () => {
  fixtures();
  const src = join(root, 'src');
  for (const dir of ['alpha', 'beta-1.2.0/beta', 'beta-1.10.0/beta', 'beta-2.0.0-rc.1/beta', 'gamma']) {
    const r = await helm(['package', join(src, dir), '-d', served]);
    assert.equal(r.code, 0, r.stderr);
  }
  const idx = await helm(['repo', 'index', served]);
  assert.equal(idx.code, 0, idx.stderr);
  const pki = generateClusterPki('10.0.0.1');
  caFile = join(root, 'ca.pem');
  writeFileSync(caFile, pki.ca.certPem);
  plain = await startRepoServer({ root: served });
  secure = await startRepoServer({ root: served, basicAuth: { username: 'user', password: 's3cret' }, tls: { certPem: pki.apiserver.certPem, keyPem: pki.apiserver.keyPem } });
  servers.push(plain, secure);
  for (const args of [
    ['repo', 'add', 'plain', plain.url],
    ['repo', 'add', 'secure', secure.url, '--username', 'user', '--password', 's3cret', '--ca-file', caFile],
  ]) {
    const { h, c } = await both(args);
    assert.equal(h.code, 0, h.stderr);
    assert.deepEqual(c, h);
  }
});

after(async () => {
  for (const s of servers) await s.close();
  rmSync(root, { recursive: true, force: true });
});

test('repo list and the repositories file (0600, helm-readable)', async () => {
  for (const out of [[], ['-o', 'json'], ['-o', 'yaml']]) {
    const { h, c } = await both(['repo', 'list', ...out]);
    assert.deepEqual(c, h);
  }
  const mode = statSync(join(root, 'capstan', 'repositories.yaml')).mode & 0o777;
  assert.equal(mode, 0o600);
  // helm reads Capstan's repositories file and cache.
  const h = await helm(['search', 'repo', 'alpha', '--repository-config', join(root, 'capstan', 'repositories.yaml'), '--repository-cache', join(root, 'capstan', 'cache')]);
  assert.match(h.stdout, /secure\/alpha/);
});

test('search repo matches helm', async () => {
  const cases = [[], ['web'], ['WEB'], ['alpha'], ['--devel'], ['-l'], ['-l', '--devel'], ['--version', '^1.0.0', 'beta'], ['--version', '~1.2', '-l'], ['-r', 'dat.*se'], ['-r', '^be'], ['nothing-matches'], ['-o', 'json', 'web'], ['-o', 'yaml', '-l'], ['--max-col-width', '10'], ['--version', 'bad!!'], ['-r', '(']];
  for (const args of cases) {
    const { h, c } = await both(['search', 'repo', ...args]);
    assert.equal(c.stdout, h.stdout, args.join(' '));
    assert.equal(c.code, h.code, args.join(' '));
    assert.equal(firstError(c), firstError(h), args.join(' '));
  }
});

test('show matches helm for repository references', async () => {
  for (const what of ['all', 'chart', 'values', 'readme', 'crds']) {
    for (const ref of [['plain/alpha'], ['secure/beta', '--version', '1.2.0'], ['plain/beta', '--devel'], ['alpha', '--repo', plain.url]]) {
      const { h, c } = await both(['show', what, ...ref]);
      assert.equal(h.code, 0, h.stderr);
      assert.equal(c.stdout, h.stdout, `${what} ${ref.join(' ')}`);
    }
  }
});

test('pull writes the same archives and trees as helm', async () => {
  const hDir = join(root, 'pull-h');
  const cDir = join(root, 'pull-c');
  for (const d of [hDir, cDir]) mkdirSync(d, { recursive: true });
  for (const ref of [['plain/beta'], ['secure/beta', '--version', '>1.9.0-0'], [`${plain.url}/gamma-0.0.1.tgz`], ['gamma', '--repo', plain.url]]) {
    const h = await helm(['pull', ...ref, ...helmFlags, '-d', hDir]);
    const c = await capstan(['pull', ...ref, ...capstanFlags, '-d', cDir]);
    assert.equal(h.code, 0, h.stderr);
    assert.equal(c.code, 0, c.stderr);
  }
  assert.deepEqual(readdirSync(cDir).sort(), readdirSync(hDir).sort());
  for (const f of readdirSync(hDir)) assert.equal(sha(join(cDir, f)), sha(join(hDir, f)), f);
  const h = await helm(['pull', 'plain/alpha', '--untar', '-d', hDir, ...helmFlags]);
  const c = await capstan(['pull', 'plain/alpha', '--untar', '-d', cDir, ...capstanFlags]);
  assert.equal(h.code, 0, h.stderr);
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(tree(join(cDir, 'alpha')), tree(join(hDir, 'alpha')));
  const again = await both(['pull', 'plain/alpha', '--untar', '-d', cDir]);
  assert.equal(again.c.code, 1);
});

test('pull errors match helm', async () => {
  for (const ref of [['plain/nope'], ['plain/beta', '--version', '5.0.0'], ['nope/beta'], ['beta'], ['nope', '--repo', plain.url]]) {
    const { h, c } = await both(['pull', ...ref, '-d', root]);
    assert.equal(h.code, 1);
    assert.equal(firstError(c), firstError(h), ref.join(' '));
  }
});

test('package: reproducible, and helm loads it as the same chart', async () => {
  const dir = join(root, 'src', 'alpha');
  const out1 = join(root, 'pkg1');
  const out2 = join(root, 'pkg2');
  const a = await capstan(['package', dir, '-d', out1, '--version', '0.2.0', '--app-version', '9']);
  const b = await capstan(['package', dir, '-d', out2, '--version', '0.2.0', '--app-version', '9']);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(a.stdout, `Successfully packaged chart and saved it to: ${join(out1, 'alpha-0.2.0.tgz')}\n`);
  assert.equal(sha(join(out1, 'alpha-0.2.0.tgz')), sha(join(out2, 'alpha-0.2.0.tgz')));
  const hOut = join(root, 'pkgh');
  assert.equal((await helm(['package', dir, '-d', hOut, '--version', '0.2.0', '--app-version', '9'])).code, 0);
  for (const what of ['all', 'chart']) {
    const ours = await helm(['show', what, join(out1, 'alpha-0.2.0.tgz')]);
    const theirs = await helm(['show', what, join(hOut, 'alpha-0.2.0.tgz')]);
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(ours.stdout, theirs.stdout);
  }
  const listing = (await import('node:child_process')).execFileSync('tar', ['tzvf', join(out1, 'alpha-0.2.0.tgz')], { encoding: 'utf8' });
  const helmListing = (await import('node:child_process')).execFileSync('tar', ['tzvf', join(hOut, 'alpha-0.2.0.tgz')], { encoding: 'utf8' });
  const strip = (s: string): string => s.replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, 'T');
  assert.equal(strip(listing), strip(helmListing));
  const bad = await both(['package', dir, '--version', 'x.y']);
  assert.equal(firstError(bad.c), firstError(bad.h));
});

test('dependency update writes the same Chart.lock as helm; build and list agree', async () => {
  const make = (side: string): string => {
    const dir = join(root, `deps-${side}`, 'parent');
    writeChart(dir, {
      'Chart.yaml': `apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n- name: alpha\n  version: ~0.1.0\n  repository: ${plain.url}\n- name: beta\n  version: ">=1.0.0"\n  repository: "@secure"\n  alias: db\n- name: gamma\n  version: 0.0.1\n  repository: file://../../src/gamma\n`,
    });
    return dir;
  };
  const hDir = make('h');
  const cDir = make('c');
  const h = await helm(['dependency', 'update', hDir, ...helmFlags]);
  const c = await capstan(['dependency', 'update', cDir, ...capstanFlags]);
  assert.equal(h.code, 0, h.stderr);
  assert.equal(c.code, 0, c.stderr);
  const lock = (d: string): string => readFileSync(join(d, 'Chart.lock'), 'utf8').replace(/generated: .*/, 'generated: X');
  assert.equal(lock(cDir), lock(hDir));
  assert.deepEqual(readdirSync(join(cDir, 'charts')).sort(), readdirSync(join(hDir, 'charts')).sort());
  for (const f of ['alpha-0.1.0.tgz', 'beta-1.10.0.tgz']) assert.equal(sha(join(cDir, 'charts', f)), sha(join(hDir, 'charts', f)));
  const list = await both(['dependency', 'list', hDir]);
  const listC = await capstan(['dependency', 'list', cDir]);
  assert.equal(listC.stdout.replaceAll(cDir, 'D'), list.h.stdout.replaceAll(hDir, 'D'));
  rmSync(join(cDir, 'charts'), { recursive: true });
  const build = await capstan(['dependency', 'build', cDir, ...capstanFlags, '--skip-refresh']);
  assert.equal(build.code, 0, build.stderr);
  assert.deepEqual(readdirSync(join(cDir, 'charts')).sort(), readdirSync(join(hDir, 'charts')).sort());
});

test('bad input: unreachable, wrong credentials, corrupt index, digest mismatch, malicious archives', async () => {
  const errs = [
    ['repo', 'add', 'down', 'http://127.0.0.1:1'],
    ['repo', 'add', 'wrong', secure.url, '--username', 'user', '--password', 'nope', '--ca-file', caFile],
    ['repo', 'add', 'noca', secure.url, '--username', 'user', '--password', 's3cret'],
  ];
  for (const args of errs) {
    const { h, c } = await both(args);
    assert.equal(h.code, 1);
    assert.equal(firstError(c), firstError(h), args.join(' '));
    assert.doesNotMatch(c.stderr + c.stdout, /s3cret|nope@/);
  }
  // A corrupt index: the add fails and the cache and settings stay as they were.
  const badRoot = join(root, 'bad');
  mkdirSync(badRoot, { recursive: true });
  writeFileSync(join(badRoot, 'index.yaml'), 'apiVersion: v1\nentries: [oops\n');
  const bad = await startRepoServer({ root: badRoot });
  servers.push(bad);
  const before = readFileSync(join(root, 'capstan', 'repositories.yaml'), 'utf8');
  const corrupt = await both(['repo', 'add', 'corrupt', bad.url]);
  assert.equal(corrupt.c.code, 1);
  assert.match(firstError(corrupt.c), /is not a valid chart repository or cannot be reached: error converting YAML to JSON/);
  assert.equal(readFileSync(join(root, 'capstan', 'repositories.yaml'), 'utf8'), before);
  writeFileSync(join(badRoot, 'index.yaml'), 'entries: {}\n');
  assert.equal(firstError(await capstan(['repo', 'add', 'corrupt', bad.url, ...capstanFlags])), firstError(await helm(['repo', 'add', 'corrupt', bad.url, ...helmFlags])));

  // Digest mismatch, a non-chart and a traversal archive, served under a valid index.
  cpSync(served, badRoot, { recursive: true });
  const index = readFileSync(join(badRoot, 'index.yaml'), 'utf8');
  writeFileSync(join(badRoot, 'gamma-0.0.1.tgz'), readFileSync(join(badRoot, 'alpha-0.1.0.tgz')));
  const freshContent = ['--content-cache', join(root, 'content-tampered')];
  const add = await capstan(['repo', 'add', 'tampered', bad.url, ...capstanFlags]);
  assert.equal(add.code, 0, add.stderr);
  const mismatch = await capstan(['pull', 'tampered/gamma', '-d', badRoot, ...capstanFlags, ...freshContent]);
  assert.match(firstError(mismatch), /^Error: digest mismatch for .*gamma-0\.0\.1\.tgz: the repository index says sha256:[0-9a-f]{64}, the download is sha256:/);
  const zlib = await import('node:zlib');
  const traversal = Buffer.alloc(1536);
  traversal.write('../evil/Chart.yaml', 0);
  traversal.write('0000644\0', 100);
  traversal.write('00000000000\0', 124);
  traversal.write('ustar\u000000', 257);
  writeFileSync(join(badRoot, 'evil-1.0.0.tgz'), zlib.gzipSync(traversal));
  writeFileSync(join(badRoot, 'text-1.0.0.tgz'), 'not an archive');
  writeFileSync(
    join(badRoot, 'index.yaml'),
    index.replace('entries:\n', 'entries:\n  evil:\n  - apiVersion: v2\n    name: evil\n    version: 1.0.0\n    urls: [evil-1.0.0.tgz]\n  text:\n  - apiVersion: v2\n    name: text\n    version: 1.0.0\n    urls: [text-1.0.0.tgz]\n'),
  );
  assert.equal((await capstan(['repo', 'update', 'tampered', ...capstanFlags])).code, 0);
  const evil = await capstan(['pull', 'tampered/evil', '--untar', '-d', badRoot, ...capstanFlags, ...freshContent]);
  assert.match(firstError(evil), /is not a valid chart archive/);
  const text = await capstan(['pull', 'tampered/text', '-d', badRoot, ...capstanFlags, ...freshContent]);
  assert.match(firstError(text), /is not a valid chart archive: gzip: invalid header/);
  // Nothing refused reached the content cache.
  assert.deepEqual(existsSync(join(root, 'content-tampered')) ? readdirSync(join(root, 'content-tampered')) : [], []);
  assert.equal((await capstan(['repo', 'remove', 'tampered', ...capstanFlags])).code, 0);
});

test('repo update and remove match helm', async () => {
  const upd = await both(['repo', 'update', 'plain']);
  assert.deepEqual(upd.c, upd.h);
  const none = await both(['repo', 'update', 'nope']);
  assert.equal(firstError(none.c), firstError(none.h));
  const rm1 = await both(['repo', 'remove', 'plain', 'nope']);
  assert.equal(firstError(rm1.c), firstError(rm1.h));
  const rm2 = await both(['repo', 'remove', 'plain']);
  assert.deepEqual(rm2.c, rm2.h);
  const list = await both(['repo', 'list']);
  assert.deepEqual(list.c, list.h);
});
