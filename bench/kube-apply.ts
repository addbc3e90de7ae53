// Benchmark: server-side apply of 200 objects (Secrets, ConfigMaps, Services, Deployments) with field
// manager "helm" on a test cluster, Capstan in process (src/kube Applier) against the whole process of
// `kubectl apply --server-side` (kubectl 1.35, shipped beside helm 4.1.4), in one run; and discovery.
// Phases: create (empty namespace), re-apply unchanged, apply changed (every object modified).
// Capstan "cold" is a fresh KubeClient per apply (kubeconfig read, discovery fetched); "warm" reuses
// one client (discovery cached). kubectl "cold" has an empty --cache-dir; "warm" one it filled before.
// Each runner applies in its own namespaces, so every runner does the same work in every round. The
// runners' order follows a balanced Latin square (each runner goes first once and follows every other
// runner once in 4 rounds), and the cluster gets a moment to settle after each apply, so that the
// controllers' work an apply leaves behind (ReplicaSets, pods) falls on all runners alike.
// Usage: npm run bench:kube [-- --rounds N] (default 4, one square)
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { Applier, KubeClient, type ApplyResult, type KubeObject } from '../src/kube/index.js';
import { startCluster, type TestCluster } from '../test/support/cluster.js';
import { run } from '../test/support/helm.js';

const argv = process.argv.slice(2);
const rounds = Number(argv[argv.indexOf('--rounds') + 1] || 4);
const SETTLE_MS = 1_000;
const FIELD_MANAGER = 'helm';
const COUNTS = { Secret: 20, ConfigMap: 140, Service: 20, Deployment: 20 };
const OBJECT_COUNT = Object.values(COUNTS).reduce((a, b) => a + b, 0);

const kubectlBinary = join(process.env.CAPSTAN_CACHE ?? join(homedir(), '.cache', 'capstan'), 'helm', '4.1.4', 'kubectl');
if (!existsSync(kubectlBinary)) throw new Error(`kubectl is not provisioned at ${kubectlBinary}: run scripts/provision-helm.sh`);

const root = mkdtempSync(join(tmpdir(), 'capstan-bench-kube-'));
const kubectlEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: root, TZ: 'UTC' };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// ---- The manifest: what a mid-sized release renders, in helm's install order ----

type Revision = 1 | 2;

function labelsOf(app: string): Record<string, string> {
  return { 'app.kubernetes.io/name': app, 'app.kubernetes.io/instance': 'bench', 'app.kubernetes.io/managed-by': 'Helm' };
}

function configMap(i: number, revision: Revision): KubeObject {
  const data: Record<string, string> = {};
  for (let k = 0; k < 8; k++) data[`key-${k}`] = `value ${i}.${k} revision ${revision}`;
  data['application.properties'] = Array.from({ length: 20 }, (_, l) => `setting.${l}=${(i * 31 + l) % 97}-r${revision}`).join('\n');
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `config-${i}`, labels: labelsOf(`app-${i % 20}`) }, data };
}

function secret(i: number, revision: Revision): KubeObject {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `secret-${i}`, labels: labelsOf(`app-${i}`) },
    type: 'Opaque',
    data: { username: b64(`user-${i}`), password: b64(`password-${i}-r${revision}`), 'tls.key': b64('k'.repeat(256)) },
  };
}

function service(i: number, revision: Revision): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `app-${i}`, labels: labelsOf(`app-${i}`), annotations: { 'bench/revision': String(revision) } },
    spec: {
      type: 'ClusterIP',
      selector: labelsOf(`app-${i}`),
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
      ],
    },
  };
}

function deployment(i: number, revision: Revision): KubeObject {
  const labels = labelsOf(`app-${i}`);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `app-${i}`, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels, annotations: { 'checksum/config': `${i}-${revision}` } },
        spec: {
          containers: [
            {
              name: 'app',
              image: revision === 1 ? 'registry.k8s.io/pause:3.9' : 'registry.k8s.io/pause:3.10',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [
                { name: 'APP_INDEX', value: String(i) },
                { name: 'APP_PASSWORD', valueFrom: { secretKeyRef: { name: `secret-${i}`, key: 'password' } } },
              ],
              envFrom: [{ configMapRef: { name: `config-${i}` } }],
              resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 10 },
            },
          ],
        },
      },
    },
  };
}

