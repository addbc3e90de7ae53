// The executor of Go's text/template (exec.go): a walk over the parse tree that writes to a string.
//
// Values: `undefined` is Go's invalid reflect.Value (a missing value, printed `<no value>`), `null`
// a nil interface value (a nil element of a map or slice of interface {}). Whether a value sits in
// an interface slot ("boxed") only shows in error messages (`can't evaluate field x in type
// interface {}`), so it is tracked beside the value for dot, variables and field chains.

import { formatTemplateValue, formatValue } from './fmt.js';
import { quote } from './quote.js';
import { ANY, GoError, GoFloat32, GoInt, GoObject, TypedNil, elemType, goInt, isTrue, methodOf, sortedKeys, typeName, type GoFunction, type GoType, type GoValue } from './value.js';
import { BUILTINS, INT_KINDS, REFLECT_VALUE, canBeNil, isGoFunction, zeroOf, type Val } from './builtins.js';
import {
  NodeType,
  type ActionNode,
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type TemplateNode,
  type VariableNode,
} from './node.js';
import type { Tree } from './parse.js';

export type MissingKey = 'default' | 'zero' | 'error';

/** What the executor needs of its template set. */
export interface ExecContext {
  lookupTemplate(name: string): Tree | undefined;
  lookupFunction(name: string): GoFunction | undefined;
  readonly missingKey: MissingKey;
}

export const MAX_EXEC_DEPTH = 100000;

/** template.ExecError: `template: LOCATION: executing "NAME" at <NODE>: DETAIL`. */
export class ExecError extends GoError {
  constructor(
    message: string,
    /** "NAME:LINE:COL", or "" when the error has no node. */
    readonly location: string,
    readonly templateName: string,
    readonly nodeText: string,
    readonly detail: string,
  ) {
    super(message);
    this.name = 'ExecError';
  }
}

/** Go's missingVal: "no pipeline value passed to this command". */
const MISSING = Symbol('missing');
type Final = Val | typeof MISSING;

const WALK_NORMAL = 0;
const WALK_BREAK = 1;
const WALK_CONTINUE = 2;

let stackExhausted = false;

function isStackOverflow(e: unknown): boolean {
  const overflow = e instanceof RangeError && e.message.includes('call stack');
  if (overflow) stackExhausted = true;
  return overflow;
}

/**
 * Whether an execution in this process ran out of JavaScript stack before Go's depth limits, so that
 * the error it reported may not be Go's: a caller can retry with a larger stack (node --stack-size).
 */
export function jsStackWasExhausted(): boolean {
  return stackExhausted;
}

/** parse.Tree.ErrorContext: "NAME:LINE:COL" with Go's byte column. */
export function errorLocation(node: Node): string {
  const { text, parseName } = node.tree;
  const before = text.slice(0, node.pos);
  const lastNewline = before.lastIndexOf('\n');
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  const col = Buffer.byteLength(lastNewline < 0 ? before : before.slice(lastNewline + 1));
  return `${parseName}:${line}:${col}`;
}

export class Executor {
  private out = '';
  private node: Node | null = null;
  private tmplName: string;
  private varNames: string[];
  private varValues: Val[];
  private varBoxed: boolean[];
  private depth = 0;
  /** Whether dot is held in an interface slot (an element of a []interface {} being ranged over). */
  private dotBoxed = false;
  /** Whether the last evalField/evalCall result is held in an interface slot. */
  private resultBoxed = false;

  constructor(
    private readonly ctx: ExecContext,
    name: string,
  ) {
    this.tmplName = name;
    this.varNames = ['$'];
    this.varValues = [undefined];
    this.varBoxed = [false];
  }

  /** Executes a tree with `data` as dot and `$`; returns the output. Throws ExecError. */
  run(tree: Tree, data: GoValue): string {
    const dot = data === null ? undefined : data;
    this.varValues[0] = dot;
    if (tree.root === null) this.errorf(`${quote(this.tmplName)} is an incomplete or empty template`);
    try {
      this.walk(dot, tree.root);
    } catch (e) {
      if (isStackOverflow(e)) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
      throw e;
    }
    return this.out;
  }

  private errorf(detail: string): never {
    const name = this.tmplName;
    if (this.node === null) throw new ExecError(`template: ${name}: ${detail}`, '', name, '', detail);
    const location = errorLocation(this.node);
    const context = String(this.node);
    throw new ExecError(`template: ${location}: executing ${quote(name)} at <${context}>: ${detail}`, location, name, context, detail);
  }

  // --- variables ---

