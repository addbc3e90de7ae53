#!/usr/bin/env node
// Entry point of the `capstan` command: runs the compiled CLI (built by `npm run build`).
import { enableCompileCache } from 'node:module';
enableCompileCache?.();
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
