// A real Kubernetes control plane on loopback for tests and for `npm run cluster:up`: etcd,
// kube-apiserver, kube-controller-manager, kube-scheduler and kwok (fake nodes that run pods),
// built from Go modules by scripts/cluster-build.sh. Each process leads its own process group and
// logs into the cluster's temporary directory; stopping a cluster kills the groups and removes it.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify as toYaml } from 'yaml';
import { AUTH_PROXY_CLIENT_NAME, generateClusterPki, type CertKeyPair } from './cluster-pki.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/16';
const KUBERNETES_SERVICE_IP = '10.96.0.1';
/** kwok manages only the nodes carrying this annotation (so it never touches a real node). */
const KWOK_NODE_ANNOTATION = { key: 'kwok.x-k8s.io/node', value: 'fake' };

/** Request headers the API server trusts from a client presenting the auth-proxy certificate. */
export const AUTH_PROXY_HEADERS = { user: 'X-Remote-User', group: 'X-Remote-Group', extraPrefix: 'X-Remote-Extra-' };

export interface ClusterConnection {
  /** https://127.0.0.1:PORT */
  server: string;
  /** CA of the API server's serving certificate (it also signs the client certificates). */
  caPem: string;
  token?: string;
  clientCert?: CertKeyPair;
  /** Sent with every request (e.g. the identity headers of an authenticating proxy). */
  headers?: Record<string, string>;
}

export interface RunningCluster {
  /** Name of the cluster's temporary directory, unique among running clusters. */
  id: string;
  dir: string;
  kubeconfigPath: string;
  server: string;
  token: string;
  caPem: string;
  adminClient: CertKeyPair;
  authProxyClient: CertKeyPair;
  /** Process-group leaders of the cluster's processes. */
  pids: number[];
}

export interface StartOptions {
  /** Fake kwok nodes to create (default 1). */
  nodes?: number;
  /** Progress messages (default: none). */
  log?: (message: string) => void;
}

export function capstanCacheDir(): string {
  return process.env.CAPSTAN_CACHE ?? join(homedir(), '.cache', 'capstan');
}

/** Builds (or finds in the cache) the control-plane binaries; resolves to their directory. */
export function buildControlPlane(log: (message: string) => void = () => {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot, 'scripts', 'cluster-build.sh')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.trim().split('\n');
      const binDir = lines[lines.length - 1] ?? '';
      if (code === 0 && existsSync(join(binDir, 'kube-apiserver'))) resolve(binDir);
      else reject(new Error(`scripts/cluster-build.sh failed (exit ${code}):\n${stderr.slice(-4000)}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface KubeResponse {
  status: number;
  body: unknown;
  text: string;
}

/** One request to the API server (or any TLS endpoint trusting the cluster CA); never follows redirects. */
export function kubeRequest(connection: ClusterConnection, method: string, path: string, body?: unknown): Promise<KubeResponse> {
  const url = new URL(path, connection.server);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { accept: 'application/json', ...connection.headers };
  if (connection.token) headers.authorization = `Bearer ${connection.token}`;
  if (payload !== undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method,
        headers,
        ca: connection.caPem,
        cert: connection.clientCert?.certPem,
        key: connection.clientCert?.keyPem,
        agent: false,
        timeout: 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Not JSON (e.g. /readyz answers "ok"): keep the text.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url.href}: timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

function httpGetOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

interface Launched {
  name: string;
  child: ChildProcess;
  logPath: string;
}

function launch(dir: string, name: string, binary: string, args: string[]): Launched {
  const logPath = join(dir, 'logs', `${name}.log`);
  const fd = openSync(logPath, 'a');
  // HOME is the cluster directory so that nothing reads the developer's ~/.kube or ~/.kwok.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, TZ: 'UTC' };
  const child = spawn(binary, args, { cwd: dir, env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  child.on('error', () => {}); // a failed spawn shows as an exit while waiting
  return { name, child, logPath };
}

function logTail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-25).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it holds; fails early, with the log's end, if one of `processes` has exited. */
async function waitUntil(what: string, timeoutMs: number, processes: Launched[], probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    for (const p of processes) {
      if (p.child.exitCode !== null || p.child.signalCode !== null || p.child.pid === undefined) {
        throw new Error(`${p.name} exited (${p.child.exitCode ?? p.child.signalCode}) while waiting for ${what}; ${p.logPath}:\n${logTail(p.logPath)}`);
      }
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      const logs = processes.map((p) => `${p.logPath}:\n${logTail(p.logPath)}`).join('\n');
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}\n${logs}`);
    }
    await sleep(250);
  }
}

function kubeconfigYaml(cluster: { server: string; caPem: string; token: string; adminClient: CertKeyPair }): string {
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'capstan-test', cluster: { server: cluster.server, 'certificate-authority-data': b64(cluster.caPem) } }],
    users: [
      { name: 'admin', user: { token: cluster.token } },
      { name: 'cert-admin', user: { 'client-certificate-data': b64(cluster.adminClient.certPem), 'client-key-data': b64(cluster.adminClient.keyPem) } },
    ],
    contexts: [
      { name: 'capstan-test', context: { cluster: 'capstan-test', user: 'admin' } },
      { name: 'capstan-test-cert', context: { cluster: 'capstan-test', user: 'cert-admin' } },
    ],
    'current-context': 'capstan-test',
  });
}

