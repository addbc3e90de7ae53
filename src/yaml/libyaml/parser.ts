// libyaml's parser (parserc.go) fused with yaml.v2's composer (decode.go's parser): the first
// document of a stream as a node tree. The grammar is libyaml's state machine written as
// recursive descent; tokens are asked for in the same order, so errors surface where they do there.
import { parserError, YamlSyntaxError } from './errors.js';
import { Scanner, Style, T, type Token } from './scanner.js';

export const enum Kind {
  Scalar,
  Sequence,
  Mapping,
  Alias,
}

export class YamlNode {
  tag = '';
  value = '';
  /** A plain scalar without a tag (or tagged '!'): its type is resolved from its text. */
  implicit = false;
  children: YamlNode[] = [];
  /** For an alias, the node its anchor named when it was read. */
  target: YamlNode | null = null;

  constructor(readonly kind: Kind) {}
}

interface TagDirective {
  handle: string;
  prefix: string;
}

const DEFAULT_TAG_DIRECTIVES: TagDirective[] = [
  { handle: '!', prefix: '!' },
  { handle: '!!', prefix: 'tag:yaml.org,2002:' },
];

function emptyScalar(): YamlNode {
  const n = new YamlNode(Kind.Scalar);
  n.implicit = true;
  return n;
}

export class DocumentParser {
  private readonly scanner: Scanner;
  private readonly anchors = new Map<string, YamlNode>();
  private readonly tagDirectives: TagDirective[] = [];

  constructor(text: string) {
    this.scanner = new Scanner(text);
  }

  /** How far the scanner has read (a UTF-16 index into the text). */
  get reached(): number {
    return this.scanner.pos;
  }

  /** The first document's root node as yaml.v2 composes it, or null for a stream without documents. */
  document(): YamlNode | null {
    const s = this.scanner;
    s.peek();
    s.next();
    let t = s.peek();
    let root: YamlNode;
    if (t.type !== T.VersionDirective && t.type !== T.TagDirective && t.type !== T.DocumentStart && t.type !== T.StreamEnd) {
      this.processDirectives();
      root = this.node(true, false);
    } else if (t.type !== T.StreamEnd) {
      this.processDirectives();
      t = s.peek();
      if (t.type !== T.DocumentStart) throw parserError('did not find expected <document start>', t.line);
      s.next();
      t = s.peek();
      const empty = t.type === T.VersionDirective || t.type === T.TagDirective || t.type === T.DocumentStart || t.type === T.DocumentEnd || t.type === T.StreamEnd;
      root = empty ? emptyScalar() : this.node(true, false);
    } else {
      return null;
    }
    if (s.peek().type === T.DocumentEnd) s.next();
    return root;
  }

  private processDirectives(): void {
    const s = this.scanner;
    let t = s.peek();
    let version = false;
    while (t.type === T.VersionDirective || t.type === T.TagDirective) {
      if (t.type === T.VersionDirective) {
        if (version) throw parserError('found duplicate %YAML directive', t.line);
        if (t.major !== 1 || t.minor !== 1) throw parserError('found incompatible YAML document', t.line);
        version = true;
      } else {
        if (this.tagDirectives.some((d) => d.handle === t.value)) throw parserError('found duplicate %TAG directive', t.line);
        this.tagDirectives.push({ handle: t.value, prefix: t.suffix });
      }
      s.next();
      t = s.peek();
    }
    for (const d of DEFAULT_TAG_DIRECTIVES) if (!this.tagDirectives.some((x) => x.handle === d.handle)) this.tagDirectives.push(d);
  }

  private node(block: boolean, indentless: boolean): YamlNode {
    const s = this.scanner;
    let t = s.peek();
    if (t.type === T.Alias) {
      s.next();
      const n = new YamlNode(Kind.Alias);
      n.value = t.value;
      n.target = this.anchors.get(t.value) ?? null;
      if (n.target === null) throw new YamlSyntaxError(`unknown anchor '${t.value}' referenced`);
      return n;
    }
    const startLine = t.line;
    let anchor = '';
    let tagToken: Token | null = null;
    if (t.type === T.Anchor) {
      anchor = t.value;
      s.next();
      t = s.peek();
      if (t.type === T.Tag) {
        tagToken = t;
        s.next();
        t = s.peek();
      }
    } else if (t.type === T.Tag) {
      tagToken = t;
      s.next();
      t = s.peek();
      if (t.type === T.Anchor) {
        anchor = t.value;
        s.next();
        t = s.peek();
      }
    }
    let tag = '';
    if (tagToken !== null) {
      if (tagToken.value === '') tag = tagToken.suffix;
      else {
        const directive = this.tagDirectives.find((d) => d.handle === tagToken.value);
        if (directive !== undefined) tag = directive.prefix + tagToken.suffix;
        if (tag === '') throw parserError('found undefined tag handle', tagToken.line, startLine);
      }
    }
    let n: YamlNode;
    switch (t.type) {
      case T.BlockEntry:
        if (!indentless) break;
        n = this.start(Kind.Sequence, anchor, tag);
        this.indentlessSequence(n);
        return n;
      case T.Scalar:
        n = this.start(Kind.Scalar, anchor, tag);
        n.value = t.value;
        n.implicit = (tag === '' && t.style === Style.Plain) || tag === '!';
        s.next();
        return n;
      case T.FlowSequenceStart:
        n = this.start(Kind.Sequence, anchor, tag);
        this.flowSequence(n);
        return n;
      case T.FlowMappingStart:
        n = this.start(Kind.Mapping, anchor, tag);
        this.flowMapping(n);
        return n;
      case T.BlockSequenceStart:
        if (!block) break;
        n = this.start(Kind.Sequence, anchor, tag);
        this.blockSequence(n);
        return n;
      case T.BlockMappingStart:
        if (!block) break;
        n = this.start(Kind.Mapping, anchor, tag);
        this.blockMapping(n);
        return n;
    }
    return this.propertiesOnly(anchor, tag, t, startLine);
  }

