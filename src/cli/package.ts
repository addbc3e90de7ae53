// `capstan package CHART_DIR...`: helm's package command, with reproducible archives.
import { Command } from 'commander';
import { DependencyManager } from '../action/dependency.js';
import { Package } from '../action/package.js';
import type { CliOutput } from './output.js';
import { addRepoPathOptions, pathsFrom, resolverFrom, type RepoPathFlags } from './repo-options.js';

export function registerPackageCommand(program: Command, out: CliOutput): void {
  addRepoPathOptions(program.command('package').description('package a chart directory into a chart archive').argument('<chart...>'))
    .option('--version <version>', 'set the version on the chart to this semver version')
    .option('--app-version <version>', 'set the appVersion on the chart to this version')
    .option('-d, --destination <dir>', 'location to write the chart.', '.')
    .option('-u, --dependency-update', 'update dependencies from "Chart.yaml" to dir "charts/" before packaging')
    .action(async (dirs: string[], flags: RepoPathFlags & { version?: string; appVersion?: string; destination: string; dependencyUpdate?: boolean }) => {
      for (const dir of dirs) {
        if (flags.dependencyUpdate) {
          const manager = new DependencyManager({ ...pathsFrom(flags), out: (l) => out.stdout(l + '\n') }, resolverFrom(flags, out));
          await manager.update(dir);
        }
        const path = await new Package().run(dir, { version: flags.version, appVersion: flags.appVersion, destination: flags.destination });
        out.stdout(`Successfully packaged chart and saved it to: ${path}\n`);
      }
    });
}