function manifest(revision: Revision): KubeObject[] {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  return [
    ...range(COUNTS.Secret).map((i) => secret(i, revision)),
    ...range(COUNTS.ConfigMap).map((i) => configMap(i, revision)),
    ...range(COUNTS.Service).map((i) => service(i, revision)),
    ...range(COUNTS.Deployment).map((i) => deployment(i, revision)),
  ];
}

const manifests = { 1: manifest(1), 2: manifest(2) };
const manifestFiles = {
  1: join(root, 'revision-1.yaml'),
  2: join(root, 'revision-2.yaml'),
};
for (const revision of [1, 2] as const) writeFileSync(manifestFiles[revision], manifests[revision].map((o) => stringify(o)).join('---\n'));

// ---- Runners ----

type Phase = 'create' | 'unchanged' | 'changed';
const PHASES: { phase: Phase; revision: Revision }[] = [
  { phase: 'create', revision: 1 },
  { phase: 'unchanged', revision: 1 },
  { phase: 'changed', revision: 2 },
];
type RunnerName = 'capstan cold' | 'capstan warm' | 'kubectl cold' | 'kubectl warm';
const RUNNERS: RunnerName[] = ['capstan cold', 'capstan warm', 'kubectl cold', 'kubectl warm'];

let cluster: TestCluster | undefined;
let warmClient: KubeClient;
let warmApplier: Applier;
let kubectlWarmCache: string;

function running(): TestCluster {
  if (!cluster) throw new Error('the cluster is not running');
  return cluster;
}

function connect(): KubeClient {
  return KubeClient.connect({ type: 'kubeconfig', path: running().kubeconfigPath }, { name: 'bench' });
}

