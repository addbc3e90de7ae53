// `capstan template NAME CHART`: helm's template command, flag for flag.
import { Command, Option } from 'commander';
import { nameAndChart, resolveChartRef } from '../action/chart-args.js';
import { TemplateAction, TemplateError } from '../action/template.js';
import { loadChart } from '../chart/load.js';
import { readValues } from '../values/options.js';
import { collect, collectCsv, collectKeyValues } from './flags.js';
import type { CliOutput } from './output.js';
import { addChartFetchOptions, chartRequest, resolverFrom, type ChartFetchFlags } from './repo-options.js';

interface TemplateFlags extends ChartFetchFlags {
  values: string[];
  set: string[];
  setString: string[];
  setJson: string[];
  setFile: string[];
  setLiteral: string[];
  showOnly: string[];
  apiVersions: string[];
  labels: Record<string, string>;
  includeCrds?: boolean;
  skipCrds?: boolean;
  hooks: boolean;
  skipTests?: boolean;
  skipSchemaValidation?: boolean;
  kubeVersion?: string;
  isUpgrade?: boolean;
  outputDir?: string;
  releaseName?: boolean;
  renderSubchartNotes?: boolean;
  generateName?: boolean;
  nameTemplate?: string;
  description?: string;
  enableDns?: boolean;
  dependencyUpdate?: boolean;
}

export function registerTemplateCommand(program: Command, out: CliOutput): void {
  const command = program.command('template');
  addChartFetchOptions(command);
  command
    .description('locally render templates')
    .argument('[args...]', 'NAME CHART, or CHART with --generate-name')
    .option('-f, --values <files>', 'specify values in a YAML file (can specify multiple)', collectCsv, [])
    .option('--set <values>', 'set values on the command line (key1=val1,key2=val2)', collect, [])
    .option('--set-string <values>', 'set STRING values on the command line', collect, [])
    .option('--set-json <values>', 'set JSON values on the command line', collect, [])
    .option('--set-file <values>', 'set values from files (key1=path1,key2=path2)', collect, [])
    .option('--set-literal <values>', 'set a literal STRING value on the command line', collect, [])
    .option('-s, --show-only <template>', 'only show manifests rendered from the given templates', collect, [])
    .option('-a, --api-versions <versions>', 'Kubernetes api versions used for Capabilities.APIVersions', collectCsv, [])
    .option('-l, --labels <labels>', 'labels that would be added to release metadata', collectKeyValues, {})
    .option('--include-crds', 'include CRDs in the templated output')
    .option('--skip-crds', 'if set, no CRDs will be installed')
    .option('--no-hooks', 'prevent hooks from running during install')
    .option('--skip-tests', 'skip tests from templated output')
    .option('--skip-schema-validation', 'if set, disables JSON schema validation')
    .option('--kube-version <version>', 'Kubernetes version used for Capabilities.KubeVersion')
    .option('--is-upgrade', 'set .Release.IsUpgrade instead of .Release.IsInstall')
    .option('--output-dir <dir>', 'writes the executed templates to files in output-dir instead of stdout')
    .option('--release-name', 'use release name in the output-dir path')
    .option('--render-subchart-notes', 'if set, render subchart notes along with the parent')
    .option('-g, --generate-name', 'generate the name (and omit the NAME parameter)')
    .option('--name-template <template>', 'specify template used to name the release')
    .option('--description <text>', 'add a custom description')
    .option('--enable-dns', 'enable DNS lookups when rendering templates')
    .option('--dependency-update', 'update dependencies if they are missing before installing the chart')
    .addOption(new Option('--dry-run [mode]', 'accepted for compatibility: template never contacts a cluster').hideHelp())
    .action(async (args: string[], flags: TemplateFlags, command: Command) => {
      const globals = command.optsWithGlobals<{ namespace?: string; debug?: boolean }>();
      await runTemplate(args, flags, globals, out);
    });
}

async function runTemplate(args: string[], flags: TemplateFlags, globals: { namespace?: string; debug?: boolean }, out: CliOutput): Promise<void> {
  if (flags.dependencyUpdate) throw new Error('--dependency-update is not supported by capstan template yet: run `capstan dependency update` first');
  if (args.length === 0) throw new Error('"capstan template" requires at least 1 argument');
  const { name, chart: ref } = nameAndChart(args, {
    releaseName: 'release-name',
    generateName: flags.generateName,
    nameTemplate: flags.nameTemplate,
  });
  const userValues = readValues({
    valueFiles: flags.values,
    jsonValues: flags.setJson,
    values: flags.set,
    stringValues: flags.setString,
    fileValues: flags.setFile,
    literalValues: flags.setLiteral,
  });
  const chart = await loadChart(await resolveChartRef(chartRequest(ref, flags), resolverFrom(flags, out)));
  const action = new TemplateAction({
    releaseName: name,
    namespace: globals.namespace ?? process.env.HELM_NAMESPACE ?? 'default',
    kubeVersion: flags.kubeVersion,
    apiVersions: flags.apiVersions,
    // --skip-crds only changes what install applies; template prints CRDs whenever asked to.
    includeCrds: flags.includeCrds === true,
    skipTests: flags.skipTests,
    disableHooks: !flags.hooks,
    showOnly: flags.showOnly,
    outputDir: flags.outputDir,
    useReleaseName: flags.releaseName,
    isUpgrade: flags.isUpgrade,
    subNotes: flags.renderSubchartNotes,
    skipSchemaValidation: flags.skipSchemaValidation,
    enableDNS: flags.enableDns,
    log: (line) => out.stderr(line + '\n'),
    onWrote: (line) => out.stdout(line),
  });
  try {
    out.stdout(await action.render(chart, userValues));
  } catch (e) {
    if (!(e instanceof TemplateError) || e.debugOutput === undefined) throw e;
    // helm prints what it rendered when asked to debug, and otherwise says how to see it.
    if (globals.debug) {
      out.stdout(e.debugOutput);
      throw e;
    }
    throw new Error(`${e.message}\n\nUse --debug flag to render out invalid YAML`, { cause: e });
  }
}
