// `capstan registry login HOST` / `capstan registry logout HOST` (helm's flags and messages).
import type { Command } from 'commander';
import type { CliOutput } from './output.js';
import { passwordFrom, type PasswordFlags } from './password.js';
import { addRegistryFlags, registryOptions, type RegistryFlags } from './registry-flags.js';

interface LoginFlags extends RegistryFlags, PasswordFlags {
  username?: string;
  insecure?: boolean;
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
    const password = (await passwordFrom(flags)) ?? '';
    if (!flags.passwordStdin && flags.password !== undefined) out.stderr('level=WARN msg="using --password via the CLI is insecure. Use --password-stdin"\n');
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
