// A set of associated templates sharing one namespace, as Go's *template.Template and its
// `common`: Helm parses every chart file into one set and executes each by name.

import { GoError, type GoFunction, type GoValue } from './value.js';
import { quote } from './quote.js';
import { BUILTINS } from './builtins.js';
import { isEmptyTree } from './node.js';
import { parseTemplates, type Tree } from './parse.js';
import { Executor, type ExecContext, type MissingKey } from './exec.js';

export { ExecError, MAX_EXEC_DEPTH, jsStackWasExhausted, type MissingKey } from './exec.js';
export type { Tree } from './parse.js';

export interface TemplateSetOptions {
  missingKey?: MissingKey;
  /** The name of the set's root template, which errors about unknown templates mention (Helm's is "gotpl"). */
  name?: string;
}

export class TemplateSet implements ExecContext {
  private readonly templates = new Map<string, Tree>();
  private readonly funcs: Map<string, GoFunction>;
  private readonly rootName: string;
  /** Set by overlay(): the set whose templates and functions show through this one's. */
  private base?: TemplateSet;
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
    this.addTrees(this.parseTrees(name, text));
  }

  /** The templates parse(name, text) would add, without adding them (to be cached and added). */
  parseTrees(name: string, text: string): ReadonlyMap<string, Tree> {
    return parseTemplates(name, text, (fn) => this.lookupFunction(fn) !== undefined || BUILTINS.has(fn));
  }

  /** Adds parsed templates as parse does. Trees are never modified, so sets may share them. */
  addTrees(trees: ReadonlyMap<string, Tree>): void {
    for (const [treeName, tree] of trees) {
      const old = this.lookupTemplate(treeName);
      if (old !== undefined && isEmptyTree(tree.root)) continue;
      this.templates.set(treeName, tree);
    }
  }

  has(name: string): boolean {
    return this.lookupTemplate(name) !== undefined;
  }

  /** ExecuteTemplate: runs the template `name` with `data` as dot. Throws ExecError or GoError. */
  execute(name: string, data: GoValue): string {
    const tree = this.lookupTemplate(name);
    if (tree === undefined) throw new GoError(`template: no template ${quote(name)} associated with template ${quote(this.rootName)}`);
    return new Executor(this, name).run(tree, data);
  }

  /** A copy whose templates, functions and options change independently of this set. */
  clone(): TemplateSet {
    const copy = new TemplateSet(this.funcs, { missingKey: this.missingKey, name: this.rootName });
    for (const [name, tree] of this.templates) copy.templates.set(name, tree);
    copy.base = this.base;
    return copy;
  }

  /**
   * What clone() is to a set that no longer changes, without copying it: templates and functions
   * added to the overlay stay its own, this set's show through. This set must not change while
   * the overlay is in use (an overlay would see the change, a clone would not).
   */
  overlay(): TemplateSet {
    const over = new TemplateSet(new Map(), { missingKey: this.missingKey, name: this.rootName });
    over.base = this;
    return over;
  }

  /** Adds or replaces functions (t.Funcs). */
  setFuncs(funcs: ReadonlyMap<string, GoFunction>): void {
    for (const [name, fn] of funcs) this.funcs.set(name, fn);
  }

  setMissingKey(m: MissingKey): void {
    this.missingKey = m;
  }

  lookupTemplate(name: string): Tree | undefined {
    return this.templates.get(name) ?? this.base?.lookupTemplate(name);
  }

  lookupFunction(name: string): GoFunction | undefined {
    return this.funcs.get(name) ?? this.base?.lookupFunction(name);
  }
}
