// The local chart store served as a Helm repository: helm 4.1.4 adds it, renders and pulls its
// charts; the upload API refuses what the store must not hold.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serveStore, type ServingStore } from '../../../src/action/serve.js';
import { main } from '../../../src/cli/main.js';
import { CliOutput } from '../../../src/cli/output.js';
import { chartTgz, maliciousArchives } from '../../support/archives.js';
import { PROJECT_ROOT } from '../../support/capstan.js';
import { helmBinary, helmEnv, run } from '../../support/helm.js';

const work = mkdtempSync(join(tmpdir(), 'capstan-store-'));
const storeDir = join(work, 'store');
const helmHome = join(work, 'helm');
const helmVars = { ...helmEnv(), HELM_CACHE_HOME: join(helmHome, 'cache'), HELM_CONFIG_HOME: join(helmHome, 'config'), HELM_DATA_HOME: join(helmHome, 'data') };
let serving: ServingStore;

function helmRun(args: string[]) {
  return run(helmBinary(), args, { env: helmVars, cwd: work });
}

async function capstanRun(args: string[]): Promise<{ code: number; stderr: string }> {
  const out = CliOutput.buffered();
  const code = await main(args, out);
  return { code, stderr: out.err.join('') };
}

async function writeChartFile(name: string, version: string): Promise<string> {
  const file = join(work, `${name}-${version}.tgz`);
  writeFileSync(file, await chartTgz(name, version));
  return file;
}

describe('a served chart store is a Helm repository for helm 4.1.4', () => {
  before(async () => {
    for (const v of ['0.1.0', '0.2.0']) {
      const r = await capstanRun(['push', await writeChartFile('demo', v), storeDir]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`^Stored: demo-${v.replaceAll('.', '\\.')}\\.tgz in `));
    }
    serving = await serveStore({ dir: storeDir, address: '127.0.0.1:0', allowWrite: true, maxUploadBytes: 64 * 1024 });
    const added = await helmRun(['repo', 'add', 'capstan', serving.url]);
    assert.equal(added.code, 0, added.stderr);
  });
  after(async () => {
    await serving?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test('helm template and helm pull from the store: the chart as uploaded', async () => {
    for (const version of ['0.1.0', '0.2.0']) {
      const fromRepo = await helmRun(['template', 'rel', 'capstan/demo', '--version', version]);
      const fromFile = await helmRun(['template', 'rel', join(work, `demo-${version}.tgz`)]);
      assert.equal(fromRepo.code, 0, fromRepo.stderr);
      assert.equal(fromRepo.stdout, fromFile.stdout);
    }
    const newest = await helmRun(['template', 'rel', 'capstan/demo']);
    assert.match(newest.stdout, /version: "0\.2\.0"/);
    const dest = join(work, 'pulled');
    mkdirSync(dest);
    const pulled = await helmRun(['pull', 'capstan/demo', '--version', '0.1.0', '-d', dest]);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.ok(readFileSync(join(dest, 'demo-0.1.0.tgz')).equals(readFileSync(join(work, 'demo-0.1.0.tgz'))));
    const search = await helmRun(['search', 'repo', 'capstan/', '--versions', '-o', 'json']);
    assert.deepEqual((JSON.parse(search.stdout) as { version: string }[]).map((c) => c.version), ['0.2.0', '0.1.0']);
  });

  test('uploads through the API are validated; helm sees them after a repo update', async () => {
    const upload = (body: Buffer, query = '') => fetch(`${serving.url}api/charts${query}`, { method: 'POST', body });
    const added = await upload(await chartTgz('other', '1.0.0'));
    assert.equal(added.status, 201, await added.clone().text());
    assert.equal((await upload(await chartTgz('other', '1.0.0'))).status, 409);
    assert.equal((await upload(await chartTgz('other', '1.0.0', [{ name: 'other/README.md', data: 'v2' }]), '?force=true')).status, 201);
    const before = readdirSync(storeDir).sort();
    for (const [what, archive] of Object.entries(await maliciousArchives())) {
      const res = await upload(archive);
      assert.equal(res.status, 400, what);
      assert.match(((await res.json()) as { error: string }).error, /^not a loadable chart archive: /, what);
    }
    assert.equal((await upload(Buffer.alloc(65 * 1024))).status, 413);
    assert.deepEqual(readdirSync(storeDir).sort(), before);
    assert.equal((await helmRun(['repo', 'update', 'capstan'])).code, 0);
    const rendered = await helmRun(['template', 'x', 'capstan/other']);
    assert.equal(rendered.code, 0, rendered.stderr);
    assert.equal((await fetch(`${serving.url}api/charts/other/1.0.0`, { method: 'DELETE' })).status, 200);
    assert.equal((await fetch(`${serving.url}other-1.0.0.tgz`)).status, 404);
    assert.equal((await fetch(`${serving.url}..%2Fstore%2Fdemo-0.1.0.chart.json`)).status, 404);
  });

  test('capstan serve runs until interrupted and refuses writes unless allowed', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); })`, 'serve', '--store', storeDir, '--address', '127.0.0.1:0'], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
          err += d.toString();
          const m = /at (http:\/\/\S+)\n/.exec(err);
          if (m) resolve(m[1]);
        });
        child.once('exit', () => reject(new Error(`capstan serve exited: ${err}`)));
      });
      const index = await (await fetch(`${url}index.yaml`)).text();
      assert.match(index, /^apiVersion: v1\nentries:\n {2}demo:\n/);
      assert.equal((await fetch(`${url}api/charts`, { method: 'POST', body: await chartTgz('x', '1.0.0') })).status, 403);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });
});
