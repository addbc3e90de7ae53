// `capstan dependency update|build|list CHART`: helm's dependency commands.
import { Command } from 'commander';
import { DependencyManager, listDependencies } from '../action/dependency.js';
import type { CliOutput } from './output.js';
import { addRepoPathOptions, pathsFrom, resolverFrom, type RepoPathFlags } from './repo-options.js';
import { formatTable } from './table.js';

type Flags = RepoPathFlags & { skipRefresh?: boolean };

export function registerDependencyCommand(program: Command, out: CliOutput): void {
  const dep = program.command('dependency').alias('dep').alias('dependencies').description("manage a chart's dependencies");
  const manager = (flags: Flags): DependencyManager =>
    new DependencyManager({ ...pathsFrom(flags), out: (l) => out.stdout(l + '\n') }, resolverFrom(flags, out), { skipRefresh: flags.skipRefresh });
  addRepoPathOptions(dep.command('update').alias('up').description('update charts/ based on the contents of Chart.yaml').argument('[chart]', 'chart directory', '.'))
    .option('--skip-refresh', 'do not refresh the local repository cache')
    .action(async (chart: string, flags: Flags) => manager(flags).update(chart));
  addRepoPathOptions(dep.command('build').description('rebuild the charts/ directory based on the Chart.lock file').argument('[chart]', 'chart directory', '.'))
    .option('--skip-refresh', 'do not refresh the local repository cache')
    .action(async (chart: string, flags: Flags) => manager(flags).build(chart));
  dep
    .command('list')
    .alias('ls')
    .description('list the dependencies for the given chart')
    .argument('[chart]', 'chart directory', '.')
    .option('--max-col-width <width>', 'maximum column width for output table', '80')
    .action(async (chart: string, flags: { maxColWidth: string }) => {
      const { deps, warnings } = await listDependencies(chart);
      if (deps.length === 0) {
        out.stdout(`WARNING: no dependencies at ${chart}/charts\n`);
        return;
      }
      const rows = [['NAME', 'VERSION', 'REPOSITORY', 'STATUS'], ...deps.map((d) => [d.name, d.version, d.repository, d.status])];
      out.stdout(formatTable(rows, Number(flags.maxColWidth)) + '\n');
      for (const w of warnings) out.stdout(w + '\n');
    });
}
