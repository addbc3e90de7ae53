// Flags shared by the repository commands: where settings and caches live, and chart-fetch options.
import { Command, Option } from 'commander';
import { repoPaths, type RepoPaths } from '../repo/paths.js';
import { registryChartSource } from '../registry/source.js';
import type { OciPullOptions } from '../repo/oci.js';
import { ChartResolver, type ChartRequest } from '../repo/resolve.js';
import type { CliOutput } from './output.js';

export interface RepoPathFlags {
  repositoryConfig?: string;
  repositoryCache?: string;
  contentCache?: string;
  helmRepositories?: boolean;
}

export function addRepoPathOptions(cmd: Command): Command {
  return cmd
    .option('--repository-config <file>', 'path to the file containing repository names and URLs')
    .option('--repository-cache <dir>', 'path to the directory containing cached repository indexes')
    .option('--content-cache <dir>', 'path to the directory containing cached charts')
    .option('--helm-repositories', "use helm's repositories.yaml and cache instead of Capstan's");
}

export function pathsFrom(flags: RepoPathFlags): { paths: RepoPaths; writeCompact: boolean } {
  return {
    paths: repoPaths({ repositoryConfig: flags.repositoryConfig, repositoryCache: flags.repositoryCache, contentCache: flags.contentCache, useHelm: flags.helmRepositories }),
    // helm's own cache is read, never extended with Capstan's files.
    writeCompact: !flags.helmRepositories,
  };
}

export interface ChartFetchFlags extends RepoPathFlags, OciPullOptions {
  version?: string;
  devel?: boolean;
  repo?: string;
  passCredentials?: boolean;
}

export function addChartFetchOptions(cmd: Command): Command {
  return addRepoPathOptions(cmd)
    .option('--version <constraint>', 'specify a version constraint for the chart version to use')
    .option('--devel', "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored")
    .option('--repo <url>', 'chart repository url where to locate the requested chart')
    .option('--username <name>', 'chart repository username where to locate the requested chart')
    .option('--password <password>', 'chart repository password where to locate the requested chart')
    .option('--cert-file <file>', 'identify HTTPS client using this SSL certificate file')
    .option('--key-file <file>', 'identify HTTPS client using this SSL key file')
    .option('--ca-file <file>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--insecure-skip-tls-verify', 'skip tls certificate checks for the chart download')
    .option('--pass-credentials', 'pass credentials to all domains')
    .addOption(new Option('--plain-http', 'use insecure HTTP connections for the chart download'));
}

export function chartRequest(ref: string, flags: ChartFetchFlags): ChartRequest {
  return {
    ref,
    version: flags.version,
    devel: flags.devel,
    repoUrl: flags.repo,
    username: flags.username,
    password: flags.password,
    certFile: flags.certFile,
    keyFile: flags.keyFile,
    caFile: flags.caFile,
    insecureSkipTlsVerify: flags.insecureSkipTlsVerify,
    passCredentialsAll: flags.passCredentials,
    plainHttp: flags.plainHttp,
  };
}

export function resolverFrom(flags: RepoPathFlags, out: CliOutput): ChartResolver {
  const { paths, writeCompact } = pathsFrom(flags);
  return new ChartResolver({ paths, writeCompact, oci: registryChartSource(), warn: (m) => out.stderr(m + '\n') });
}