  /** A node that has only an anchor and/or a tag is an empty scalar; with neither, an error. */
  private propertiesOnly(anchor: string, tag: string, t: Token, startLine: number): YamlNode {
    if (anchor === '' && tag === '') throw parserError('did not find expected node content', t.line, startLine);
    const n = this.start(Kind.Scalar, anchor, tag);
    n.implicit = tag === '';
    return n;
  }

  private start(kind: Kind, anchor: string, tag: string): YamlNode {
    const n = new YamlNode(kind);
    n.tag = tag;
    if (anchor !== '') this.anchors.set(anchor, n);
    return n;
  }

  private blockSequence(n: YamlNode): void {
    const s = this.scanner;
    const contextLine = s.peek().line;
    s.next();
    for (;;) {
      let t = s.peek();
      if (t.type === T.BlockEntry) {
        s.next();
        t = s.peek();
        n.children.push(t.type !== T.BlockEntry && t.type !== T.BlockEnd ? this.node(true, false) : emptyScalar());
      } else if (t.type === T.BlockEnd) {
        s.next();
        return;
      } else {
        throw parserError("did not find expected '-' indicator", t.line, contextLine);
      }
    }
  }

  private indentlessSequence(n: YamlNode): void {
    const s = this.scanner;
    for (;;) {
      let t = s.peek();
      if (t.type !== T.BlockEntry) return;
      s.next();
      t = s.peek();
      const empty = t.type === T.BlockEntry || t.type === T.Key || t.type === T.Value || t.type === T.BlockEnd;
      n.children.push(empty ? emptyScalar() : this.node(true, false));
    }
  }

  private blockMapping(n: YamlNode): void {
    const s = this.scanner;
    const contextLine = s.peek().line;
    s.next();
    for (;;) {
      let t = s.peek();
      if (t.type === T.Key) {
        s.next();
        t = s.peek();
        n.children.push(t.type !== T.Key && t.type !== T.Value && t.type !== T.BlockEnd ? this.node(true, true) : emptyScalar());
      } else if (t.type === T.BlockEnd) {
        s.next();
        return;
      } else {
        throw parserError('did not find expected key', t.line, contextLine);
      }
      t = s.peek();
      if (t.type === T.Value) {
        s.next();
        t = s.peek();
        n.children.push(t.type !== T.Key && t.type !== T.Value && t.type !== T.BlockEnd ? this.node(true, true) : emptyScalar());
      } else {
        n.children.push(emptyScalar());
      }
    }
  }

  private flowSequence(n: YamlNode): void {
    const s = this.scanner;
    const contextLine = s.peek().line;
    s.next();
    for (let first = true; ; first = false) {
      let t = s.peek();
      if (t.type === T.FlowSequenceEnd) break;
      if (!first) {
        if (t.type !== T.FlowEntry) throw parserError("did not find expected ',' or ']'", t.line, contextLine);
        s.next();
        t = s.peek();
      }
      if (t.type === T.Key) {
        s.next();
        n.children.push(this.flowSequencePair());
      } else if (t.type !== T.FlowSequenceEnd) {
        n.children.push(this.node(false, false));
      } else {
        break;
      }
    }
    s.next();
  }

  /** `[key: value]`: a single-pair mapping inside a flow sequence, after its KEY token. */
  private flowSequencePair(): YamlNode {
    const s = this.scanner;
    const pair = new YamlNode(Kind.Mapping);
    let t = s.peek();
    if (t.type !== T.Value && t.type !== T.FlowEntry && t.type !== T.FlowSequenceEnd) {
      pair.children.push(this.node(false, false));
    } else {
      // libyaml consumes the token here, whichever of the three it is.
      s.next();
      pair.children.push(emptyScalar());
    }
    t = s.peek();
    let value: YamlNode | null = null;
    if (t.type === T.Value) {
      s.next();
      t = s.peek();
      if (t.type !== T.FlowEntry && t.type !== T.FlowSequenceEnd) value = this.node(false, false);
    }
    pair.children.push(value ?? emptyScalar());
    s.peek();
    return pair;
  }

  private flowMapping(n: YamlNode): void {
    const s = this.scanner;
    const contextLine = s.peek().line;
    s.next();
    for (let first = true; ; first = false) {
      let t = s.peek();
      if (t.type === T.FlowMappingEnd) break;
      if (!first) {
        if (t.type !== T.FlowEntry) throw parserError("did not find expected ',' or '}'", t.line, contextLine);
        s.next();
        t = s.peek();
      }
      if (t.type === T.Key) {
        s.next();
        t = s.peek();
        if (t.type !== T.Value && t.type !== T.FlowEntry && t.type !== T.FlowMappingEnd) n.children.push(this.node(false, false));
        else n.children.push(emptyScalar());
        t = s.peek();
        let value: YamlNode | null = null;
        if (t.type === T.Value) {
          s.next();
          t = s.peek();
          if (t.type !== T.FlowEntry && t.type !== T.FlowMappingEnd) value = this.node(false, false);
        }
        n.children.push(value ?? emptyScalar());
      } else if (t.type !== T.FlowMappingEnd) {
        n.children.push(this.node(false, false));
        s.peek();
        n.children.push(emptyScalar());
      } else {
        break;
      }
    }
    s.next();
  }
}