  private push(name: string, value: Val, boxed: boolean): void {
    this.varNames.push(name);
    this.varValues.push(value);
    this.varBoxed.push(boxed);
  }

  private pop(mark: number): void {
    this.varNames.length = mark;
    this.varValues.length = mark;
    this.varBoxed.length = mark;
  }

  private varIndex(name: string): number {
    for (let i = this.varNames.length - 1; i >= 0; i--) if (this.varNames[i] === name) return i;
    this.errorf(`undefined variable: ${name}`);
  }

  private setVar(name: string, value: Val, boxed: boolean): void {
    const i = this.varIndex(name);
    this.varValues[i] = value;
    this.varBoxed[i] = boxed;
  }

  private setTopVar(n: number, value: Val, boxed: boolean): void {
    const i = this.varNames.length - n;
    this.varValues[i] = value;
    this.varBoxed[i] = boxed;
  }

  // --- walking ---

  private walk(dot: Val, node: Node): number {
    if (node.type === NodeType.Text) {
      this.out += node.text;
      return WALK_NORMAL;
    }
    this.node = node;
    switch (node.type) {
      case NodeType.List:
        for (const n of node.nodes) {
          const signal = this.walk(dot, n);
          if (signal !== WALK_NORMAL) return signal;
        }
        return WALK_NORMAL;
      case NodeType.Action: {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return WALK_NORMAL;
      }
      case NodeType.If:
      case NodeType.With:
        return this.walkIfOrWith(dot, node);
      case NodeType.Range:
        this.walkRange(dot, node);
        return WALK_NORMAL;
      case NodeType.Template:
        this.walkTemplate(dot, node);
        return WALK_NORMAL;
      case NodeType.Break:
        return WALK_BREAK;
      case NodeType.Continue:
        return WALK_CONTINUE;
    }
    this.errorf(`unknown node: ${node}`);
  }

  private walkIfOrWith(dot: Val, node: BranchNode): number {
    const mark = this.varNames.length;
    const val = this.evalPipeline(dot, node.pipe);
    let signal = WALK_NORMAL;
    if (isTrue(val)) {
      if (node.type === NodeType.With) {
        const savedBoxed = this.dotBoxed;
        this.dotBoxed = false;
        signal = this.walk(val, node.list);
        this.dotBoxed = savedBoxed;
      } else {
        signal = this.walk(dot, node.list);
      }
    } else if (node.elseList !== null) {
      signal = this.walk(dot, node.elseList);
    }
    this.pop(mark);
    return signal;
  }

  private walkRange(dot: Val, r: BranchNode): void {
    this.node = r;
    const outerMark = this.varNames.length;
    const val = this.evalPipeline(dot, r.pipe);
    const mark = this.varNames.length;
    const decl = r.pipe.decl;
    const assign = r.pipe.isAssign;
    const oneIteration = (index: Val, elem: Val, elemBoxed: boolean): number => {
      if (decl.length > 0) {
        if (assign) {
          if (decl.length > 1) this.setVar(decl[0].ident[0], index, false);
          else this.setVar(decl[0].ident[0], elem, elemBoxed);
        } else {
          this.setTopVar(1, elem, elemBoxed);
        }
      }
      if (decl.length > 1) {
        if (assign) this.setVar(decl[1].ident[0], elem, elemBoxed);
        else this.setTopVar(2, index, false);
      }
      const savedBoxed = this.dotBoxed;
      this.dotBoxed = elemBoxed;
      const signal = this.walk(elem, r.list);
      this.dotBoxed = savedBoxed;
      this.pop(mark);
      return signal;
    };
    let ran = false;
    if (Array.isArray(val)) {
      const boxed = typeName(val) === '[]interface {}';
      for (let i = 0; i < val.length; i++) {
        ran = true;
        if (oneIteration(goInt(i), val[i], boxed) === WALK_BREAK) break;
      }
    } else if (val instanceof Map) {
      const boxed = holdsInterfaces(typeName(val));
      for (const key of sortedKeys(val)) {
        ran = true;
        if (oneIteration(key, val.get(key), boxed) === WALK_BREAK) break;
      }
    } else if (val instanceof Uint8Array) {
      for (let i = 0; i < val.length; i++) {
        ran = true;
        if (oneIteration(goInt(i), new GoInt(BigInt(val[i]), 'uint8'), false) === WALK_BREAK) break;
      }
    } else if (val instanceof GoInt) {
      if (decl.length > 1) this.errorf(`can't use ${formatValue(val)} to iterate over more than one variable`);
      for (let i = 0n; i < val.value; i++) {
        ran = true;
        if (oneIteration(undefined, new GoInt(i, val.kind), false) === WALK_BREAK) break;
      }
    } else if (val !== undefined && !(val instanceof TypedNil && (val.type.startsWith('map[') || val.type.startsWith('[]')))) {
      this.errorf(`range can't iterate over ${formatValue(val)}`);
    }
    if (!ran && r.elseList !== null) this.walk(dot, r.elseList);
    this.pop(outerMark);
  }

