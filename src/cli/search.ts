// `capstan search repo [keyword]`: helm's search repo command.
import { Command } from 'commander';
import { SearchRepo } from '../action/search.js';
import { GoError } from '../gotemplate/value.js';
import { marshalYaml } from '../yaml/emit.js';
import type { CliOutput } from './output.js';
import { addRepoPathOptions, pathsFrom, type RepoPathFlags } from './repo-options.js';
import { formatTable, jsonRows } from './table.js';

interface SearchFlags extends RepoPathFlags {
  regexp?: boolean;
  versions?: boolean;
  devel?: boolean;
  version?: string;
  maxColWidth: string;
  output: string;
  failOnNoResult?: boolean;
}

export function registerSearchCommand(program: Command, out: CliOutput): void {
  const search = program.command('search').description('search for a keyword in charts');
  addRepoPathOptions(search.command('repo').description('search repositories for a keyword in charts').argument('[keyword...]'))
    .option('-r, --regexp', 'use regular expressions for searching repositories you have added')
    .option('-l, --versions', 'show the long listing, with each version of each chart on its own line')
    .option('--devel', "use development versions (alpha, beta, and release candidate releases), too. Equivalent to version '>0.0.0-0'")
    .option('--version <constraint>', 'search using semantic versioning constraints on repositories you have added')
    .option('--max-col-width <width>', 'maximum column width for output table', '50')
    .option('-o, --output <format>', 'prints the output in the specified format. Allowed values: table, json, yaml', 'table')
    .option('--fail-on-no-result', 'search fails if no results are found')
    .action(async (keywords: string[], flags: SearchFlags) => {
      const { paths, writeCompact } = pathsFrom(flags);
      const rows = await new SearchRepo({ paths, writeCompact, warn: (m) => out.stderr(m + '\n') }).run(keywords, flags);
      if (rows.length === 0 && flags.failOnNoResult) throw new GoError('no results found');
      const objects = rows.map((r) => new Map(Object.entries(r)));
      if (flags.output === 'json') out.stdout(jsonRows(rows, ['name', 'version', 'app_version', 'description']));
      else if (flags.output === 'yaml') out.stdout(marshalYaml(objects));
      else if (flags.output !== 'table') throw new GoError('invalid format type');
      else if (rows.length === 0) out.stdout('No results found\n');
      else {
        const table = [['NAME', 'CHART VERSION', 'APP VERSION', 'DESCRIPTION'], ...rows.map((r) => [r.name, r.version, r.app_version, r.description])];
        out.stdout(formatTable(table, Number(flags.maxColWidth)));
      }
    });
}
