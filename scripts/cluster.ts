// `npm run cluster:up [-- --nodes N]`: starts a test cluster on loopback in the background and prints
// the path of its admin kubeconfig as the last line. `npm run cluster:down [-- ID|KUBECONFIG...]`:
// stops the named clusters (all clusters started by cluster:up when none is named) and removes their files.
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  buildControlPlane,
  listClusterStates,
  saveClusterState,
  startControlPlane,
  stopControlPlane,
} from '../test/support/cluster-runtime.js';

const log = (message: string): void => void process.stderr.write(`capstan: ${message}\n`);

async function up(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { nodes: { type: 'string', default: '1' } } });
  const nodes = Number(values.nodes);
  if (!Number.isInteger(nodes) || nodes < 1) throw new Error(`--nodes must be a positive integer, got ${values.nodes}`);
  const buildStart = Date.now();
  const binDir = await buildControlPlane(log);
  log(`control-plane binaries in ${binDir} (${((Date.now() - buildStart) / 1000).toFixed(1)}s)`);
  const start = Date.now();
  const cluster = await startControlPlane(binDir, { nodes, log });
  saveClusterState(cluster);
  log(`cluster ${cluster.id} ready at ${cluster.server} in ${((Date.now() - start) / 1000).toFixed(1)}s; stop it with npm run cluster:down`);
  process.stdout.write(`${cluster.kubeconfigPath}\n`);
}

async function down(names: string[]): Promise<void> {
  const states = listClusterStates();
  const chosen = names.length === 0 ? states : states.filter(({ state }) => names.some((n) => [state.id, state.dir, state.kubeconfigPath].includes(n)));
  const unknown = names.filter((n) => !states.some(({ state }) => [state.id, state.dir, state.kubeconfigPath].includes(n)));
  for (const { path, state } of chosen) {
    await stopControlPlane(state.dir, state.pids);
    rmSync(path, { force: true });
    log(`stopped cluster ${state.id}`);
  }
  if (chosen.length === 0 && unknown.length === 0) log('no cluster is running');
  if (unknown.length > 0) throw new Error(`no cluster started by cluster:up matches ${unknown.join(', ')}`);
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (args: string[]) => Promise<void>> = { up, down };
const run = command === undefined ? undefined : commands[command];
if (!run) {
  log('usage: cluster.ts up [--nodes N] | down [ID|KUBECONFIG...]');
  process.exit(2);
}
run(rest).catch((err: unknown) => {
  log(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