  private walkTemplate(dot: Val, t: TemplateNode): void {
    this.node = t;
    const tree = this.ctx.lookupTemplate(t.name);
    if (tree === undefined) this.errorf(`template ${quote(t.name)} not defined`);
    if (this.depth === MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = this.evalPipeline(dot, t.pipe);
    const { tmplName, varNames, varValues, varBoxed, dotBoxed } = this;
    this.tmplName = t.name;
    this.varNames = ['$'];
    this.varValues = [newDot];
    this.varBoxed = [false];
    this.dotBoxed = false;
    this.depth++;
    try {
      this.walk(newDot, tree.root!);
    } catch (e) {
      if (!isStackOverflow(e)) throw e;
      Object.assign(this, { tmplName, varNames, varValues, varBoxed, dotBoxed });
      this.node = t;
      this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    }
    this.depth--;
    Object.assign(this, { tmplName, varNames, varValues, varBoxed, dotBoxed });
  }

  // --- evaluation ---

  private evalPipeline(dot: Val, pipe: PipeNode | null): Val {
    if (pipe === null) return undefined;
    this.node = pipe;
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // A nil interface value becomes the invalid value (Go digs into interface {} results).
      if (value === null) value = undefined;
    }
    const result = value as Val;
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0], result, false);
      else this.push(variable.ident[0], result, false);
    }
    return result;
  }

  private notAFunction(args: Node[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${args[0]}`);
  }

  private evalCommand(dot: Val, cmd: CommandNode, final: Final): Val {
    const first = cmd.args[0];
    switch (first.type) {
      case NodeType.Field:
        return this.evalFieldNode(dot, first, cmd.args, final);
      case NodeType.Chain:
        return this.evalChainNode(dot, first, cmd.args, final);
      case NodeType.Identifier:
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case NodeType.Pipe:
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case NodeType.Variable:
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case NodeType.Bool:
        return first.value;
      case NodeType.Dot:
        return dot;
      case NodeType.Nil:
        this.errorf('nil is not a command');
      // falls through (errorf never returns)
      case NodeType.Number:
        return this.idealConstant(first);
      case NodeType.String:
        return first.text;
    }
    this.errorf(`can't evaluate command ${quote(String(first))}`);
  }

  /** A number constant where no type is asked for: int, float64 (by its syntax), or an error. */
  private idealConstant(constant: NumberNode): Val {
    this.node = constant;
    const text = constant.text;
    if (constant.isComplex) this.errorf(`complex constant ${text} is not supported`);
    const isHexInt = text.length > 2 && text[0] === '0' && (text[1] === 'x' || text[1] === 'X') && !/[pP]/.test(text);
    if (constant.isFloat && !isHexInt && text[0] !== "'" && /[.eEpP]/.test(text)) return constant.float64;
    if (constant.isInt) return goInt(constant.int64);
    if (constant.isUint) this.errorf(`${text} overflows int`);
    return undefined;
  }

  private evalFieldNode(dot: Val, field: FieldNode, args: Node[] | null, final: Final): Val {
    this.node = field;
    return this.evalFieldChain(dot, dot, this.dotBoxed, field, field.ident, 0, args, final);
  }

  private evalChainNode(dot: Val, chain: ChainNode, args: Node[] | null, final: Final): Val {
    this.node = chain;
    if (chain.node.type === NodeType.Nil) this.errorf(`indirection through explicit nil in ${chain}`);
    const pipe = this.evalArg(dot, null, chain.node);
    const boxed = chain.node.type === NodeType.Identifier && this.resultBoxed;
    return this.evalFieldChain(dot, pipe, boxed, chain, chain.field, 0, args, final);
  }

  private evalVariableNode(dot: Val, variable: VariableNode, args: Node[] | null, final: Final): Val {
    this.node = variable;
    const i = this.varIndex(variable.ident[0]);
    const value = this.varValues[i];
    if (variable.ident.length === 1) {
      if (args !== null) this.notAFunction(args, final);
      this.resultBoxed = this.varBoxed[i];
      return value;
    }
    return this.evalFieldChain(dot, value, this.varBoxed[i], variable, variable.ident, 1, args, final);
  }

  private evalFieldChain(dot: Val, receiver: Val, boxed: boolean, node: Node, ident: string[], start: number, args: Node[] | null, final: Final): Val {
    const last = ident.length - 1;
    for (let i = start; i < last; i++) {
      receiver = this.evalField(dot, ident[i], node, null, MISSING, receiver, boxed);
      boxed = this.resultBoxed;
    }
    return this.evalField(dot, ident[last], node, args, final, receiver, boxed);
  }

  private evalFunction(dot: Val, node: IdentifierNode, cmd: Node, args: Node[] | null, final: Final): Val {
    this.node = node;
    const name = node.ident;
    const user = this.ctx.lookupFunction(name);
    const fn = user ?? BUILTINS.get(name);
    if (fn === undefined) this.errorf(`${quote(name)} is not a defined function`);
    return this.evalCall(dot, fn, user === undefined, cmd, name, args, final);
  }

  private evalField(dot: Val, fieldName: string, node: Node, args: Node[] | null, final: Final, receiver: Val, boxed: boolean): Val {
    if (receiver === undefined) {
      if (this.ctx.missingKey === 'error') this.errorf(`nil data; no entry for key ${quote(fieldName)}`);
      this.resultBoxed = false;
      return undefined;
    }
    const typ = boxed || receiver === null ? ANY : typeName(receiver);
    if (receiver === null) this.errorf(`nil pointer evaluating ${typ}.${fieldName}`);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    // Methods come first, whatever the receiver's kind (named map and slice types have them too).
    const method = methodOf(receiver, fieldName);
    if (method !== undefined) return this.evalCall(dot, method, false, node, fieldName, args, final);
    if (receiver instanceof Map) {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const result = receiver.get(fieldName);
      const mapType = typeName(receiver);
      this.resultBoxed = holdsInterfaces(mapType);
      if (result !== undefined) return result;
      return this.missingMapKey(fieldName, mapType);
    }
    if (receiver instanceof GoObject) {
      const field = receiver.field(fieldName);
      if (field !== undefined) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        this.resultBoxed = false;
        return field;
      }
    } else if (receiver instanceof TypedNil) {
      if (receiver.type.startsWith('map[')) {
        if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
        this.resultBoxed = holdsInterfaces(receiver.type);
        return this.missingMapKey(fieldName, receiver.type);
      }
      if (receiver.type.startsWith('*')) this.errorf(`nil pointer evaluating ${typ}.${fieldName}`);
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typ}`);
  }

  private missingMapKey(key: string, mapType: GoType): Val {
    switch (this.ctx.missingKey) {
      case 'zero':
        return zeroOf(elemType(mapType));
      case 'error':
        this.errorf(`map has no entry for key ${quote(key)}`);
      // falls through (errorf never returns)
      default:
        return undefined;
    }
  }

  private evalCall(dot: Val, fn: GoFunction, isBuiltin: boolean, node: Node, name: string, args: Node[] | null, final: Final): Val {
    const numArgs = args === null ? 0 : args.length - 1; // args[0] names the function
    const numIn = numArgs + (final !== MISSING ? 1 : 0);
    const params = fn.params;
    const variadic = fn.variadic;
    let numFixed = numArgs;
    if (variadic !== undefined) {
      numFixed = params.length;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${params.length} got ${numArgs}`);
    } else if (numIn !== params.length) {
      this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
    }

    if (isBuiltin && (name === 'and' || name === 'or')) {
      // and/or stop at the first argument that decides, and return that argument itself.
      let v: Val = undefined;
      for (let i = 1; i <= numArgs; i++) {
        v = this.evalArg(dot, REFLECT_VALUE, args![i]);
        if (isTrue(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = final;
      return v;
    }

    const argv: Val[] = new Array(numIn);
    let i = 0;
    for (; i < numFixed && i < numArgs; i++) argv[i] = this.evalArg(dot, params[i], args![i + 1]);
    if (variadic !== undefined) for (; i < numArgs; i++) argv[i] = this.evalArg(dot, variadic, args![i + 1]);
    if (final !== MISSING) {
      const t = variadic === undefined ? params[params.length - 1] : numIn - 1 < numFixed ? params[numIn - 1] : variadic;
      argv[i] = this.validateType(final, t);
    }
    if (isBuiltin && name === 'call') {
      const callee = numArgs === 0 ? formatValue((final as GoValue) ?? null) : String(args![1]);
      argv.unshift(callee);
    }

    let result: Val;
    try {
      result = fn.call(...(argv as GoValue[]));
    } catch (e) {
      if (isStackOverflow(e)) throw e;
      this.node = node;
      this.errorf(`error calling ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (isBuiltin) {
      this.resultBoxed = false;
      return result;
    }
    this.resultBoxed = (fn.result ?? ANY) === ANY;
    return result === undefined ? null : result;
  }

  /** Checks that a computed value fits a parameter type, as reflect's assignability decides. */
  private validateType(value: Val, typ: GoType | null): Val {
    if (value === undefined) {
      if (typ === null || typ === REFLECT_VALUE) return undefined;
      if (canBeNil(typ)) return zeroOf(typ);
      this.errorf(`invalid value; expected ${typ}`);
    }
    if (typ === null || typ === REFLECT_VALUE || typ === ANY || typ === 'any') return value;
    if (value === null) this.errorf(`wrong type for value; expected ${typ}; got ${ANY}`);
    const actual = typeName(value);
    if (actual === typ || assignableNamed(value, actual, typ)) return value;
    this.errorf(`wrong type for value; expected ${typ}; got ${actual}`);
  }

  private evalArg(dot: Val, typ: GoType | null, n: Node): Val {
    this.node = n;
    switch (n.type) {
      case NodeType.Dot:
        return this.validateType(dot, typ);
      case NodeType.Nil:
        if (typ !== null && canBeNil(typ)) return zeroOf(typ);
        this.errorf(`cannot assign nil to ${typ}`);
      // falls through (errorf never returns)
      case NodeType.Field:
        return this.validateType(this.evalFieldNode(dot, n, null, MISSING), typ);
      case NodeType.Variable:
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), typ);
      case NodeType.Pipe:
        return this.validateType(this.evalPipeline(dot, n), typ);
      case NodeType.Identifier:
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case NodeType.Chain:
        return this.validateType(this.evalChainNode(dot, n, null, MISSING), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.type === NodeType.Bool) return n.value;
        this.errorf(`expected bool; found ${n}`);
      // falls through (errorf never returns)
      case 'float64':
      case 'float32':
        if (n.type === NodeType.Number && n.isFloat) return typ === 'float32' ? new GoFloat32(n.float64) : n.float64;
        this.errorf(`expected float; found ${n}`);
      // falls through (errorf never returns)
      case 'string':
        if (n.type === NodeType.String) return n.text;
        this.errorf(`expected string; found ${n}`);
      // falls through (errorf never returns)
      case ANY:
      case 'any':
      case REFLECT_VALUE:
        return this.evalEmptyInterface(n);
      case 'complex64':
      case 'complex128':
        this.errorf(`expected complex; found ${n}`);
    }
    if (typ !== null && INT_KINDS.has(typ)) {
      const kind = typ as GoInt['kind'];
      if (kind.startsWith('u')) {
        if (n.type === NodeType.Number && n.isUint) return new GoInt(n.uint64, kind);
        this.errorf(`expected unsigned integer; found ${n}`);
      }
      if (n.type === NodeType.Number && n.isInt) return new GoInt(n.int64, kind);
      this.errorf(`expected integer; found ${n}`);
    }
    this.errorf(`can't handle ${n} for arg of type ${typ}`);
  }

  /** A constant passed to an interface {} parameter. */
  private evalEmptyInterface(n: Node): Val {
    this.node = n;
    switch (n.type) {
      case NodeType.Bool:
        return n.value;
      case NodeType.Number:
        return this.idealConstant(n);
      case NodeType.String:
        return n.text;
    }
    this.errorf(`can't handle assignment of ${n} to empty interface argument`);
  }

  private printValue(node: ActionNode, v: Val): void {
    this.node = node;
    if (typeof v === 'string') this.out += v;
    else if (v === undefined) this.out += '<no value>';
    else if (isGoFunction(v)) this.errorf(`can't print ${node} of type ${typeName(v)}`);
    else this.out += formatTemplateValue(v);
  }
}

/** Whether a map type's elements are interface values (map[string]interface {}, helm's Values). */
function holdsInterfaces(mapType: GoType): boolean {
  return elemType(mapType) === ANY;
}

/**
 * Assignability between a named type and its unnamed underlying type (chartutil.Values and
 * map[string]interface {}), the one case of Go's rule that differs from type identity here.
 */
function assignableNamed(value: GoValue, actual: GoType, expected: GoType): boolean {
  if (!(value instanceof Map || value instanceof TypedNil)) return false;
  const named = (t: GoType): boolean => !t.startsWith('map[') && t.includes('.');
  return (named(actual) && expected === 'map[string]interface {}') || (named(expected) && actual === 'map[string]interface {}');
}