async function kubectl(args: string[], cacheDir: string): Promise<string> {
  const result = await run(kubectlBinary, [...args, '--kubeconfig', running().kubeconfigPath, '--cache-dir', cacheDir], { env: kubectlEnv });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

function checkCapstan(result: ApplyResult, phase: Phase): void {
  const expected = phase === 'create' ? result.created.length : result.updated.length;
  if (expected !== OBJECT_COUNT || result.deleted.length !== 0) {
    throw new Error(`capstan ${phase}: created ${result.created.length}, updated ${result.updated.length}, deleted ${result.deleted.length}`);
  }
}

function checkKubectl(stdout: string, phase: Phase): void {
  const applied = stdout.split('\n').filter((l) => l.endsWith(' serverside-applied')).length;
  if (applied !== OBJECT_COUNT) throw new Error(`kubectl ${phase}: ${applied} objects applied:\n${stdout}`);
}

/** Applies one revision in `namespace` as the runner does, and returns the wall time in ms. */
async function applyAs(runner: RunnerName, phase: Phase, revision: Revision, namespace: string): Promise<number> {
  const started = performance.now();
  switch (runner) {
    case 'capstan cold': {
      const result = await new Applier(connect()).create(manifests[revision], { namespace, fieldManager: FIELD_MANAGER });
      const elapsed = performance.now() - started;
      checkCapstan(result, phase);
      return elapsed;
    }
    case 'capstan warm': {
      const result = await warmApplier.create(manifests[revision], { namespace, fieldManager: FIELD_MANAGER });
      const elapsed = performance.now() - started;
      checkCapstan(result, phase);
      return elapsed;
    }
    case 'kubectl cold':
    case 'kubectl warm': {
      const cacheDir = runner === 'kubectl warm' ? kubectlWarmCache : mkdtempSync(join(root, 'kubectl-cold-'));
      const stdout = await kubectl(['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-n', namespace, '-f', manifestFiles[revision]], cacheDir);
      const elapsed = performance.now() - started;
      checkKubectl(stdout, phase);
      if (runner === 'kubectl cold') rmSync(cacheDir, { recursive: true, force: true });
      return elapsed;
    }
  }
}

// ---- Discovery ----

type DiscoveryProbe = 'capstan cold' | 'capstan refetch' | 'capstan cached' | 'kubectl cold' | 'kubectl cached';
const DISCOVERY_PROBES: DiscoveryProbe[] = ['capstan cold', 'capstan refetch', 'capstan cached', 'kubectl cold', 'kubectl cached'];
const DISCOVERY_MEANING: Record<DiscoveryProbe, string> = {
  'capstan cold': 'fresh KubeClient: kubeconfig read, /api and /apis fetched',
  'capstan refetch': 'reused client, cache invalidated: /api and /apis fetched again',
  'capstan cached': 'reused client, cache kept',
  'kubectl cold': '`kubectl api-resources`, empty --cache-dir (whole process)',
  'kubectl cached': '`kubectl api-resources --cached`, filled --cache-dir (whole process)',
};

async function discover(probe: DiscoveryProbe): Promise<number> {
  const started = performance.now();
  switch (probe) {
    case 'capstan cold':
      await connect().discovery.get();
      break;
    case 'capstan refetch':
      warmClient.discovery.invalidate();
      await warmClient.discovery.get();
      break;
    case 'capstan cached':
      await warmClient.discovery.get();
      break;
    case 'kubectl cold': {
      const cacheDir = mkdtempSync(join(root, 'kubectl-cold-'));
      await kubectl(['api-resources'], cacheDir);
      rmSync(cacheDir, { recursive: true, force: true });
      break;
    }
    case 'kubectl cached':
      await kubectl(['api-resources', '--cached'], kubectlWarmCache);
      break;
  }
  return performance.now() - started;
}

// ---- The run ----

// Williams design for four treatments: every ordered pair of runners occurs once over the four rows.
const BALANCED_ORDERS = [
  [0, 1, 3, 2],
  [1, 2, 0, 3],
  [2, 3, 1, 0],
  [3, 0, 2, 1],
];

function rotate<T>(xs: readonly T[], by: number): T[] {
  const k = by % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

function namespaceOf(runner: RunnerName, round: number): string {
  return `bench-${runner.replace(' ', '-')}-${round}`;
}

async function createNamespace(name: string): Promise<void> {
  const res = await running().request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  if (res.status !== 201) throw new Error(`creating namespace ${name}: HTTP ${res.status}`);
}

/** Both tools must leave the same objects, every field owned by "helm" through Apply. */
async function checkSameOutcome(round: number): Promise<void> {
  const snapshots = await Promise.all(
    RUNNERS.map(async (runner) => {
      const ns = namespaceOf(runner, round);
      const objects: string[] = [];
      for (const [apiVersion, kind] of [['v1', 'Secret'], ['v1', 'ConfigMap'], ['v1', 'Service'], ['apps/v1', 'Deployment']] as const) {
        const list = await warmClient.list(apiVersion, kind, ns);
        for (const o of list.items) {
          if (o.metadata.name === 'kube-root-ca.crt') continue;
          const managers = (o.metadata.managedFields as { manager: string; operation: string }[])
            .map((m) => `${m.manager}/${m.operation}`)
            .filter((m) => m.startsWith(`${FIELD_MANAGER}/`));
          const body = kind === 'Deployment' ? (o.spec as { template: unknown }).template : kind === 'Service' ? o.metadata.annotations : (o as { data?: unknown }).data;
          objects.push(`${kind}/${o.metadata.name} ${managers.join(',')} ${JSON.stringify(body)}`);
        }
      }
      return objects.sort().join('\n');
    }),
  );
  const count = snapshots[0].split('\n').length;
  if (count !== OBJECT_COUNT || snapshots.some((s) => s !== snapshots[0]) || !snapshots[0].split('\n').every((l) => l.includes(` ${FIELD_MANAGER}/Apply `))) {
    throw new Error(`round ${round}: the runners left different objects (or not ${OBJECT_COUNT} applied by ${FIELD_MANAGER})`);
  }
}

async function main(): Promise<void> {
  const clusterStarted = performance.now();
  cluster = await startCluster();
  console.log(`cluster up in ${((performance.now() - clusterStarted) / 1000).toFixed(1)} s; ${OBJECT_COUNT} objects (${Object.entries(COUNTS).map(([k, n]) => `${n} ${k}`).join(', ')}), ${rounds} rounds`);

  // The first request of the process pays for TLS handshakes and cold code: measured once, apart.
  const firstStarted = performance.now();
  warmClient = connect();
  await warmClient.discovery.get();
  const firstContact = performance.now() - firstStarted;
  warmApplier = new Applier(warmClient);
  kubectlWarmCache = mkdtempSync(join(root, 'kubectl-warm-'));
  await kubectl(['api-resources'], kubectlWarmCache);

  const applyTimes = new Map<string, number[]>();
  const discoveryTimes = new Map<DiscoveryProbe, number[]>(DISCOVERY_PROBES.map((p) => [p, []]));
  for (let round = 0; round < rounds; round++) {
    for (const runner of RUNNERS) await createNamespace(namespaceOf(runner, round));
    for (const { phase, revision } of PHASES) {
      for (const index of BALANCED_ORDERS[round % BALANCED_ORDERS.length]) {
        const runner = RUNNERS[index];
        const ms = await applyAs(runner, phase, revision, namespaceOf(runner, round));
        const key = `${phase}|${runner}`;
        applyTimes.set(key, [...(applyTimes.get(key) ?? []), ms]);
        await new Promise((r) => setTimeout(r, SETTLE_MS));
      }
    }
    await checkSameOutcome(round);
    for (const probe of rotate(DISCOVERY_PROBES, round)) discoveryTimes.get(probe)!.push(await discover(probe));
    console.log(`round ${round + 1}/${rounds} done`);
  }

  const med = (phase: Phase, runner: RunnerName) => median(applyTimes.get(`${phase}|${runner}`)!);
  const ms = (x: number) => x.toFixed(x < 10 ? 2 : 0);
  const spread = (phase: Phase, runner: RunnerName) => {
    const xs = applyTimes.get(`${phase}|${runner}`)!;
    return `${ms(med(phase, runner))} (${ms(Math.min(...xs))}-${ms(Math.max(...xs))})`;
  };
  console.log(`\nserver-side apply of ${OBJECT_COUNT} objects, median (min-max) of ${rounds} rounds (ms)`);
  console.log(['phase', ...RUNNERS, 'cold ratio', 'warm ratio'].join('\t'));
  for (const { phase } of PHASES) {
    const [cc, cw, kc, kw] = RUNNERS.map((r) => med(phase, r));
    console.log([phase, ...RUNNERS.map((r) => spread(phase, r)), (cc / kc).toFixed(2), (cw / kw).toFixed(2)].join('\t'));
  }
  console.log('(ratio = Capstan / kubectl: cold = fresh client / empty cache dir, warm = reused client / filled cache dir)');

  console.log(`\ndiscovery, median of ${rounds} rounds (ms)`);
  console.log(`capstan first contact\t${ms(firstContact)}\tfirst request of the process: TLS handshake, cold code (one sample)`);
  for (const probe of DISCOVERY_PROBES) console.log(`${probe}\t${ms(median(discoveryTimes.get(probe)!))}\t${DISCOVERY_MEANING[probe]}`);
  const discoveryRatio = (a: DiscoveryProbe, b: DiscoveryProbe) => (median(discoveryTimes.get(a)!) / median(discoveryTimes.get(b)!)).toPrecision(2);
  console.log(`ratios: cold capstan/kubectl = ${discoveryRatio('capstan cold', 'kubectl cold')}, cached capstan/kubectl = ${discoveryRatio('capstan cached', 'kubectl cached')}`);

  const total = (runner: RunnerName) => PHASES.reduce((s, { phase }) => s + med(phase, runner), 0);
  console.log(
    `\nsummary: ${OBJECT_COUNT} objects, create + unchanged + changed, sum of medians: ` +
      `capstan cold ${ms(total('capstan cold'))} ms vs kubectl cold ${ms(total('kubectl cold'))} ms (ratio ${(total('capstan cold') / total('kubectl cold')).toFixed(2)}); ` +
      `capstan warm ${ms(total('capstan warm'))} ms vs kubectl warm ${ms(total('kubectl warm'))} ms (ratio ${(total('capstan warm') / total('kubectl warm')).toFixed(2)})`,
  );
}

try {
  await main();
} finally {
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
}
