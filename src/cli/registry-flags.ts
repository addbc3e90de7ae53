// The registry connection flags shared by push and registry login (helm's names).
import type { Command } from 'commander';
import type { RegistryOptions } from '../registry/index.js';

/** What commander parses from addRegistryFlags' flags: the registry options a command line can set. */
export type RegistryFlags = Omit<RegistryOptions, 'userAgent'>;

export function addRegistryFlags(command: Command): Command {
  return command
    .option('--plain-http', 'use insecure HTTP connections for the chart upload')
    .option('--insecure-skip-tls-verify', 'skip tls certificate checks for the chart upload')
    .option('--ca-file <file>', 'verify certificates of HTTPS-enabled servers using this CA bundle')
    .option('--cert-file <file>', 'identify registry client using this SSL certificate file')
    .option('--key-file <file>', 'identify registry client using this SSL key file')
    .option('--registry-config <file>', 'path to the registry credential file (default $CAPSTAN_REGISTRY_CONFIG or ~/.config/capstan/registry/config.json)')
    .option('--use-docker-config', "also read credentials from docker's config.json");
}

export function registryOptions(flags: RegistryFlags): RegistryOptions {
  return {
    plainHttp: flags.plainHttp,
    insecureSkipTlsVerify: flags.insecureSkipTlsVerify,
    caFile: flags.caFile,
    certFile: flags.certFile,
    keyFile: flags.keyFile,
    registryConfig: flags.registryConfig,
    useDockerConfig: flags.useDockerConfig,
  };
}
