// The `capstan` command: parses flags the way helm's cobra commands do and calls an action.
// Behaviour lives in src/action and below; this layer only translates argv and prints.
import { Command, CommanderError } from 'commander';
import { jsStackWasExhausted } from '../gotemplate/index.js';
import { registerTemplateCommand } from './template.js';
import { registerRepoCommand } from './repo.js';
import { registerSearchCommand } from './search.js';
import { registerShowCommand } from './show.js';
import { registerPullCommand } from './pull.js';
import { registerPackageCommand } from './package.js';
import { registerDependencyCommand } from './dependency.js';
import { registerPushCommand } from './push.js';
import { registerRegistryCommand } from './registry.js';
import { registerServeCommand } from './serve.js';
import { CliOutput } from './output.js';

export const CAPSTAN_VERSION = '0.1.0';

/** Stack (KiB) for a re-run: enough for helm's 1000 nested includes; below the usual 8 MiB ulimit. */
const LARGE_STACK_KIB = 4000;

export async function main(argv: string[], out: CliOutput = CliOutput.process()): Promise<number> {
  const buffered = CliOutput.buffered();
  const code = await runCommand(argv, buffered);
  if (code !== 0 && jsStackWasExhausted() && !process.execArgv.some((a) => a.startsWith('--stack-size'))) {
    // Go's goroutine stacks outgrow Node's default one: only a larger stack reaches helm's own
    // recursion limits and their error texts. Rare, so paid only by renders that recurse that deep.
    // node:child_process is loaded here only: loading it slows every start.
    // The script path, if any, sits between Node and the arguments (none from a startup snapshot).
    const script = process.argv.slice(1, process.argv.length - argv.length);
    const rerun = process.getBuiltinModule('node:child_process').spawnSync(process.execPath, [`--stack-size=${LARGE_STACK_KIB}`, ...process.execArgv, ...script, ...(script.length === 0 ? ['--'] : []), ...argv], { stdio: 'inherit' });
    return rerun.status ?? 1;
  }
  for (const s of buffered.out) out.stdout(s);
  for (const s of buffered.err) out.stderr(s);
  return code;
}

async function runCommand(argv: string[], out: CliOutput): Promise<number> {
  const program = new Command('capstan')
    .description('Helm as a service: render, install, upgrade, roll back and remove Helm releases')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.stdout(s), writeErr: (s) => out.stderr(s), outputError: () => undefined });
  // Only before a command: `template`, `pull`, `show`... have a --version flag of their own.
  if (argv.length === 0 || argv[0].startsWith('-')) program.version(CAPSTAN_VERSION, '--version');
  program.option('-n, --namespace <namespace>', 'namespace scope for this request');
  program.option('--debug', 'enable verbose output');
  registerTemplateCommand(program, out);
  registerRepoCommand(program, out);
  registerSearchCommand(program, out);
  registerShowCommand(program, out);
  registerPullCommand(program, out);
  registerPackageCommand(program, out);
  registerDependencyCommand(program, out);
  registerPushCommand(program, out);
  registerRegistryCommand(program, out);
  registerServeCommand(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0;
      out.stderr(`Error: ${err.message.replace(/^error: /, '')}\n`);
      return 1;
    }
    out.stderr(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
