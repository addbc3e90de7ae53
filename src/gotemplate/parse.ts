// The parser of Go's text/template (parse/parse.go): builds the trees of a template text and of
// every `define`/`block` in it, with Go's error messages (`template: NAME:LINE: MESSAGE`).

import { GoError } from './value.js';
import { quote, unquote } from './quote.js';
import { Lexer, ItemType, itemString, type Item } from './lex.js';
import {
  ActionNode,
  BoolNode,
  BranchNode,
  BreakNode,
  ChainNode,
  CommandNode,
  ContinueNode,
  DotNode,
  ElseNode,
  EndNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  NilNode,
  NodeType,
  NumberNode,
  PipeNode,
  StringNode,
  TemplateNode,
  TextNode,
  VariableNode,
  isEmptyTree,
  type Node,
  type TreeSource,
} from './node.js';
import { readNumber } from './number.js';

const MAX_STACK_DEPTH = 10000;

/** A parsed template: its name and root list. */
export class Tree implements TreeSource {
  root: ListNode | null = null;
  parseName: string;
  text = '';
  private lex!: Lexer;
  private readonly token: Item[] = [];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private treeSet!: Map<string, Tree>;
  private hasFunction!: (name: string) => boolean;
  private actionLine = 0;
  private rangeDepth = 0;
  private stackDepth = 0;

  constructor(public name: string) {
    this.parseName = name;
  }

