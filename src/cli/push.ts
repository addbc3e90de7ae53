// `capstan push CHART REMOTE`: to an OCI registry (helm push's flags and output) or a local store.
import type { Command } from 'commander';
import { optionalIntegerFlag } from './flags.js';
import type { CliOutput } from './output.js';
import { addRegistryFlags, registryOptions, type RegistryFlags } from './registry-flags.js';

interface PushFlags extends RegistryFlags {
  force?: boolean;
  maxUploadSize?: string;
}

export function registerPushCommand(program: Command, out: CliOutput): void {
  const command = program
    .command('push')
    .description('push a chart to a registry (oci://host/path) or into a local chart store directory')
    .argument('<chart>', 'packaged chart (.tgz)')
    .argument('<remote>', 'oci://host/path, or a chart store directory')
    .option('--force', 'store: replace a version already in the store')
    .option('--max-upload-size <bytes>', 'store: largest chart archive accepted');
  addRegistryFlags(command).action(async (chart: string, remote: string, flags: PushFlags) => {
    const { push } = await import('../action/push.js');
    const maxUploadBytes = optionalIntegerFlag('--max-upload-size', flags.maxUploadSize);
    const outcome = await push({ chartPath: chart, remote, registry: registryOptions(flags), force: flags.force, maxUploadBytes });
    if (outcome.kind === 'registry') {
      out.stderr(`Pushed: ${outcome.result.ref}\nDigest: ${outcome.result.digest}\n`);
    } else {
      out.stderr(`Stored: ${outcome.stored.file} in ${outcome.dir}\nDigest: sha256:${outcome.stored.digest}\n`);
    }
  });
}