function kwokNode(name: string): unknown {
  const resources = { cpu: '32', memory: '256Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [KWOK_NODE_ANNOTATION.key]: KWOK_NODE_ANNOTATION.value, 'node.alpha.kubernetes.io/ttl': '0' },
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok' },
    },
    status: { allocatable: resources, capacity: resources },
  };
}

function isNodeReady(node: unknown): boolean {
  const conditions = (node as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Starts a control plane with `nodes` fake nodes and waits until it can run pods: the API server is
 * ready, every node is Ready and the controller manager has created the default service account.
 * On failure every started process is killed and the directory removed.
 */
export async function startControlPlane(binDir: string, options: StartOptions = {}): Promise<RunningCluster> {
  const log = options.log ?? (() => {});
  const nodeCount = options.nodes ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'capstan-cluster-'));
  const launched: Launched[] = [];
  try {
    mkdirSync(join(dir, 'logs'));
    mkdirSync(join(dir, 'pki'));
    const pki = generateClusterPki(KUBERNETES_SERVICE_IP);
    const file = (name: string, content: string): string => {
      const path = join(dir, name);
      writeFileSync(path, content, { mode: 0o600 });
      return path;
    };
    const caCert = file('pki/ca.crt', pki.ca.certPem);
    const caKey = file('pki/ca.key', pki.ca.keyPem);
    const serverCert = file('pki/apiserver.crt', pki.apiserver.certPem);
    const serverKey = file('pki/apiserver.key', pki.apiserver.keyPem);
    const serviceAccountKey = file('pki/sa.key', pki.serviceAccountKeyPem);
    const tokenFile = file('pki/tokens.csv', `${pki.adminToken},admin,admin,system:masters\n`);
    const [etcdPort, etcdPeerPort, apiserverPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const server = `https://127.0.0.1:${apiserverPort}`;
    const cluster: RunningCluster = {
      id: basename(dir),
      dir,
      kubeconfigPath: join(dir, 'kubeconfig'),
      server,
      token: pki.adminToken,
      caPem: pki.ca.certPem,
      adminClient: pki.adminClient,
      authProxyClient: pki.authProxyClient,
      pids: [],
    };
    file('kubeconfig', kubeconfigYaml(cluster));
    const kubeconfig = cluster.kubeconfigPath;
    const start = (name: string, args: string[]): Launched => {
      const p = launch(dir, name, join(binDir, name), args);
      launched.push(p);
      if (p.child.pid !== undefined) cluster.pids.push(p.child.pid);
      return p;
    };

    log(`starting etcd on 127.0.0.1:${etcdPort}`);
    const etcdClientUrl = `http://127.0.0.1:${etcdPort}`;
    const etcdPeerUrl = `http://127.0.0.1:${etcdPeerPort}`;
    const etcd = start('etcd', [
      '--name=capstan',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=${etcdClientUrl}`,
      `--advertise-client-urls=${etcdClientUrl}`,
      `--listen-peer-urls=${etcdPeerUrl}`,
      `--initial-advertise-peer-urls=${etcdPeerUrl}`,
      `--initial-cluster=capstan=${etcdPeerUrl}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);
    await waitUntil('etcd health', 60_000, [etcd], () => httpGetOk(`${etcdClientUrl}/health`));

    log(`starting kube-apiserver on ${server}`);
    const apiserver = start('kube-apiserver', [
      `--etcd-servers=${etcdClientUrl}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiserverPort}`,
      `--tls-cert-file=${serverCert}`,
      `--tls-private-key-file=${serverKey}`,
      `--client-ca-file=${caCert}`,
      `--token-auth-file=${tokenFile}`,
      `--requestheader-client-ca-file=${caCert}`,
      `--requestheader-allowed-names=${AUTH_PROXY_CLIENT_NAME}`,
      `--requestheader-username-headers=${AUTH_PROXY_HEADERS.user}`,
      `--requestheader-group-headers=${AUTH_PROXY_HEADERS.group}`,
      `--requestheader-extra-headers-prefix=${AUTH_PROXY_HEADERS.extraPrefix}`,
      '--authorization-mode=RBAC',
      `--service-account-issuer=https://kubernetes.default.svc.cluster.local`,
      `--service-account-key-file=${serviceAccountKey}`,
      `--service-account-signing-key-file=${serviceAccountKey}`,
      `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
      // A loopback address is not a valid endpoint of the "kubernetes" service; nothing in-cluster needs it.
      '--endpoint-reconciler-type=none',
      '--allow-privileged=true',
      '--profiling=false',
    ]);
    const admin: ClusterConnection = { server, caPem: cluster.caPem, token: cluster.token };
    await waitUntil('kube-apiserver /readyz', 120_000, [etcd, apiserver], async () => (await kubeRequest(admin, 'GET', '/readyz')).status === 200);

    log('starting kube-controller-manager, kube-scheduler and kwok');
    const controllerManager = start('kube-controller-manager', [
      `--kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1',
      '--secure-port=0',
      '--leader-elect=false',
      `--service-account-private-key-file=${serviceAccountKey}`,
      `--root-ca-file=${caCert}`,
      `--cluster-signing-cert-file=${caCert}`,
      `--cluster-signing-key-file=${caKey}`,
      `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
      '--profiling=false',
    ]);
    const scheduler = start('kube-scheduler', [
      `--kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1',
      '--secure-port=0',
      '--leader-elect=false',
      '--profiling=false',
    ]);
    const kwok = start('kwok', [
      `--kubeconfig=${kubeconfig}`,
      '--manage-all-nodes=false',
      `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION.key}=${KWOK_NODE_ANNOTATION.value}`,
      '--cidr=10.244.0.1/16',
      '--node-ip=127.0.0.1',
    ]);
    const all = [etcd, apiserver, controllerManager, scheduler, kwok];
    for (let i = 0; i < nodeCount; i++) {
      const res = await kubeRequest(admin, 'POST', '/api/v1/nodes', kwokNode(`kwok-node-${i}`));
      if (res.status !== 201) throw new Error(`creating node kwok-node-${i}: ${res.status} ${res.text}`);
    }
    await waitUntil(`${nodeCount} Ready kwok node(s)`, 60_000, all, async () => {
      const res = await kubeRequest(admin, 'GET', '/api/v1/nodes');
      const items = (res.body as { items?: unknown[] }).items ?? [];
      return res.status === 200 && items.filter(isNodeReady).length >= nodeCount;
    });
    await waitUntil('the default service account', 60_000, all, async () => {
      return (await kubeRequest(admin, 'GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200;
    });
    return cluster;
  } catch (err) {
    killNow(dir, launched.flatMap((p) => (p.child.pid === undefined ? [] : [p.child.pid])));
    throw err;
  }
}

/** Whether `pid` is a live process whose command line mentions `dir` (so a reused pid is never killed). */
function isClusterProcess(pid: number, dir: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
  } catch {
    return false;
  }
}

function signalGroups(dir: string, pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    if (!isClusterProcess(pid, dir)) continue;
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Kills the cluster's process groups at once and removes its directory; safe in an exit handler. */
export function killNow(dir: string, pids: number[]): void {
  signalGroups(dir, pids, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Stops the cluster's processes (SIGTERM, then SIGKILL after `graceMs`) and removes its directory. */
export async function stopControlPlane(dir: string, pids: number[], graceMs = 5_000): Promise<void> {
  signalGroups(dir, pids, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (pids.some((pid) => isClusterProcess(pid, dir)) && Date.now() < deadline) await sleep(100);
  killNow(dir, pids);
}

/**
 * Starts a detached watchdog that kills the cluster's process groups and removes its directory once
 * process `ownerPid` is gone, even if that process was killed with SIGKILL. Returns its pid, which
 * belongs with the cluster's pids (its command line mentions the directory too).
 */
export function startWatchdog(dir: string, pids: number[], ownerPid = process.pid): number | undefined {
  const script = 'owner=$1; dir=$2; shift 2; while kill -0 "$owner" 2>/dev/null; do sleep 1; done; for p in "$@"; do kill -KILL -- "-$p" 2>/dev/null; done; rm -rf "$dir"';
  // bash, not sh: dash's kill builtin cannot signal a process group.
  const child = spawn('bash', ['-c', script, 'capstan-cluster-watchdog', String(ownerPid), dir, ...pids.map(String)], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  child.on('error', () => {});
  return child.pid;
}

// State of clusters started by `npm run cluster:up`, so that `npm run cluster:down` finds them.
function stateDir(): string {
  return join(capstanCacheDir(), 'clusters');
}

export interface ClusterState {
  id: string;
  dir: string;
  kubeconfigPath: string;
  server: string;
  pids: number[];
  startedAt: string;
}

export function saveClusterState(cluster: RunningCluster): string {
  mkdirSync(stateDir(), { recursive: true });
  const state: ClusterState = {
    id: cluster.id,
    dir: cluster.dir,
    kubeconfigPath: cluster.kubeconfigPath,
    server: cluster.server,
    pids: cluster.pids,
    startedAt: new Date().toISOString(),
  };
  const path = join(stateDir(), `${cluster.id}.json`);
  writeFileSync(path, JSON.stringify(state, null, 2) + '\n');
  return path;
}

export function listClusterStates(): { path: string; state: ClusterState }[] {
  if (!existsSync(stateDir())) return [];
  return readdirSync(stateDir())
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      const path = join(stateDir(), name);
      return { path, state: JSON.parse(readFileSync(path, 'utf8')) as ClusterState };
    });
}
