// `capstan show all|chart|values|readme|crds CHART`: helm's show command, for local charts and references.
import { Command } from 'commander';
import { resolveChartRef } from '../action/chart-args.js';
import { Show, type ShowFormat } from '../action/show.js';
import { loadChart } from '../chart/load.js';
import type { CliOutput } from './output.js';
import { addChartFetchOptions, chartRequest, resolverFrom, type ChartFetchFlags } from './repo-options.js';

const FORMATS: [ShowFormat, string][] = [
  ['all', 'show all information of the chart'],
  ['chart', "show the chart's definition"],
  ['values', "show the chart's values"],
  ['readme', "show the chart's README"],
  ['crds', "show the chart's CRDs"],
];

export function registerShowCommand(program: Command, out: CliOutput): void {
  const show = program.command('show').alias('inspect').description('show information of a chart');
  for (const [format, description] of FORMATS) {
    addChartFetchOptions(show.command(format).description(description).argument('<chart>')).action(async (ref: string, flags: ChartFetchFlags) => {
      const path = await resolveChartRef(chartRequest(ref, flags), resolverFrom(flags, out));
      out.stdout(new Show(format).run(await loadChart(path)));
    });
  }
}
