// libyaml's block emitter as go-yaml ports it (v2 for toYaml, v3 for toYamlPretty), for the
// documents Helm's encoders produce: plain/double-quoted/literal scalars, block collections,
// empty collections in flow style, no tags, anchors or comments.
//
// The state flags (indent stack, column, whitespace, indention) are libyaml's; the recursion
// replaces its event queue since the whole tree is known up front.

/** A node to emit. `style` is what the encoder asks for; the emitter may fall back to quoting. */
export type EmitNode =
  | { kind: 'scalar'; value: string; style: 'plain' | 'double' | 'literal' }
  | { kind: 'seq'; items: EmitNode[] }
  | { kind: 'map'; entries: [EmitNode, EmitNode][] };

export interface EmitterOptions {
  /** go-yaml v3's changes: no indentless sequences, tabs force quoting, its indention bookkeeping. */
  v3: boolean;
  /** Line width for folding (libyaml best_width); Infinity disables folding. */
  width: number;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

interface Analysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function isBreak(c: number): boolean {
  return c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** libyaml's is_printable over UTF-8 bytes: note 4-byte sequences (astral code points) are not. */
function isPrintable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function analyze(value: string, v3: boolean): Analysis {
  if (value.length === 0) {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let tabCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;

  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  const chars = Array.from(value);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const c = ch.codePointAt(0)!;
    const next = chars[i + 1];
    const followedByWhitespace = next === undefined || next === ' ' || next === '\t';
    if (i === 0) {
      switch (ch) {
        case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*': case '!': case '|': case '>': case "'": case '"': case '%': case '@': case '`':
          flowIndicators = true;
          blockIndicators = true;
          break;
        case '?': case ':':
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case '-':
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (ch) {
        case ',': case '?': case '[': case ']': case '{': case '}':
          flowIndicators = true;
          break;
        case ':':
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case '#':
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (v3 && c === 0x09) tabCharacters = true;
    else if (!isPrintable(c)) specialCharacters = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = c === 0x20 || c === 0x09 || isBreak(c) || c === 0;
  }
  const a: Analysis = { multiline: lineBreaks, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlainAllowed = a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) a.flowPlainAllowed = a.blockPlainAllowed = a.singleQuotedAllowed = false;
  if (spaceBreak || tabCharacters || specialCharacters) a.flowPlainAllowed = a.blockPlainAllowed = a.singleQuotedAllowed = false;
  if (spaceBreak || specialCharacters) a.blockAllowed = false;
  if (lineBreaks) a.flowPlainAllowed = a.blockPlainAllowed = false;
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

const BEST_INDENT = 2;

export class Emitter {
  private readonly out: string[] = [];
  private indent = -1;
  private readonly indents: number[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;
  private inSequenceItem = false;

  constructor(private readonly options: EmitterOptions) {}

  /** One document: the node then the final line break, as yaml.Marshal writes it. */
  document(node: EmitNode): string {
    this.node(node, false, false, false);
    // Document end: an implicit end just breaks the last line.
    this.writeIndent();
    return this.out.join('');
  }

  private put(s: string): void {
    this.out.push(s);
    this.column += s.length;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
    if (this.options.v3) this.indention = true;
  }

  /** Writes one character (code point), counting one column. */
  private writeChar(ch: string): void {
    this.out.push(ch);
    this.column++;
  }

  private writeBreakChar(ch: string): void {
    if (ch === '\n') this.putBreak();
    else {
      this.out.push(ch);
      this.column = 0;
      if (this.options.v3) this.indention = true;
    }
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) {
      if (this.options.v3 && !this.inSequenceItem) this.indent = BEST_INDENT * Math.floor((this.indent + BEST_INDENT) / BEST_INDENT);
      else this.indent += BEST_INDENT;
    }
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  private writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    if (!this.options.v3) this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private node(n: EmitNode, sequence: boolean, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    this.inSequenceItem = sequence;
    switch (n.kind) {
      case 'scalar':
        return this.scalar(n.value, n.style, analyze(n.value, this.options.v3));
      case 'seq':
        if (this.flowLevel > 0 || n.items.length === 0) return this.flowSequence(n.items);
        return this.blockSequence(n.items);
      case 'map':
        if (this.flowLevel > 0 || n.entries.length === 0) return this.flowMapping(n.entries);
        return this.blockMapping(n.entries);
    }
  }

  private flowSequence(items: EmitNode[]): void {
    this.writeIndicator('[', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    items.forEach((item, i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > this.options.width) this.writeIndent();
      this.node(item, true, false, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(']', false, false, false);
  }

  private flowMapping(entries: [EmitNode, EmitNode][]): void {
    this.writeIndicator('{', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    entries.forEach(([k, v], i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > this.options.width) this.writeIndent();
      this.node(k, false, true, true);
      this.writeIndicator(':', false, false, false);
      this.node(v, false, true, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator('}', false, false, false);
  }

  private blockSequence(items: EmitNode[]): void {
    const indentless = !this.options.v3 && this.mappingContext && !this.indention;
    this.increaseIndent(false, indentless);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, true, false, false);
    }
    this.popIndent();
  }

  private blockMapping(entries: [EmitNode, EmitNode][]): void {
    this.increaseIndent(false, false);
    for (const [k, v] of entries) {
      this.writeIndent();
      if (this.isSimpleKey(k)) {
        this.node(k, false, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(k, false, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(v, false, true, false);
    }
    this.popIndent();
  }

  private isSimpleKey(k: EmitNode): boolean {
    switch (k.kind) {
      case 'scalar':
        return !analyze(k.value, this.options.v3).multiline && utf8Length(k.value) <= 128;
      case 'seq':
        return k.items.length === 0;
      case 'map':
        return k.entries.length === 0;
    }
  }

  private selectStyle(requested: 'plain' | 'double' | 'literal', value: string, a: Analysis): Style {
    let style: Style = requested;
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = 'single';
      if (value.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext)) style = 'double';
    return style;
  }

  private scalar(value: string, requested: 'plain' | 'double' | 'literal', a: Analysis): void {
    const style = this.selectStyle(requested, value, a);
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case 'plain':
        this.writePlain(value, allowBreaks);
        break;
      case 'single':
        this.writeSingleQuoted(value, allowBreaks);
        break;
      case 'double':
        this.writeDoubleQuoted(value, allowBreaks);
        break;
      case 'literal':
        this.writeLiteral(value);
        break;
    }
    this.popIndent();
  }

  private writePlain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace && (value.length > 0 || !this.options.v3)) this.put(' ');
    this.writeFoldable(value, allowBreaks, false);
    if (value.length > 0 || !this.options.v3) {
      this.whitespace = false;
      this.indention = false;
    }
  }

  private writeSingleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    this.writeFoldable(value, allowBreaks, true);
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  /**
   * The text of a plain or single-quoted scalar: spaces may fold at the width, line breaks are
   * doubled. Inside quotes a fold never takes the first or last space, and `'` is escaped as `''`.
   */
  private writeFoldable(value: string, allowBreaks: boolean, singleQuoted: boolean): void {
    const chars = Array.from(value);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      const c = ch.codePointAt(0)!;
      if (c === 0x20) {
        const inner = !singleQuoted || (i > 0 && i < chars.length - 1);
        if (allowBreaks && !spaces && this.column > this.options.width && inner && chars[i + 1] !== ' ') this.writeIndent();
        else this.writeChar(ch);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && ch === '\n') this.putBreak();
        this.writeBreakChar(ch);
        if (!this.options.v3) this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (singleQuoted && ch === "'") this.put("'");
        this.writeChar(ch);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
  }

  private writeDoubleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const startsWithBom = value.charCodeAt(0) === 0xfeff;
    const chars = Array.from(value);
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i];
      const c = ch.codePointAt(0)!;
      if (!isPrintable(c) || startsWithBom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\' + escapeFor(c));
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > this.options.width && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.writeChar(ch);
        spaces = true;
      } else {
        this.writeChar(ch);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeBlockHints(value: string): void {
    const first = value.codePointAt(0);
    if (first !== undefined && (first === 0x20 || isBreak(first))) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = '';
    const chars = Array.from(value);
    const last = chars.length > 0 ? chars[chars.length - 1].codePointAt(0)! : undefined;
    if (last === undefined || !isBreak(last)) chomp = '-';
    else if (chars.length === 1) chomp = '+';
    else if (isBreak(chars[chars.length - 2].codePointAt(0)!)) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  private writeLiteral(value: string): void {
    this.writeIndicator('|', true, false, false);
    this.writeBlockHints(value);
    this.putBreak();
    if (!this.options.v3) this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const ch of value) {
      const c = ch.codePointAt(0)!;
      if (isBreak(c)) {
        this.writeBreakChar(ch);
        if (!this.options.v3) this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeChar(ch);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

const NAMED_ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function escapeFor(c: number): string {
  const named = NAMED_ESCAPES[c];
  if (named !== undefined) return named;
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return 'x' + hex.padStart(2, '0');
  if (c <= 0xffff) return 'u' + hex.padStart(4, '0');
  return 'U' + hex.padStart(8, '0');
}
