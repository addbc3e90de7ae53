// `capstan registry login HOST` / `capstan registry logout HOST` (helm's flags and messages).
import type { Command } from 'commander';
import type { CliOutput } from './output.js';
import { addRegistryFlags, registryOptions, type RegistryFlags } from './registry-flags.js';

interface LoginFlags extends RegistryFlags {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
  insecure?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function registerRegistryCommand(program: Command, out: CliOutput): void {
  const registry = program.command('registry').description('login to or logout from a registry');
  const login = registry
    .command('login')
    .description('login to a registry')
    .argument('<host>', 'registry host[:port]')
    .option('-u, --username <username>', 'registry username')
    .option('-p, --password <password>', 'registry password or identity token')
    .option('--password-stdin', 'read password or identity token from stdin')
    .option('--insecure', 'allow connections to TLS registry without certs');
  addRegistryFlags(login).action(async (host: string, flags: LoginFlags) => {
    const { registryLogin } = await import('../action/registry-login.js');
    if (flags.password !== undefined && flags.passwordStdin) throw new Error('--password and --password-stdin are mutually exclusive');
    if (flags.password !== undefined) out.stderr('level=WARN msg="using --password via the CLI is insecure. Use --password-stdin"\n');
    const password = flags.passwordStdin ? await readStdin() : (flags.password ?? '');
    const options = registryOptions(flags);
    if (flags.insecure) options.insecureSkipTlsVerify = true;
    await registryLogin({ host, username: flags.username ?? '', password, registry: options });
    out.stderr('Login Succeeded\n');
  });
  const logout = registry.command('logout').description('logout from a registry').argument('<host>', 'registry host[:port]');
  addRegistryFlags(logout).action(async (host: string, flags: RegistryFlags) => {
    const { registryHost, registryLogout } = await import('../action/registry-login.js');
    await registryLogout(host, registryOptions(flags));
    out.stderr(`Removing login credentials for ${registryHost(host)}\n`);
  });
}
