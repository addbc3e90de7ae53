// `capstan serve --store DIR`: a local chart store as a Helm repository until interrupted.
import type { Command } from 'commander';
import { optionalIntegerFlag } from './flags.js';
import { CliOutput } from './output.js';

interface ServeFlags {
  store: string;
  address: string;
  url?: string;
  allowWrite?: boolean;
  maxUploadSize?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve a local chart store as a Helm repository (index.yaml and archives) over HTTP')
    .requiredOption('--store <dir>', 'the chart store directory')
    .option('--address <host:port>', 'address to listen on (port 0: any free port)', '127.0.0.1:8879')
    .option('--url <url>', 'absolute base URL for chart URLs in index.yaml (default: relative URLs)')
    .option('--allow-write', 'accept uploads (POST /api/charts) and deletes (DELETE /api/charts/NAME/VERSION)')
    .option('--max-upload-size <bytes>', 'largest chart archive accepted')
    .action(async (flags: ServeFlags) => {
      const { serveStore } = await import('../action/serve.js');
      const maxUploadBytes = optionalIntegerFlag('--max-upload-size', flags.maxUploadSize);
      const serving = await serveStore({ dir: flags.store, address: flags.address, baseUrl: flags.url, allowWrite: flags.allowWrite, maxUploadBytes });
      // Written at once, not through the command's buffered output: the command runs until stopped,
      // and whoever started it needs the address now.
      CliOutput.process().stderr(`Serving chart store ${flags.store} at ${serving.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await serving.close();
    });
}
