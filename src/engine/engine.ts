// helm 4.1.4's template engine (pkg/engine): every template of a chart tree parsed into one
// template set, each file executed with its own chart's scope, errors rewritten as helm does.
import type { Chart } from '../chart/chart.js';
import { sprigFuncs } from '../funcs/index.js';
import { ExecError, TemplateSet, type Tree } from '../gotemplate/index.js';
import { quote } from '../gotemplate/quote.js';
import { compareGoStrings, GoError, goFunc, mapOf, typeName, type GoFunction, type GoValue } from '../gotemplate/value.js';
import { chartMetadataMap, VALUES_TYPE } from './render-values.js';
import { cleanupParseError, reformatExecError, warnWrap } from './errors.js';
import { newFiles } from './files.js';
import type { LookupClient } from './lookup.js';

export interface RenderOptions {
  /** missingkey=error instead of zero (`--strict` of lint). */
  strict?: boolean;
  /** `required` and `fail` do not fail (helm lint). */
  lintMode?: boolean;
  /** getHostByName resolves names (`--enable-dns`); otherwise it returns "". */
  enableDNS?: boolean;
  /** Answers `lookup`; without it lookup returns an empty map, as `helm template` does. */
  lookup?: LookupClient;
  /** Receives helm's log lines (lint mode's skipped `required`/`fail`). */
  log?: (message: string) => void;
}

/** A template to render: its text, the data it is executed with, and its chart's templates dir. */
interface Renderable {
  text: string;
  data: Map<string, GoValue>;
  basePath: string;
}

const ROOT_TEMPLATE = 'gotpl';
const RECURSION_LIMIT = 1000;
const NO_VALUE = /<no value>/g;

/**
 * Renders every template of the chart tree with the render values (Chart, Capabilities, Release,
 * Values of the root chart): template path (`chart/templates/x.yaml`) → rendered text. Partials
 * (`_` files) are parsed but not rendered; NOTES.txt files are rendered like the others.
 */
export function render(chart: Chart, renderValues: Map<string, GoValue>, options: RenderOptions = {}): Map<string, string> {
  const library = sprigFuncs({ enableDns: options.enableDNS });
  const toYamlFunc = library.get('toYaml');
  if (!toYamlFunc) throw new Error('the function library has no toYaml');
  const toYaml = (v: GoValue) => toYamlFunc.call(v) as string;
  const templates = new Map<string, Renderable>();
  collectTemplates(chart, renderValues, templates, toYaml);
  return renderTemplates(templates, library, options);
}

function collectTemplates(chart: Chart, parentData: Map<string, GoValue>, out: Map<string, Renderable>, toYaml: (v: GoValue) => string): Map<string, GoValue> {
  const subcharts = new Map<string, GoValue>();
  const data = mapOf(new Map<string, GoValue>([
    ['Chart', chartMetadataMap(chart.metadata, chart.isRoot())],
    ['Files', newFiles(chart.files, toYaml)],
    ['Release', parentData.get('Release') ?? null],
    ['Capabilities', parentData.get('Capabilities') ?? null],
    ['Values', chart.isRoot() ? (parentData.get('Values') ?? new Map()) : subchartValues(parentData, chart.name())],
    ['Subcharts', subcharts],
  ]), VALUES_TYPE);
  for (const child of chart.dependencies) subcharts.set(child.name(), collectTemplates(child, data, out, toYaml));

  const prefix = chart.chartFullPath();
  const library = chart.metadata.type?.toLowerCase() === 'library';
  for (const t of chart.templates) {
    if (library && !baseName(t.name).startsWith('_')) continue;
    out.set(joinPath(prefix, t.name), { text: utf8.decode(t.data), data, basePath: joinPath(prefix, 'templates') });
  }
  return data;
}

const utf8 = new TextDecoder();

/**
 * The parent's Values[name] when it is a map, else an empty common.Values (helm's Values.Table).
 * The map stays shared with the parent's .Values, untagged: its type there is map[string]interface {}.
 */
