// Parse tree nodes of Go's text/template (parse/node.go). `toString()` reproduces Go's String(),
// which error messages quote as the context of a failure (`at <.Values.a.b>`).

import { quote } from './quote.js';

/** What every node knows of the tree it came from, to report error locations. */
export interface TreeSource {
  /** The top-level template being parsed (the file), used in error locations. */
  readonly parseName: string;
  /** The whole text that was parsed. */
  readonly text: string;
}

export enum NodeType {
  Text,
  Action,
  Bool,
  Chain,
  Command,
  Dot,
  Field,
  Identifier,
  If,
  List,
  Nil,
  Number,
  Pipe,
  Range,
  String,
  Template,
  Variable,
  With,
  Comment,
  Break,
  Continue,
  End,
  Else,
}

abstract class BaseNode {
  abstract readonly type: NodeType;
  constructor(
    readonly tree: TreeSource,
    readonly pos: number,
  ) {}
  abstract toString(): string;
}

export class ListNode extends BaseNode {
  readonly type = NodeType.List;
  readonly nodes: Node[] = [];
  toString(): string {
    return this.nodes.map(String).join('');
  }
}

export class TextNode extends BaseNode {
  readonly type = NodeType.Text;
  constructor(
    tree: TreeSource,
    pos: number,
    readonly text: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.text;
  }
}

export class PipeNode extends BaseNode {
  readonly type = NodeType.Pipe;
  isAssign = false;
  readonly decl: VariableNode[] = [];
  readonly cmds: CommandNode[] = [];
  constructor(
    tree: TreeSource,
    pos: number,
    readonly line: number,
  ) {
    super(tree, pos);
  }
  toString(): string {
    let s = '';
    if (this.decl.length > 0) s = this.decl.map(String).join(', ') + (this.isAssign ? ' = ' : ' := ');
    return s + this.cmds.map(String).join(' | ');
  }
}

export class ActionNode extends BaseNode {
  readonly type = NodeType.Action;
  constructor(
    tree: TreeSource,
    pos: number,
    readonly line: number,
    readonly pipe: PipeNode,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return `{{${this.pipe}}}`;
  }
}

export class CommandNode extends BaseNode {
  readonly type = NodeType.Command;
  readonly args: Node[] = [];
  toString(): string {
    return this.args.map((a) => (a.type === NodeType.Pipe ? `(${a})` : String(a))).join(' ');
  }
}

export class IdentifierNode extends BaseNode {
  readonly type = NodeType.Identifier;
  constructor(
    tree: TreeSource,
    pos: number,
    readonly ident: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.ident;
  }
}

/** `$x.a.b`: ident[0] is the variable, the rest are fields. */
export class VariableNode extends BaseNode {
  readonly type = NodeType.Variable;
  readonly ident: string[];
  constructor(tree: TreeSource, pos: number, ident: string) {
    super(tree, pos);
    this.ident = ident.split('.');
  }
  toString(): string {
    return this.ident.join('.');
  }
}

export class DotNode extends BaseNode {
  readonly type = NodeType.Dot;
  toString(): string {
    return '.';
  }
}

export class NilNode extends BaseNode {
  readonly type = NodeType.Nil;
  toString(): string {
    return 'nil';
  }
}

/** `.a.b`: ident is ['a', 'b']. */
export class FieldNode extends BaseNode {
  readonly type = NodeType.Field;
  readonly ident: string[];
  constructor(tree: TreeSource, pos: number, ident: string) {
    super(tree, pos);
    this.ident = ident.slice(1).split('.');
  }
  toString(): string {
    return '.' + this.ident.join('.');
  }
}

/** `(pipeline).a.b` or `fn.a`. */
export class ChainNode extends BaseNode {
  readonly type = NodeType.Chain;
  readonly field: string[] = [];
  constructor(
    tree: TreeSource,
    pos: number,
    readonly node: Node,
  ) {
    super(tree, pos);
  }
  add(field: string): void {
    this.field.push(field.slice(1));
  }
  toString(): string {
    const base = this.node.type === NodeType.Pipe ? `(${this.node})` : String(this.node);
    return base + this.field.map((f) => '.' + f).join('');
  }
}

export class BoolNode extends BaseNode {
  readonly type = NodeType.Bool;
  constructor(
    tree: TreeSource,
    pos: number,
    readonly value: boolean,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.value ? 'true' : 'false';
  }
}

/** A numeric constant with every interpretation Go's syntax allows (see parse.newNumber). */
export class NumberNode extends BaseNode {
  readonly type = NodeType.Number;
  isInt = false;
  isUint = false;
  isFloat = false;
  isComplex = false;
  int64 = 0n;
  uint64 = 0n;
  float64 = 0;
  constructor(
    tree: TreeSource,
    pos: number,
    readonly text: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.text;
  }
}

export class StringNode extends BaseNode {
  readonly type = NodeType.String;
  constructor(
    tree: TreeSource,
    pos: number,
    readonly quoted: string,
    readonly text: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.quoted;
  }
}

/** if, range and with. */
export class BranchNode extends BaseNode {
  constructor(
    readonly type: NodeType.If | NodeType.Range | NodeType.With,
    tree: TreeSource,
    pos: number,
    readonly line: number,
    readonly pipe: PipeNode,
    readonly list: ListNode,
    readonly elseList: ListNode | null,
  ) {
    super(tree, pos);
  }
  toString(): string {
    const name = this.type === NodeType.If ? 'if' : this.type === NodeType.Range ? 'range' : 'with';
    const elsePart = this.elseList ? `{{else}}${this.elseList}` : '';
    return `{{${name} ${this.pipe}}}${this.list}${elsePart}{{end}}`;
  }
}

export class TemplateNode extends BaseNode {
  readonly type = NodeType.Template;
  constructor(
    tree: TreeSource,
    pos: number,
    readonly line: number,
    readonly name: string,
    readonly pipe: PipeNode | null,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.pipe ? `{{template ${quote(this.name)} ${this.pipe}}}` : `{{template ${quote(this.name)}}}`;
  }
}

export class BreakNode extends BaseNode {
  readonly type = NodeType.Break;
  toString(): string {
    return '{{break}}';
  }
}

export class ContinueNode extends BaseNode {
  readonly type = NodeType.Continue;
  toString(): string {
    return '{{continue}}';
  }
}

/** `{{end}}` and `{{else}}` exist only while parsing. */
export class EndNode extends BaseNode {
  readonly type = NodeType.End;
  toString(): string {
    return '{{end}}';
  }
}

export class ElseNode extends BaseNode {
  readonly type = NodeType.Else;
  constructor(
    tree: TreeSource,
    pos: number,
    readonly line: number,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return '{{else}}';
  }
}

export type Node =
  | ListNode
  | TextNode
  | PipeNode
  | ActionNode
  | CommandNode
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | BranchNode
  | TemplateNode
  | BreakNode
  | ContinueNode
  | EndNode
  | ElseNode;

// unicode.IsSpace (JavaScript's \s also takes U+FEFF, which Go does not).
const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** parse.IsEmptyTree: only whitespace text (and comments). */
export function isEmptyTree(n: Node | null): boolean {
  if (n === null) return true;
  switch (n.type) {
    case NodeType.List:
      return n.nodes.every(isEmptyTree);
    case NodeType.Text:
      return GO_SPACE_ONLY.test(n.text);
    default:
      return false;
  }
}
