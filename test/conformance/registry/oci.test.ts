// Capstan and helm 4.1.4 against a real OCI registry (Debian's docker-registry on loopback): charts
// pushed by one are pulled by the other byte for byte, versions resolve alike, and bad registries,
// credentials, digests and archives fail clearly without touching the cache.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { main } from '../../../src/cli/main.js';
import { CliOutput } from '../../../src/cli/output.js';
import { BlobCache, createRegistryClient, pullChart, resolveOciRef, type RegistryClient } from '../../../src/registry/index.js';
import { CHART_LAYER_MEDIA_TYPE, CONFIG_MEDIA_TYPE, manifestJson, OCI_MANIFEST_MEDIA_TYPE } from '../../../src/registry/chart-artifact.js';
import { sha256Digest } from '../../../src/registry/client.js';
import { chartTgz, maliciousArchives } from '../../support/archives.js';
import { helmBinary, helmEnv, run, writeChart } from '../../support/helm.js';
import { startRegistry, type TestRegistry } from '../../support/registry.js';

const USER = 'alice';
const PASSWORD = 'pa55-w0rd';

const work = mkdtempSync(join(tmpdir(), 'capstan-oci-'));
const helmConfig = join(work, 'helm-registry.json');
const capstanConfig = join(work, 'capstan-registry.json');
const cacheDir = join(work, 'cache');
let open: TestRegistry;
let basic: TestRegistry;
let token: TestRegistry;

function helmRun(args: string[]) {
  return run(helmBinary(), args, { env: { ...helmEnv(), HELM_REGISTRY_CONFIG: helmConfig }, cwd: work });
}

async function capstanRun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = CliOutput.buffered();
  const code = await main(args, out);
  return { code, stdout: out.out.join(''), stderr: out.err.join('') };
}

function client(): Promise<RegistryClient> {
  return createRegistryClient({ plainHttp: true, registryConfig: capstanConfig });
}

/** A chart with every metadata field helm encodes, including characters JSON escapes. */
function richChart(dir: string, version: string): string {
  const chartDir = join(dir, 'rich');
  writeChart(chartDir, {
    'Chart.yaml':
      `apiVersion: v2\nname: rich\nversion: ${version}\nappVersion: "2.1"\ndescription: "Tom & Jerry <chart>"\nhome: https://example.com/rich\n` +
      `sources: [https://example.com/src, https://example.com/mirror]\nkeywords: [a, b]\nkubeVersion: ">=1.20.0-0"\n` +
      `maintainers:\n  - name: Ann\n    email: ann@example.com\n  - name: Bob\n    url: https://bob.example\n` +
      `annotations:\n  example.com/team: platform\n  org.opencontainers.image.title: not-the-title\nicon: https://example.com/i.png\n`,
    'values.yaml': 'replicas: 2\n',
    'templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  replicas: {{ .Values.replicas | quote }}\n  chart: {{ .Chart.Name }}-{{ .Chart.Version }}\n',
  });
  return chartDir;
}

