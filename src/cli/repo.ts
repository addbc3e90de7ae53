// `capstan repo add|list|update|remove`: helm's repo commands.
import { Command, Option } from 'commander';
import { RepoAdd, RepoList, RepoRemove, RepoUpdate, type RepoContext } from '../action/repo.js';
import { GoError } from '../gotemplate/value.js';
import { marshalYaml } from '../yaml/emit.js';
import type { ConnectionOptions } from '../net/http.js';
import { durationFlagMs } from './flags.js';
import type { CliOutput } from './output.js';
import { passwordFrom, type PasswordFlags } from './password.js';
import { addRepoPathOptions, pathsFrom, type RepoPathFlags } from './repo-options.js';
import { formatTable, jsonRows } from './table.js';

interface RepoAddFlags extends RepoPathFlags, ConnectionOptions, PasswordFlags {
  passCredentials?: boolean;
  forceUpdate?: boolean;
  timeout?: string;
}

function context(flags: RepoPathFlags & { timeout?: string }, out: CliOutput): RepoContext {
  // A zero timeout keeps the transport's default.
  const timeoutMs = flags.timeout ? durationFlagMs('--timeout', flags.timeout) || undefined : undefined;
  return { ...pathsFrom(flags), out: (line) => out.stdout(line + '\n'), warn: (m) => out.stderr(m + '\n'), timeoutMs };
}

export function registerRepoCommand(program: Command, out: CliOutput): void {
  const repo = program.command('repo').description('add, list, remove, update, and index chart repositories');
  addRepoPathOptions(repo.command('add').description('add a chart repository').argument('<name>').argument('<url>'))
    .option('--username <name>', 'chart repository username')
    .option('--password <password>', 'chart repository password')
    .option('--password-stdin', 'read chart repository password from stdin')
    .option('--cert-file <file>', 'identify HTTPS client using this SSL certificate file')
    .option('--key-file <file>', 'identify HTTPS client using this SSL key file')
    .option('--ca-file <file>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--insecure-skip-tls-verify', 'skip tls certificate checks for the repository')
    .option('--pass-credentials', 'pass credentials to all domains')
    .option('--force-update', 'replace (overwrite) the repo if it already exists')
    .option('--timeout <duration>', 'time to wait for the index file download to complete', '2m0s')
    .addOption(new Option('--allow-deprecated-repos', 'accepted for compatibility').hideHelp())
    .action(async (name: string, url: string, flags: RepoAddFlags) => {
      await new RepoAdd(context(flags, out)).run(name, url, {
        username: flags.username,
        password: await passwordFrom(flags),
        certFile: flags.certFile,
        keyFile: flags.keyFile,
        caFile: flags.caFile,
        insecureSkipTlsVerify: flags.insecureSkipTlsVerify === true,
        passCredentialsAll: flags.passCredentials === true,
        forceUpdate: flags.forceUpdate === true,
      });
    });
  addRepoPathOptions(repo.command('list').alias('ls').description('list chart repositories'))
    .option('-o, --output <format>', 'prints the output in the specified format. Allowed values: table, json, yaml', 'table')
    .option('--no-headers', 'suppress headers in the output')
    .action(async (flags: RepoPathFlags & { output: string; headers: boolean }) => {
      const repos = await new RepoList(pathsFrom(flags)).run();
      if (flags.output === 'json') out.stdout(jsonRows(repos, ['name', 'url']));
      else if (flags.output === 'yaml') out.stdout(marshalYaml(repos.map((r) => new Map(Object.entries(r)))));
      else if (flags.output === 'table') out.stdout(formatTable([...(flags.headers ? [['NAME', 'URL']] : []), ...repos.map((r) => [r.name, r.url])], 0));
      else throw new GoError(`invalid format type`);
    });
  addRepoPathOptions(repo.command('update').alias('up').description('update information of available charts locally from chart repositories').argument('[repos...]'))
    .option('--timeout <duration>', 'time to wait for the index file download to complete', '2m0s')
    .action(async (names: string[], flags: RepoPathFlags & { timeout?: string }) => {
      await new RepoUpdate(context(flags, out)).run(names);
    });
  addRepoPathOptions(repo.command('remove').alias('rm').description('remove one or more chart repositories').argument('<repos...>')).action(async (names: string[], flags: RepoPathFlags) => {
    await new RepoRemove(context(flags, out)).run(names);
  });
}
