// Real Kubernetes clusters for integration tests (see cluster-runtime.ts). Every cluster a test
// process starts is stopped by `stop()`, by the process's exit or a terminating signal, and, if the
// process is killed outright, by a watchdog that outlives it.
import {
  buildControlPlane,
  killNow,
  kubeRequest,
  startControlPlane,
  startWatchdog,
  stopControlPlane,
  AUTH_PROXY_HEADERS,
  type ClusterConnection,
  type KubeResponse,
} from './cluster-runtime.js';

export { AUTH_PROXY_HEADERS, kubeRequest, type ClusterConnection, type KubeResponse };

export interface TestCluster {
  kubeconfigPath: string;
  /** https://127.0.0.1:PORT */
  server: string;
  /** Bearer token of an administrator (group system:masters). */
  token: string;
  /** CA of the serving certificate; it also signs the client certificates. */
  caPem: string;
  /** Client certificate of an administrator (CN capstan-cert-admin, O system:masters). */
  clientCertPem: string;
  clientKeyPem: string;
  /** Client certificate an authenticating proxy presents; the API server then trusts AUTH_PROXY_HEADERS. */
  authProxyCertPem: string;
  authProxyKeyPem: string;
  /** Token-authenticated connection, for kubeRequest. */
  connection: ClusterConnection;
  /** A request to the API server as the token administrator. */
  request(method: string, path: string, body?: unknown): Promise<KubeResponse>;
  /** Kills the cluster's processes and removes its files; idempotent. */
  stop(): Promise<void>;
}

interface Live {
  dir: string;
  pids: number[];
}

const live = new Set<Live>();
let binDirPromise: Promise<string> | undefined;
let handlersInstalled = false;

function killAll(): void {
  for (const cluster of live) killNow(cluster.dir, cluster.pids);
  live.clear();
}

const terminatingSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  for (const s of terminatingSignals) process.removeListener(s, onSignal);
  process.kill(process.pid, signal);
}

function installCleanupHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAll);
  for (const signal of terminatingSignals) process.on(signal, onSignal);
}

/**
 * Starts a cluster (etcd, kube-apiserver 1.33, controller manager, scheduler, kwok) with `nodes`
 * fake nodes (default 1) on which pods become Running and Ready. Call it twice for two independent
 * clusters. The first call in a process builds the binaries if the cache lacks them.
 */
export async function startCluster(options: { nodes?: number } = {}): Promise<TestCluster> {
  installCleanupHandlers();
  binDirPromise ??= buildControlPlane((line) => process.stderr.write(`${line}\n`));
  const running = await startControlPlane(await binDirPromise, { nodes: options.nodes });
  const entry: Live = { dir: running.dir, pids: running.pids };
  const watchdog = startWatchdog(running.dir, running.pids);
  if (watchdog !== undefined) entry.pids = [watchdog, ...running.pids];
  live.add(entry);
  const connection: ClusterConnection = { server: running.server, caPem: running.caPem, token: running.token };
  let stopping: Promise<void> | undefined;
  return {
    kubeconfigPath: running.kubeconfigPath,
    server: running.server,
    token: running.token,
    caPem: running.caPem,
    clientCertPem: running.adminClient.certPem,
    clientKeyPem: running.adminClient.keyPem,
    authProxyCertPem: running.authProxyClient.certPem,
    authProxyKeyPem: running.authProxyClient.keyPem,
    connection,
    request: (method, path, body) => kubeRequest(connection, method, path, body),
    stop() {
      stopping ??= (async () => {
        await stopControlPlane(entry.dir, entry.pids);
        live.delete(entry);
      })();
      return stopping;
    },
  };
}
