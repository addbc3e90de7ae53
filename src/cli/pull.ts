// `capstan pull CHART`: helm's pull command.
import { Command } from 'commander';
import { Pull } from '../action/pull.js';
import type { CliOutput } from './output.js';
import { addChartFetchOptions, chartRequest, resolverFrom, type ChartFetchFlags } from './repo-options.js';

export function registerPullCommand(program: Command, out: CliOutput): void {
  addChartFetchOptions(program.command('pull').alias('fetch').description('download a chart from a repository and (optionally) unpack it in local directory').argument('<chart...>'))
    .option('-d, --destination <dir>', 'location to write the chart', '.')
    .option('--untar', 'if set to true, will untar the chart after downloading it')
    .option('--untardir <dir>', 'if untar is specified, this flag specifies the name of the directory into which the chart is expanded', '.')
    .action(async (refs: string[], flags: ChartFetchFlags & { destination: string; untar?: boolean; untardir: string }) => {
      const pull = new Pull(resolverFrom(flags, out));
      for (const ref of refs) {
        await pull.run(chartRequest(ref, flags), { destDir: flags.destination, untar: flags.untar, untarDir: flags.untardir });
      }
    });
}