function subchartValues(parentData: Map<string, GoValue>, name: string): Map<string, GoValue> {
  const values = parentData.get('Values');
  const own = values instanceof Map ? values.get(name) : undefined;
  return own instanceof Map && typeName(own) === 'map[string]interface {}' ? own : mapOf(new Map(), VALUES_TYPE);
}

/** Parse order: deeper paths first, then reverse byte order, so that a parent's define wins. */
export function sortTemplatePaths(paths: Iterable<string>): string[] {
  const depth = (p: string) => {
    let n = 0;
    for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) n++;
    return n;
  };
  return [...paths]
    .map((p) => ({ p, d: depth(p) }))
    .sort((a, b) => (a.d !== b.d ? b.d - a.d : compareGoStrings(b.p, a.p)))
    .map((x) => x.p);
}

function renderTemplates(templates: Map<string, Renderable>, library: ReadonlyMap<string, GoFunction>, options: RenderOptions): Map<string, string> {
  const set = new TemplateSet(new Map(), { name: ROOT_TEMPLATE, missingKey: options.strict ? 'error' : 'zero' });
  set.setFuncs(engineFuncs(set, library, options));

  const order = sortTemplatePaths(templates.keys());
  for (const name of order) {
    try {
      set.addTrees(parsedTemplate(set, name, templates.get(name)!.text));
    } catch (e) {
      throw cleanupParseError(name, asError(e));
    }
  }

  const rendered = new Map<string, string>();
  for (const name of order) {
    if (baseName(name).startsWith('_')) continue;
    const r = templates.get(name)!;
    r.data.set('Template', mapOf(new Map<string, GoValue>([
      ['Name', name],
      ['BasePath', r.basePath],
    ]), VALUES_TYPE));
    let text: string;
    try {
      text = set.execute(name, r.data);
    } catch (e) {
      const err = asError(e);
      throw reformatExecError(name, err, err instanceof ExecError);
    }
    rendered.set(name, text.replace(NO_VALUE, ''));
  }
  return rendered;
}

// A server renders the same charts again and again: parsed templates are remembered by name and
// text (the function names a template may call are the same in every render), within a budget of
// text length, the oldest forgotten first.
const PARSE_CACHE_BUDGET = 16 * 1024 * 1024;
const parseCache = new Map<string, ReadonlyMap<string, Tree>>();
let parseCacheChars = 0;

