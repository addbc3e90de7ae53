// `helm template` as helm 4.1.4 runs it: a client-only dry-run install (pkg/action install.go and
// renderResources in action.go) followed by the template command's output assembly
// (pkg/cmd/template.go): manifests sorted by kind, then hooks, CRDs first with --include-crds,
// --show-only selection, --output-dir files.
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Chart } from '../chart/chart.js';
import { checkDependencies, checkInstallable, checkKubeVersion, copyChartTree, processDependencies } from '../chart/dependencies.js';
import { goPathMatch } from '../chart/ignore.js';
import { clientOnlyCapabilities, parseKubeVersion, type KubeVersion } from '../engine/capabilities.js';
import { render } from '../engine/engine.js';
import { toRenderValues, type ReleaseOptions } from '../engine/render-values.js';
import { compareGoStrings, GoError, type GoValue } from '../gotemplate/value.js';
import { goStringBytes } from '../gotemplate/gostring.js';
import { splitManifests } from '../manifest/split.js';
import { ManifestParseError, sortManifests, INSTALL_ORDER, type Hook, type Manifest } from '../manifest/sort.js';
import { trimGoSpace } from '../manifest/gospace.js';
import { coalesceValues } from '../values/coalesce.js';
import { validateValues } from '../values/schema.js';

const NOTES_SUFFIX = 'NOTES.txt';
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RELEASE_NAME_MAX = 53;