  // --- token stream with Go's three-token lookahead ---

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount];
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let token: Item;
    do token = this.next();
    while (token.typ === ItemType.Space);
    return token;
  }

  private peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // --- errors ---

  private errorf(message: string): never {
    this.root = null;
    throw new GoError(`template: ${this.parseName}:${this.token[0].line}: ${message}`);
  }

  private expect(expected: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  private expectOneOf(expected1: ItemType, expected2: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected1 && token.typ !== expected2) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: Item, context: string): never {
    if (token.typ === ItemType.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  private unquote(token: Item): string {
    try {
      return unquote(token.val);
    } catch (e) {
      this.errorf((e as Error).message);
    }
  }

  // --- parsing ---

  private startParse(lex: Lexer, treeSet: Map<string, Tree>, hasFunction: (name: string) => boolean): void {
    this.root = null;
    this.lex = lex;
    this.vars = ['$'];
    this.treeSet = treeSet;
    this.hasFunction = hasFunction;
    this.stackDepth = 0;
    lex.options = { breakOK: !hasFunction('break'), continueOK: !hasFunction('continue') };
  }

  /** Parses `text`, adding this tree and every definition in it to `treeSet`. */
  parse(text: string, treeSet: Map<string, Tree>, hasFunction: (name: string) => boolean): void {
    this.parseName = this.name;
    this.startParse(new Lexer(text), treeSet, hasFunction);
    this.text = text;
    this.parseRoot();
    this.add();
  }

  /** Within one parse, a second non-empty definition of a name is an error. */
  private add(): void {
    const tree = this.treeSet.get(this.name);
    if (tree === undefined || isEmptyTree(tree.root)) {
      this.treeSet.set(this.name, this);
      return;
    }
    if (!isEmptyTree(this.root)) this.errorf(`template: multiple definition of template ${quote(this.name)}`);
  }

  private childTree(name: string): Tree {
    const t = new Tree(name);
    t.text = this.text;
    t.parseName = this.parseName;
    t.startParse(this.lex, this.treeSet, this.hasFunction);
    return t;
  }

  private parseRoot(): void {
    this.root = new ListNode(this, this.peek().pos);
    while (this.peek().typ !== ItemType.EOF) {
      if (this.peek().typ === ItemType.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === ItemType.Define) {
          this.childTree('definition').parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === NodeType.End || n.type === NodeType.Else) this.errorf(`unexpected ${n}`);
      this.root.nodes.push(n);
    }
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf(ItemType.String, ItemType.RawString, context);
    this.name = this.unquote(name);
    this.expect(ItemType.RightDelim, context);
    const [list, end] = this.itemList();
    this.root = list;
    if (end.type !== NodeType.End) this.errorf(`unexpected ${end} in ${context}`);
    this.add();
  }

  private itemList(): [ListNode, Node] {
    const list = new ListNode(this, this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== ItemType.EOF) {
      const n = this.textOrAction();
      if (n.type === NodeType.End || n.type === NodeType.Else) return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case ItemType.Text:
        return new TextNode(this, token.pos, token.val);
      case ItemType.LeftDelim:
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case ItemType.Block:
        return this.blockControl();
      case ItemType.Break:
        return this.breakControl(token, '{{break}}', BreakNode);
      case ItemType.Continue:
        return this.breakControl(token, '{{continue}}', ContinueNode);
      case ItemType.Else:
        return this.elseControl();
      case ItemType.End:
        return new EndNode(this, this.expect(ItemType.RightDelim, 'end').pos);
      case ItemType.If:
        return this.branch(NodeType.If);
      case ItemType.Range:
        return this.branch(NodeType.Range);
      case ItemType.Template:
        return this.templateControl();
      case ItemType.With:
        return this.branch(NodeType.With);
    }
    this.backup();
    const first = this.peek();
    return new ActionNode(this, first.pos, first.line, this.pipeline('command', ItemType.RightDelim));
  }

  private breakControl(keyword: Item, name: string, NodeClass: typeof BreakNode | typeof ContinueNode): Node {
    const token = this.nextNonSpace();
    if (token.typ !== ItemType.RightDelim) this.unexpected(token, name);
    if (this.rangeDepth === 0) this.errorf(`${name} outside {{range}}`);
    return new NodeClass(this, keyword.pos);
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const token = this.peekNonSpace();
    const pipe = new PipeNode(this, token.pos, token.line);
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ === ItemType.Variable) {
        this.next();
        const tokenAfterVariable = this.peek();
        const next = this.peekNonSpace();
        if (next.typ === ItemType.Assign || next.typ === ItemType.Declare) {
          pipe.isAssign = next.typ === ItemType.Assign;
          this.nextNonSpace();
          pipe.decl.push(new VariableNode(this, v.pos, v.val));
          this.vars.push(v.val);
        } else if (next.typ === ItemType.Char && next.val === ',') {
          this.nextNonSpace();
          pipe.decl.push(new VariableNode(this, v.pos, v.val));
          this.vars.push(v.val);
          if (context === 'range' && pipe.decl.length < 2) {
            const after = this.peekNonSpace().typ;
            if (after === ItemType.Variable || after === ItemType.RightDelim || after === ItemType.RightParen) continue decls;
            this.errorf('range can only initialize variables');
          }
          this.errorf(`too many declarations in ${context}`);
        } else if (tokenAfterVariable.typ === ItemType.Space) {
          this.backup3(v, tokenAfterVariable);
        } else {
          this.backup2(v);
        }
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      switch (t.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case ItemType.Bool:
        case ItemType.CharConstant:
        case ItemType.Complex:
        case ItemType.Dot:
        case ItemType.Field:
        case ItemType.Identifier:
        case ItemType.Number:
        case ItemType.Nil:
        case ItemType.RawString:
        case ItemType.String:
        case ItemType.Variable:
        case ItemType.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      switch (pipe.cmds[i].args[0].type) {
        case NodeType.Bool:
        case NodeType.Dot:
        case NodeType.Nil:
        case NodeType.Number:
        case NodeType.String:
          this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private branch(type: NodeType.If | NodeType.Range | NodeType.With): BranchNode {
    const context = type === NodeType.If ? 'if' : type === NodeType.Range ? 'range' : 'with';
    const varCount = this.vars.length;
    try {
      const pipe = this.pipeline(context, ItemType.RightDelim);
      if (type === NodeType.Range) this.rangeDepth++;
      const [list, next] = this.itemList();
      if (type === NodeType.Range) this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === NodeType.Else) {
        // {{else if ...}} and {{else with ...}} nest a branch in the else list.
        if ((type === NodeType.If && this.peek().typ === ItemType.If) || (type === NodeType.With && this.peek().typ === ItemType.With)) {
          this.next();
          elseList = new ListNode(this, next.pos);
          elseList.nodes.push(this.branch(type));
        } else {
          const [list2, end] = this.itemList();
          elseList = list2;
          if (end.type !== NodeType.End) this.errorf(`expected end; found ${end}`);
        }
      }
      return new BranchNode(type, this, pipe.pos, pipe.line, pipe, list, elseList);
    } finally {
      this.vars.length = varCount;
    }
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === ItemType.If || peek.typ === ItemType.With) return new ElseNode(this, peek.pos, peek.line);
    const token = this.expect(ItemType.RightDelim, 'else');
    return new ElseNode(this, token.pos, token.line);
  }

  private blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, ItemType.RightDelim);
    const block = this.childTree(name);
    const [list, end] = block.itemList();
    block.root = list;
    if (end.type !== NodeType.End) this.errorf(`unexpected ${end} in ${context}`);
    block.add();
    return new TemplateNode(this, token.pos, token.line, name, pipe);
  }

  private templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== ItemType.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, ItemType.RightDelim);
    }
    return new TemplateNode(this, token.pos, token.line, name, pipe);
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.typ === ItemType.String || token.typ === ItemType.RawString) return this.unquote(token);
    this.unexpected(token, context);
  }

  private command(): CommandNode {
    const cmd = new CommandNode(this, this.peekNonSpace().pos);
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === ItemType.Space) continue;
      if (token.typ === ItemType.RightDelim || token.typ === ItemType.RightParen) this.backup();
      else if (token.typ !== ItemType.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | null {
    let node = this.term();
    if (node === null) return null;
    if (this.peek().typ === ItemType.Field) {
      const chain = new ChainNode(this, this.peek().pos, node);
      while (this.peek().typ === ItemType.Field) chain.add(this.next().val);
      // Fields and variables absorb the chain; literals cannot have fields.
      switch (node.type) {
        case NodeType.Field:
          node = new FieldNode(this, chain.pos, String(chain));
          break;
        case NodeType.Variable:
          node = new VariableNode(this, chain.pos, String(chain));
          break;
        case NodeType.Bool:
        case NodeType.String:
        case NodeType.Number:
        case NodeType.Nil:
        case NodeType.Dot:
          this.errorf(`unexpected . after term ${quote(String(node))}`);
        // falls through (errorf never returns)
        default:
          node = chain;
      }
    }
    return node;
  }

  private term(): Node | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case ItemType.Identifier:
        if (!this.hasFunction(token.val)) this.errorf(`function ${quote(token.val)} not defined`);
        return new IdentifierNode(this, token.pos, token.val);
      case ItemType.Dot:
        return new DotNode(this, token.pos);
      case ItemType.Nil:
        return new NilNode(this, token.pos);
      case ItemType.Variable:
        return this.useVar(token.pos, token.val);
      case ItemType.Field:
        return new FieldNode(this, token.pos, token.val);
      case ItemType.Bool:
        return new BoolNode(this, token.pos, token.val === 'true');
      case ItemType.CharConstant:
      case ItemType.Complex:
      case ItemType.Number: {
        const kind = token.typ === ItemType.CharConstant ? 'char' : token.typ === ItemType.Complex ? 'complex' : 'number';
        let value;
        try {
          value = readNumber(token.val, kind);
        } catch (e) {
          this.errorf((e as Error).message);
        }
        return Object.assign(new NumberNode(this, token.pos, token.val), value);
      }
      case ItemType.LeftParen: {
        if (this.stackDepth >= MAX_STACK_DEPTH) this.errorf('max expression depth exceeded');
        this.stackDepth++;
        try {
          return this.pipeline('parenthesized pipeline', ItemType.RightParen);
        } finally {
          this.stackDepth--;
        }
      }
      case ItemType.String:
      case ItemType.RawString:
        return new StringNode(this, token.pos, token.val, this.unquote(token));
    }
    this.backup();
    return null;
  }

  private useVar(pos: number, name: string): Node {
    const v = new VariableNode(this, pos, name);
    if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${quote(v.ident[0])}`);
    return v;
  }
}

/** parse.Parse: the trees of `text` (named `name`) and of its definitions. Throws GoError. */
export function parseTemplates(name: string, text: string, hasFunction: (name: string) => boolean): Map<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const t = new Tree(name);
  t.text = text;
  t.parse(text, treeSet, hasFunction);
  return treeSet;
}