function parsedTemplate(set: TemplateSet, name: string, text: string): ReadonlyMap<string, Tree> {
  const key = `${name}\0${text}`;
  let trees = parseCache.get(key);
  if (trees !== undefined) return trees;
  trees = set.parseTrees(name, text);
  if (key.length > PARSE_CACHE_BUDGET / 4) return trees;
  parseCache.set(key, trees);
  parseCacheChars += key.length;
  for (const old of parseCache.keys()) {
    if (parseCacheChars <= PARSE_CACHE_BUDGET) break;
    parseCache.delete(old);
    parseCacheChars -= old.length;
  }
  return trees;
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** helm's engine functions over the library: include, tpl, required, fail, lookup. */
function engineFuncs(set: TemplateSet, library: ReadonlyMap<string, GoFunction>, options: RenderOptions): Map<string, GoFunction> {
  const funcs = new Map(library);
  funcs.set('required', requiredFunc(options));
  funcs.set('fail', failFunc(options));
  funcs.set('lookup', lookupFunc(options.lookup));
  const bound = new BoundFuncs(funcs, new Map(), options);
  for (const f of bound.over(set)) funcs.set(f.name, f);
  return funcs;
}

/** include and tpl close over a template set: the root one, or the clone a tpl call works in. */
class BoundFuncs {
  constructor(
    /** Every function of the render, for parsing tpl text on its own. */
    private readonly all: ReadonlyMap<string, GoFunction>,
    /** Nesting count per included name, shared by the whole render (tpl clones included). */
    private readonly includedNames: Map<string, number>,
    private readonly options: RenderOptions,
  ) {}

  over(set: TemplateSet): GoFunction[] {
    return [this.include(set), this.tpl(set)];
  }

  private include(set: TemplateSet): GoFunction {
    return goFunc(
      'include',
      ['string', 'interface {}'],
      (name, data) => {
        const n = name as string;
        const depth = this.includedNames.get(n);
        if (depth !== undefined && depth > RECURSION_LIMIT) {
          throw new GoError(`rendering template has a nested reference name: ${n}: unable to execute template`);
        }
        this.includedNames.set(n, (depth ?? 0) + 1);
        try {
          return set.execute(n, data);
        } finally {
          this.includedNames.set(n, this.includedNames.get(n)! - 1);
        }
      },
      { result: 'string', returnsError: true },
    );
  }

  /**
   * tpl parses its text as "gotpl" in a clone of the set, so its defines stay its own. The set
   * does not change once rendering starts, so an overlay stands in for the copy.
   */
  private tpl(set: TemplateSet): GoFunction {
    return goFunc(
      'tpl',
      ['string', 'interface {}'],
      (text, data) => {
        const source = text as string;
        const clone = set.overlay();
        clone.setMissingKey(this.options.strict ? 'error' : 'zero');
        clone.setFuncs(new Map(this.over(clone).map((f) => [f.name, f])));
        const previous = clone.lookupTemplate(ROOT_TEMPLATE);
        try {
          clone.parse(ROOT_TEMPLATE, source);
        } catch (e) {
          const err = asError(e);
          throw wrapError(`cannot parse template ${quote(source)}: ${err.message}`, err);
        }
        // Go executes the template it just parsed even when an empty body did not replace an
        // outer tpl's "gotpl" in the set (nested tpl): run that text on its own then.
        const target = previous !== undefined && clone.lookupTemplate(ROOT_TEMPLATE) === previous ? this.alone(source) : clone;
        try {
          return target.execute(ROOT_TEMPLATE, data).replace(NO_VALUE, '');
        } catch (e) {
          const err = asError(e);
          throw wrapError(`error during tpl function execution for ${quote(source)}: ${err.message}`, err);
        }
      },
      { result: 'string', returnsError: true },
    );
  }

  private alone(source: string): TemplateSet {
    const set = new TemplateSet(this.all, { name: ROOT_TEMPLATE, missingKey: this.options.strict ? 'error' : 'zero' });
    set.parse(ROOT_TEMPLATE, source);
    return set;
  }
}

function requiredFunc(options: RenderOptions): GoFunction {
  return goFunc(
    'required',
    ['string', 'interface {}'],
    (warn, value) => {
      if (value === null || value === '') {
        if (options.lintMode) {
          options.log?.(`Missing required value: ${warn as string}`);
          return '';
        }
        throw new GoError(warnWrap(warn as string));
      }
      return value;
    },
    { returnsError: true },
  );
}

function failFunc(options: RenderOptions): GoFunction {
  return goFunc(
    'fail',
    ['string'],
    (message) => {
      if (options.lintMode) {
        options.log?.(`Fail: ${message as string}`);
        return '';
      }
      throw new GoError(warnWrap(message as string));
    },
    { result: 'string', returnsError: true },
  );
}

function lookupFunc(client: LookupClient | undefined): GoFunction {
  return goFunc(
    'lookup',
    ['string', 'string', 'string', 'string'],
    (apiVersion, kind, namespace, name) => (client ? client.lookup(apiVersion as string, kind as string, namespace as string, name as string) : new Map()),
    { result: 'map[string]interface {}', returnsError: true },
  );
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function joinPath(a: string, b: string): string {
  return `${a}/${b}`.replace(/\/+/g, '/');
}

function wrapError(message: string, cause: Error): GoError {
  const err = new GoError(message);
  err.cause = cause;
  return err;
}
