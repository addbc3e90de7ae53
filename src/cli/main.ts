// The `capstan` command: parses flags the way helm's cobra commands do and calls an action.
// Behaviour lives in src/action and below; this layer only translates argv and prints.
import { Command, CommanderError } from 'commander';
import { registerTemplateCommand } from './template.js';
import { CliOutput } from './output.js';

export const CAPSTAN_VERSION = '0.1.0';

export async function main(argv: string[], out: CliOutput = CliOutput.process()): Promise<number> {
  const program = new Command('capstan')
    .description('Helm as a service: render, install, upgrade, roll back and remove Helm releases')
    .version(CAPSTAN_VERSION, '--version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.stdout(s), writeErr: (s) => out.stderr(s), outputError: () => undefined });
  program.option('-n, --namespace <namespace>', 'namespace scope for this request');
  program.option('--debug', 'enable verbose output');
  registerTemplateCommand(program, out);
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