async function helmPackage(chartDir: string, dest: string): Promise<string> {
  mkdirSync(dest, { recursive: true });
  const r = await helmRun(['package', chartDir, '-d', dest]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim().split(': ').pop()!;
}

function listCache(): string[] {
  try {
    return readdirSync(join(cacheDir, 'sha256')).sort();
  } catch {
    return [];
  }
}

describe('OCI registry interoperability with helm 4.1.4', () => {
  before(async () => {
    [open, basic, token] = await Promise.all([startRegistry(), startRegistry({ kind: 'basic', users: { [USER]: PASSWORD } }), startRegistry({ kind: 'token', users: { [USER]: PASSWORD } })]);
    for (const reg of [basic, token]) {
      const h = await helmRun(['registry', 'login', reg.host, '-u', USER, '-p', PASSWORD, '--plain-http']);
      assert.equal(h.code, 0, h.stderr);
      const c = await capstanRun(['registry', 'login', reg.host, '-u', USER, '-p', PASSWORD, '--plain-http', '--registry-config', capstanConfig]);
      assert.equal(c.code, 0, c.stderr);
      assert.match(c.stderr, /Login Succeeded/);
      assert.ok(!c.stderr.includes(PASSWORD));
    }
  });
  after(async () => {
    await Promise.all([open, basic, token].filter(Boolean).map((r) => r.stop()));
    rmSync(work, { recursive: true, force: true });
  });

  for (const kind of ['basic', 'token'] as const) {
    test(`helm push, capstan pull: the same bytes, the same config (${kind} auth)`, async () => {
      const reg = kind === 'basic' ? basic : token;
      const tgz = await helmPackage(richChart(join(work, `hp-${kind}`), '1.2.3+build.7'), join(work, `hp-${kind}`, 'out'));
      const pushed = await helmRun(['push', tgz, `oci://${reg.host}/helm-pushed`, '--plain-http']);
      assert.equal(pushed.code, 0, pushed.stderr);
      const helmDigest = /Digest: (\S+)/.exec(pushed.stderr)![1];
      assert.match(pushed.stderr, new RegExp(`Pushed: ${reg.host}/helm-pushed/rich:1.2.3_build.7`));
      const pulled = await pullChart(`oci://${reg.host}/helm-pushed/rich`, { client: await client(), version: '1.2.3+build.7', cache: new BlobCache(cacheDir) });
      assert.equal(pulled.digest, helmDigest);
      assert.equal(pulled.ref, `${reg.host}/helm-pushed/rich:1.2.3_build.7`);
      assert.ok(Buffer.from(readFileSync(tgz)).equals(pulled.archive), 'pulled archive differs from the pushed one');

      // Capstan pushes the same chart: its config blob (the metadata JSON) must be helm's, byte for byte.
      const c = await capstanRun(['push', tgz, `oci://${reg.host}/capstan-pushed`, '--plain-http', '--registry-config', capstanConfig]);
      assert.equal(c.code, 0, c.stderr);
      const c2 = await client();
      const helmManifest = JSON.parse((await c2.fetchManifest(reg.host, 'helm-pushed/rich', helmDigest, [OCI_MANIFEST_MEDIA_TYPE])).bytes.toString()) as { config: { digest: string }; layers: unknown[]; annotations: Record<string, string> };
      const capstanDigest = /Digest: (\S+)/.exec(c.stderr)![1];
      const ours = JSON.parse((await c2.fetchManifest(reg.host, 'capstan-pushed/rich', capstanDigest, [OCI_MANIFEST_MEDIA_TYPE])).bytes.toString()) as typeof helmManifest;
      assert.deepEqual(ours.config, helmManifest.config);
      assert.deepEqual(ours.layers, helmManifest.layers);
      const withoutCreated = (a: Record<string, string>) => Object.fromEntries(Object.entries(a).filter(([k]) => k !== 'org.opencontainers.image.created'));
      assert.deepEqual(withoutCreated(ours.annotations), withoutCreated(helmManifest.annotations));
    });
  }

  test('capstan push, helm pull: the same bytes, and helm renders the pulled chart', async () => {
    const tgz = await helmPackage(richChart(join(work, 'cp'), '0.4.0'), join(work, 'cp', 'out'));
    const c = await capstanRun(['push', tgz, `oci://${token.host}/from-capstan/`, '--plain-http', '--registry-config', capstanConfig]);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stderr, new RegExp(`^Pushed: ${token.host}/from-capstan/rich:0.4.0\nDigest: sha256:[a-f0-9]{64}\n$`));
    const dest = join(work, 'cp', 'pulled');
    mkdirSync(dest, { recursive: true });
    const h = await helmRun(['pull', `oci://${token.host}/from-capstan/rich`, '--version', '0.4.0', '--plain-http', '-d', dest]);
    assert.equal(h.code, 0, h.stderr);
    assert.ok(readFileSync(join(dest, 'rich-0.4.0.tgz')).equals(readFileSync(tgz)));
    const fromRegistry = await helmRun(['template', 'rel', `oci://${token.host}/from-capstan/rich`, '--version', '0.4.0', '--plain-http']);
    const fromFile = await helmRun(['template', 'rel', tgz]);
    assert.equal(fromRegistry.code, 0, fromRegistry.stderr);
    assert.equal(fromRegistry.stdout, fromFile.stdout);
  });

  test('versions resolve as helm resolves them (tags, constraints, build metadata)', async () => {
    for (const v of ['0.1.0', '0.2.0', '0.2.5', '1.0.0-rc.1', '0.3.0+build.1']) {
      const tgz = await chartTgz('ver', v);
      const file = join(work, `ver-${v}.tgz`);
      writeFileSync(file, tgz);
      const c = await capstanRun(['push', file, `oci://${open.host}/versions`, '--plain-http', '--registry-config', capstanConfig]);
      assert.equal(c.code, 0, c.stderr);
    }
    const c = await client();
    for (const version of ['', '^0.2', '0.3.0+build.1', '>=1.0.0-0', '~0.1', '9.9.x']) {
      const h = await helmRun(['pull', `oci://${open.host}/versions/ver`, ...(version ? ['--version', version] : []), '--plain-http', '-d', join(work, 'ver-pulled')]);
      const helmRef = /Pulled: (\S+)/.exec(h.stderr)?.[1];
      let ours: string;
      try {
        const ref = await resolveOciRef(`oci://${open.host}/versions/ver`, { client: c, version });
        ours = `${ref.registry}/${ref.repository}:${ref.tag}`;
      } catch (err) {
        ours = `Error: ${(err as Error).message}`;
      }
      assert.equal(ours, helmRef ?? h.stderr.trim(), `--version ${JSON.stringify(version)}`);
    }
    await assert.rejects(resolveOciRef(`oci://${open.host}/versions/ver:0.1.0`, { client: c, version: '0.2.0' }), { message: 'chart reference and version mismatch: 0.2.0 is not 0.1.0' });
  });

  test('wrong credentials are refused as helm refuses them, and are not stored', async () => {
    const config = join(work, 'wrong.json');
    for (const reg of [basic, token]) {
      const h = await helmRun(['registry', 'login', reg.host, '-u', USER, '-p', 'wrong', '--plain-http', '--registry-config', join(work, 'helm-wrong.json')]);
      const c = await capstanRun(['registry', 'login', reg.host, '-u', USER, '-p', 'wrong', '--plain-http', '--registry-config', config]);
      assert.equal(c.code, 1);
      assert.equal(c.stderr.split('\n').find((l) => l.startsWith('Error: ')), h.stderr.split('\n').find((l) => l.startsWith('Error: ')));
      assert.ok(!c.stderr.includes(Buffer.from(`${USER}:wrong`).toString('base64')));
    }
    assert.deepEqual(readdirSync(work).filter((f) => f === 'wrong.json'), []);
    // Without credentials, a pull from the basic-auth registry says what is missing.
    const anonymous = await createRegistryClient({ plainHttp: true, registryConfig: join(work, 'none.json') });
    await assert.rejects(pullChart(`oci://${basic.host}/helm-pushed/rich:1.2.3_build.7`, { client: anonymous, cache: false }), /manifests\/1\.2\.3_build\.7": basic credential not found$/);
    await assert.rejects(pullChart(`oci://${token.host}/helm-pushed/rich:1.2.3_build.7`, { client: anonymous, cache: false }), /response status code 401: unauthorized: authentication required$/);
  });

  test('an unreachable registry is a clear error', async () => {
    const gone = await startRegistry();
    await gone.stop();
    const c = await capstanRun(['push', join(work, 'ver-0.1.0.tgz'), `oci://${gone.host}/x`, '--plain-http', '--registry-config', capstanConfig]);
    assert.equal(c.code, 1);
    assert.match(c.stderr, new RegExp(`^Error: Head "http://${gone.host}/v2/x/ver/blobs/sha256:[a-f0-9]{64}": dial tcp ${gone.host}: connect: connection refused\n$`));
    const login = await capstanRun(['registry', 'login', gone.host, '-u', USER, '-p', PASSWORD, '--plain-http', '--registry-config', capstanConfig]);
    const helmLogin = await helmRun(['registry', 'login', gone.host, '-u', USER, '-p', PASSWORD, '--plain-http']);
    assert.equal(login.stderr.split('\n').find((l) => l.startsWith('Error: ')), helmLogin.stderr.split('\n').find((l) => l.startsWith('Error: ')));
  });

  test('a blob whose bytes do not match its digest is refused; the cache is left intact', async () => {
    const tgz = await chartTgz('tampered', '1.0.0');
    const file = join(work, 'tampered-1.0.0.tgz');
    writeFileSync(file, tgz);
    assert.equal((await capstanRun(['push', file, `oci://${open.host}/t`, '--plain-http', '--registry-config', capstanConfig])).code, 0);
    const before = listCache();
    // The registry serves what its storage holds: replace the layer's data behind its back.
    const hex = sha256Digest(tgz).slice('sha256:'.length);
    const blobFile = join(open.storage, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
    const evil = await chartTgz('tampered', '6.6.6');
    const tampered = Buffer.alloc(tgz.length);
    evil.copy(tampered);
    writeFileSync(blobFile, tampered);
    await assert.rejects(pullChart(`oci://${open.host}/t/tampered:1.0.0`, { client: await client(), cache: new BlobCache(cacheDir) }), /digest mismatch: expected sha256:[a-f0-9]{64}, got sha256:[a-f0-9]{64}$/);
    assert.deepEqual(listCache(), before);
  });

  test('artifacts that are not charts, and malicious chart layers, are refused; the cache is left intact', async () => {
    const c = await client();
    const before = listCache();
    const config = Buffer.from('{"name":"evil","version":"1.0.0"}');
    const pushRaw = async (repo: string, layer: Buffer, configType = CONFIG_MEDIA_TYPE): Promise<void> => {
      await c.pushBlob(open.host, repo, config);
      await c.pushBlob(open.host, repo, layer);
      const manifest = manifestJson({ mediaType: configType, digest: sha256Digest(config), size: config.length }, [{ mediaType: CHART_LAYER_MEDIA_TYPE, digest: sha256Digest(layer), size: layer.length }], new Map());
      await c.pushManifest(open.host, repo, '1.0.0', Buffer.from(manifest), OCI_MANIFEST_MEDIA_TYPE);
    };
    await pushRaw('img/evil', await chartTgz('evil', '1.0.0'), 'application/vnd.oci.image.config.v1+json');
    await assert.rejects(pullChart(`oci://${open.host}/img/evil:1.0.0`, { client: c, cache: new BlobCache(cacheDir) }), /is not a chart: its config media type is application\/vnd\.oci\.image\.config\.v1\+json/);
    const expected: Record<string, RegExp> = {
      traversal: /chart illegally references parent directory$/,
      'absolute path': /chart illegally contains absolute paths$/,
      'symbolic link': /is a symbolic link, which Capstan does not load$/,
      'hard link': /is a hard link, which Capstan does not load$/,
      'too large when decompressed': /larger than the maximum file size 5242880$/,
      'not a chart': /Chart\.yaml/,
      'not gzip': /gzip: invalid header$/,
    };
    for (const [what, archive] of Object.entries(await maliciousArchives())) {
      const repo = `evil/${what.replaceAll(' ', '-')}`;
      await pushRaw(repo, archive);
      await assert.rejects(
        pullChart(`oci://${open.host}/${repo}:1.0.0`, { client: c, cache: new BlobCache(cacheDir) }),
        (err: Error) => err.message.startsWith(`${open.host}/${repo}:1.0.0: the chart layer is not a loadable chart: `) && expected[what].test(err.message),
        what,
      );
      // And Capstan never pushes such an archive.
      const file = join(work, `evil-${what.replaceAll(' ', '-')}.tgz`);
      writeFileSync(file, archive);
      assert.equal((await capstanRun(['push', file, `oci://${open.host}/never`, '--plain-http', '--registry-config', capstanConfig])).code, 1, what);
    }
    assert.deepEqual(listCache(), before);
    await assert.rejects(c.listTags(open.host, 'never/evil'), /404/);
  });
});
