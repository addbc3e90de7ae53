// A set of associated templates sharing one namespace, as Go's *template.Template and its
// `common`: Helm parses every chart file into one set and executes each by name.

import { GoError, type GoFunction, type GoValue } from './value.js';
import { quote } from './quote.js';
import { BUILTINS } from './builtins.js';
import { isEmptyTree } from './node.js';
import { parseTemplates, type Tree } from './parse.js';
import { Executor, type ExecContext, type MissingKey } from './exec.js';

export { ExecError, MAX_EXEC_DEPTH, jsStackWasExhausted, type MissingKey } from './exec.js';

export interface TemplateSetOptions {
  missingKey?: MissingKey;
  /** The name of the set's root template, which errors about unknown templates mention (Helm's is "gotpl"). */
  name?: string;
}

export class TemplateSet implements ExecContext {
  private readonly templates = new Map<string, Tree>();
  private readonly funcs: Map<string, GoFunction>;
  private readonly rootName: string;
  missingKey: MissingKey;

  constructor(funcs: ReadonlyMap<string, GoFunction>, options: TemplateSetOptions = {}) {
    this.funcs = new Map(funcs);
    this.missingKey = options.missingKey ?? 'default';
    this.rootName = options.name ?? 'gotpl';
  }

  /**
   * Parses `text` as the template `name` (t.New(name).Parse(text)), adding it and every template
   * it defines. A definition with an empty body does not replace an existing one. Throws GoError.
   */
  parse(name: string, text: string): void {
    const trees = parseTemplates(name, text, (fn) => this.funcs.has(fn) || BUILTINS.has(fn));
    for (const [treeName, tree] of trees) {
      const old = this.templates.get(treeName);
      if (old !== undefined && isEmptyTree(tree.root)) continue;
      this.templates.set(treeName, tree);
    }
  }

  has(name: string): boolean {
    return this.templates.has(name);
  }

  /** ExecuteTemplate: runs the template `name` with `data` as dot. Throws ExecError or GoError. */
  execute(name: string, data: GoValue): string {
    const tree = this.templates.get(name);
    if (tree === undefined) throw new GoError(`template: no template ${quote(name)} associated with template ${quote(this.rootName)}`);
    return new Executor(this, name).run(tree, data);
  }

  /** A copy whose templates, functions and options change independently of this set. */
  clone(): TemplateSet {
    const copy = new TemplateSet(this.funcs, { missingKey: this.missingKey, name: this.rootName });
    for (const [name, tree] of this.templates) copy.templates.set(name, tree);
    return copy;
  }

  /** Adds or replaces functions (t.Funcs). */
  setFuncs(funcs: ReadonlyMap<string, GoFunction>): void {
    for (const [name, fn] of funcs) this.funcs.set(name, fn);
  }

  setMissingKey(m: MissingKey): void {
    this.missingKey = m;
  }

  lookupTemplate(name: string): Tree | undefined {
    return this.templates.get(name);
  }

  lookupFunction(name: string): GoFunction | undefined {
    return this.funcs.get(name);
  }
}