/**
 * A failure of `helm template`. `message` is helm's error text (printed after `Error: `).
 * `debugOutput` is set when helm had created the release before failing: helm then prints it to
 * stdout with --debug, and without --debug adds "Use --debug flag to render out invalid YAML".
 */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly debugOutput?: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** What a render produced before the output is assembled (helm's release: manifest, hooks, notes). */
interface RenderedRelease {
  manifest: string;
  hooks: Hook[];
  notes: string;
}

/** The flags of `helm template` that shape the render and its output. */
export interface TemplateOptions {
  releaseName?: string;
  namespace?: string;
  /** `--kube-version`, as given. */
  kubeVersion?: string;
  /** `--api-versions`, added to the default API versions. */
  apiVersions?: string[];
  includeCrds?: boolean;
  skipTests?: boolean;
  /** `--no-hooks` */
  disableHooks?: boolean;
  /** `--show-only` patterns (filepath.Match against the path below the chart directory). */
  showOnly?: string[];
  outputDir?: string;
  /** `--release-name`: write into OUTPUT_DIR/RELEASE_NAME. */
  useReleaseName?: boolean;
  isUpgrade?: boolean;
  /** `--render-subchart-notes` */
  subNotes?: boolean;
  skipSchemaValidation?: boolean;
  enableDNS?: boolean;
  /** helm's log lines (slog text format), which helm prints on stderr. */
  log?: (line: string) => void;
  /** Where "wrote PATH" lines of --output-dir go (helm prints them on stdout as it writes). */
  onWrote?: (line: string) => void;
}

export class TemplateAction {
  readonly releaseName: string;
  readonly namespace: string;
  readonly kubeVersion?: string;
  readonly apiVersions: readonly string[];
  readonly includeCrds: boolean;
  readonly skipTests: boolean;
  readonly disableHooks: boolean;
  readonly showOnly: readonly string[];
  readonly outputDir?: string;
  readonly useReleaseName: boolean;
  readonly isUpgrade: boolean;
  readonly subNotes: boolean;
  readonly skipSchemaValidation: boolean;
  readonly enableDNS: boolean;
  readonly log: (line: string) => void;
  readonly onWrote: (line: string) => void;

  constructor(options: TemplateOptions = {}) {
    this.releaseName = options.releaseName ?? 'release-name';
    this.namespace = options.namespace ?? 'default';
    this.kubeVersion = options.kubeVersion;
    this.apiVersions = options.apiVersions ?? [];
    this.includeCrds = options.includeCrds ?? false;
    this.skipTests = options.skipTests ?? false;
    this.disableHooks = options.disableHooks ?? false;
    this.showOnly = options.showOnly ?? [];
    this.outputDir = options.outputDir;
    this.useReleaseName = options.useReleaseName ?? false;
    this.isUpgrade = options.isUpgrade ?? false;
    this.subNotes = options.subNotes ?? false;
    this.skipSchemaValidation = options.skipSchemaValidation ?? false;
    this.enableDNS = options.enableDNS ?? false;
    this.log = options.log ?? (() => {});
    this.onWrote = options.onWrote ?? (() => {});
  }

  /**
   * Renders the loaded chart with the user's (merged) values and returns what helm prints on
   * stdout. The chart is not modified: dependency processing works on a copy of its tree, so that
   * one loaded chart can be rendered many times.
   */
  async render(loaded: Chart, userValues: Map<string, GoValue>): Promise<string> {
    let kubeVersion: KubeVersion | undefined;
    if (this.kubeVersion !== undefined && this.kubeVersion !== '') {
      try {
        kubeVersion = parseKubeVersion(this.kubeVersion);
      } catch (e) {
        throw new TemplateError(`invalid kube version '${this.kubeVersion}': ${(e as Error).message}`);
      }
    }
    this.fail(() => checkInstallable(loaded));
    if (loaded.metadata.deprecated) this.log('level=WARN msg="this chart is deprecated"');
    this.fail(() => checkDependencies(loaded));
    this.fail(() => validateReleaseName(this.releaseName, this.log));
    const chart = copyChartTree(loaded);
    this.fail(() => processDependencies(chart, userValues, (m) => this.log(`level=WARN msg=${m}`)));

    const capabilities = clientOnlyCapabilities({ kubeVersion, extraAPIVersions: this.apiVersions });
    const release: ReleaseOptions = {
      name: this.releaseName,
      namespace: this.namespace,
      revision: 1,
      isInstall: !this.isUpgrade,
      isUpgrade: this.isUpgrade,
    };
    const values = this.fail(() => coalesceValues(chart, userValues, (m) => this.log(`level=INFO msg=${JSON.stringify(m)}`)));
    if (!this.skipSchemaValidation) this.fail(() => validateValues(chart, values));
    const renderValues = toRenderValues(chart, values, release, capabilities);

    let rendered: RenderedRelease;
    try {
      rendered = this.renderResources(chart, renderValues, capabilities.kubeVersion.normalizedVersion);
    } catch (e) {
      if (!(e instanceof RenderFailure)) throw e;
      const debugOutput = this.safeAssemble(e.partial);
      throw new TemplateError(e.message, debugOutput);
    }
    return this.assemble(rendered);
  }

  private fail<T>(step: () => T): T {
    try {
      return step();
    } catch (e) {
      if (e instanceof GoError || e instanceof TemplateError) throw new TemplateError(e.message);
      throw e;
    }
  }

  /** action.renderResources: kubeVersion check, render, notes, sort, manifest text (or files). */
  private renderResources(chart: Chart, renderValues: Map<string, GoValue>, kubeVersion: string): RenderedRelease {
    const empty: RenderedRelease = { manifest: '', hooks: [], notes: '' };
    try {
      checkKubeVersion(chart, kubeVersion);
    } catch (e) {
      throw new RenderFailure((e as Error).message, empty);
    }
    let files: Map<string, string>;
    try {
      files = render(chart, renderValues, { enableDNS: this.enableDNS });
    } catch (e) {
      if (e instanceof Error && !(e instanceof TypeError) && !(e instanceof RangeError)) throw new RenderFailure(e.message, empty);
      throw e;
    }

    const notes: string[] = [];
    const topNotes = `${chart.name()}/templates/${NOTES_SUFFIX}`;
    for (const [name, text] of [...files]) {
      if (!name.endsWith(NOTES_SUFFIX)) continue;
      if (this.subNotes || name === topNotes) notes.push(text);
      files.delete(name);
    }

    let hooks: Hook[];
    let manifests: Manifest[];
    try {
      ({ hooks, manifests } = sortManifests(files, INSTALL_ORDER, this.log));
    } catch (e) {
      if (!(e instanceof ManifestParseError)) throw e;
      // helm hands back every rendered file (in map order; here sorted) so that --debug shows what
      // failed to parse, and the hooks found before the failure.
      let dump = '';
      for (const name of [...files.keys()].sort(compareGoStrings)) {
        const content = files.get(name)!;
        if (trimGoSpace(content) !== '') dump += `---\n# Source: ${name}\n${content}\n`;
      }
      throw new RenderFailure(e.message, { manifest: dump, hooks: e.hooks, notes: '' });
    }

    let manifest = '';
    const written = new Set<string>();
    if (this.includeCrds) {
      for (const crd of crdObjects(chart)) {
        if (this.outputDir === undefined) manifest += `---\n# Source: ${crd.filename}\n${crd.content}\n`;
        else this.writeToFile(this.outputDir, crd.filename, crd.content, written);
      }
    }
    for (const m of manifests) {
      if (this.outputDir === undefined) manifest += `---\n# Source: ${m.name}\n${m.content}\n`;
      else this.writeToFile(this.releaseDir(), m.name, m.content, written);
    }
    return { manifest, hooks, notes: notes.join('\n') };
  }

  private releaseDir(): string {
    return this.useReleaseName ? join(this.outputDir!, this.releaseName) : this.outputDir!;
  }

  /** Writes a document to OUTPUT_DIR/NAME, appending when that file was written in this run. */
  private writeToFile(dir: string, name: string, data: string, written: Set<string>, append = written.has(name)): void {
    const file = `${dir}/${name}`;
    mkdirSync(dirname(file), { recursive: true });
    const text = `---\n# Source: ${name}\n${data}\n`;
    if (append) appendFileSync(file, goStringBytes(text));
    else writeFileSync(file, goStringBytes(text));
    written.add(name);
    this.onWrote(`wrote ${file}\n`);
  }

  private safeAssemble(partial: RenderedRelease): string {
    try {
      return this.assemble(partial);
    } catch {
      return '';
    }
  }

  /** The template command's output: manifests, then hooks, narrowed by --show-only. */
  private assemble(rel: RenderedRelease): string {
    let out = trimGoSpace(rel.manifest) + '\n';
    if (!this.disableHooks) {
      const existing = new Set<string>();
      for (const h of rel.hooks) {
        if (this.skipTests && h.events.includes('test')) continue;
        if (this.outputDir === undefined) {
          out += `---\n# Source: ${h.path}\n${h.manifest}\n`;
        } else {
          this.writeToFile(this.releaseDir(), h.path, h.manifest, existing, existing.has(h.path) || existsSync(`${this.releaseDir()}/${h.path}`));
        }
      }
    }
    if (this.showOnly.length === 0) return out;
    return selectShown(out, this.showOnly);
  }
}

/** An error of renderResources, after which helm has a (partial) release to show with --debug. */
class RenderFailure extends Error {
  constructor(
    message: string,
    readonly partial: RenderedRelease,
  ) {
    super(message);
  }
}

const SOURCE_LINE = /# Source: [^/\n]+\/(.+)/;

/** --show-only: the documents whose template path (below the chart) matches each pattern in turn. */
function selectShown(output: string, patterns: readonly string[]): string {
  const docs = splitManifests(output);
  const selected: string[] = [];
  for (const raw of patterns) {
    const pattern = raw.replace(/\\/g, '/');
    let missing = true;
    for (const doc of docs) {
      const m = SOURCE_LINE.exec(doc);
      if (!m) continue;
      let matched: boolean;
      try {
        matched = goPathMatch(pattern, m[1]);
      } catch {
        matched = false;
      }
      if (!matched) continue;
      selected.push(doc);
      missing = false;
    }
    if (missing) throw new TemplateError(`could not find template ${pattern} in chart`);
  }
  return selected.map((d) => `---\n${d}\n`).join('');
}

interface CrdObject {
  filename: string;
  content: string;
}

const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;

/** Chart.CRDObjects: crds/*.{yaml,yml,json} of the chart, then of each enabled dependency. */
function crdObjects(chart: Chart): CrdObject[] {
  const out: CrdObject[] = [];
  for (const f of chart.files) {
    if (f.name.startsWith('crds/') && MANIFEST_EXTENSION.test(extension(f.name))) {
      out.push({ filename: `${chart.chartFullPath()}/${f.name}`, content: new TextDecoder().decode(f.data) });
    }
  }
  for (const dep of chart.dependencies) out.push(...crdObjects(dep));
  return out;
}

/** filepath.Ext: from the last dot of the last path element. */
function extension(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot === -1 ? '' : base.slice(dot);
}

function validateReleaseName(name: string, log: (line: string) => void): void {
  if (name === '' || name.length > RELEASE_NAME_MAX || !RELEASE_NAME.test(name)) {
    const detail =
      `release name ${JSON.stringify(name)}: invalid release name, must match regex ${RELEASE_NAME.source} ` +
      `and the length must not be longer than ${RELEASE_NAME_MAX}`;
    log(`level=ERROR msg="release name check failed" error=${JSON.stringify(detail)}`);
    throw new GoError(`release name check failed: ${detail}`);
  }
}
