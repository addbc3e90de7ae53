// yaml.v2's decoding of a node tree into interface{} (decode.go), followed by sigs.k8s.io/yaml's
// conversion to JSON and back: map keys become strings, every number a float64, and NaN or an
// infinity is refused as encoding/json refuses it.
import { GoError, type GoValue } from '../../gotemplate/value.js';
import { formatFloat } from '../../gotemplate/strconv.js';
import type { Resolved } from '../resolve.js';
import { Kind, type YamlNode } from './parser.js';
import { isMerge, resolveScalar } from './scalar.js';
import { goSyntaxOf } from './syntax.js';

// yaml.v2's limits on alias expansion: the share of decoding done through aliases that it allows
// falls from 99% to 10% as documents grow from 400,000 to 4,000,000 decoded nodes.
const ALIAS_RATIO_LOW = 400000;
const ALIAS_RATIO_HIGH = 4000000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_LOW) / (ALIAS_RATIO_HIGH - ALIAS_RATIO_LOW));
}

class Decoder {
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly expanding = new Set<YamlNode>();
  /**
   * Keys sigs.k8s.io/yaml cannot convert (null, beyond int64), found after decoding: one per distinct
   * key, with the node of the value that stays for it (a later duplicate replaces the value).
   */
  readonly badKeys = new Map<string, { type: string; text: string; value: YamlNode }>();
  /** Whether a NaN or an infinity was decoded (encoding/json then refuses the document). */
  unsupported = false;

  private count(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new GoError('yaml: document contains excessive aliasing');
    }
  }

  value(n: YamlNode): GoValue {
    this.count();
    switch (n.kind) {
      case Kind.Scalar:
        return this.scalar(resolveScalar(n));
      case Kind.Sequence: {
        const out: GoValue[] = new Array<GoValue>(n.children.length);
        for (let i = 0; i < out.length; i++) out[i] = this.value(n.children[i]);
        return out;
      }
      case Kind.Mapping:
        return this.mapping(n, new Map());
      case Kind.Alias:
        return this.alias(n, (target) => this.value(target));
    }
  }

  private scalar(r: Resolved): GoValue {
    switch (r.kind) {
      case 'int':
        return Number(r.value);
      case 'float':
        if (!Number.isFinite(r.value)) this.unsupported = true;
        return r.value;
      default:
        return r.value;
    }
  }

  private alias<R>(n: YamlNode, decode: (target: YamlNode) => R): R {
    if (this.expanding.has(n)) throw new GoError(`yaml: anchor '${n.value}' value contains itself`);
    this.expanding.add(n);
    this.aliasDepth++;
    const out = decode(n.target!);
    this.aliasDepth--;
    this.expanding.delete(n);
    return out;
  }

  private mapping(n: YamlNode, out: Map<string, GoValue>): Map<string, GoValue> {
    const children = n.children;
    for (let i = 0; i < children.length; i += 2) {
      if (isMerge(children[i])) {
        this.merge(children[i + 1], out);
        continue;
      }
      const key = this.key(children[i]);
      const value = this.value(children[i + 1]);
      if (typeof key === 'string') out.set(key, value);
      else this.badKeys.set(key.text, { ...key, value: children[i + 1] });
    }
    return out;
  }

  /** A key as sigs.k8s.io/yaml converts it to a JSON object key, or why it cannot. */
  private key(n: YamlNode): string | { type: string; text: string } {
    this.count();
    if (n.kind === Kind.Alias) return this.alias(n, (target) => this.key(target));
    if (n.kind !== Kind.Scalar) {
      // yaml.v2 decodes the key before refusing it.
      this.value(n);
      throw new GoError(`yaml: invalid map key: ${goSyntaxOf(n)}`);
    }
    if (n.tag === '' && !n.implicit) return n.value;
    const r = resolveScalar(n);
    switch (r.kind) {
      case 'str':
      case 'timestamp':
      case 'merge':
        return r.value;
      case 'bool':
        return r.value ? 'true' : 'false';
      case 'int':
        if (r.value > (1n << 63n) - 1n) return { type: 'uint64', text: r.value.toString() };
        return r.value.toString();
      case 'float': {
        const s = formatFloat(r.value, 'g', -1, 32);
        return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
      }
      case 'null':
        return { type: '%!s(<nil>)', text: '<nil>' };
    }
  }

  private merge(n: YamlNode, out: Map<string, GoValue>): void {
    const isMap = (m: YamlNode) => m.kind === Kind.Mapping || (m.kind === Kind.Alias && m.target!.kind === Kind.Mapping);
    if (n.kind === Kind.Sequence) {
      // Earlier maps win: merge them last.
      for (let i = n.children.length - 1; i >= 0; i--) {
        const item = n.children[i];
        if (!isMap(item)) throw new GoError('yaml: map merge requires map or sequence of maps as the value');
        this.mergeMap(item, out);
      }
      return;
    }
    if (!isMap(n)) throw new GoError('yaml: map merge requires map or sequence of maps as the value');
    this.mergeMap(n, out);
  }

  private mergeMap(n: YamlNode, out: Map<string, GoValue>): void {
    this.count();
    if (n.kind === Kind.Alias) this.alias(n, (target) => this.mergeMap(target, out));
    else this.mapping(n, out);
  }
}

/** The first NaN/Inf in encoding/json's walk order (sorted map keys). */
function firstUnsupported(v: GoValue): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : v;
  if (Array.isArray(v)) {
    for (const x of v) {
      const f = firstUnsupported(x);
      if (f !== undefined) return f;
    }
  } else if (v instanceof Map) {
    for (const k of [...v.keys()].sort()) {
      const f = firstUnsupported(v.get(k)!);
      if (f !== undefined) return f;
    }
  }
  return undefined;
}

/** A document's root node decoded as sigs.k8s.io/yaml.Unmarshal into interface{} does. */
export function decodeDocument(root: YamlNode): GoValue {
  const decoder = new Decoder();
  const value = decoder.value(root);
  for (const bad of decoder.badKeys.values()) {
    throw new GoError(`unsupported map key of type: ${bad.type}, key: ${bad.text}, value: ${goSyntaxOf(bad.value)}`);
  }
  if (decoder.unsupported) {
    const f = firstUnsupported(value);
    if (f !== undefined) throw new GoError(`json: unsupported value: ${formatFloat(f, 'g', -1, 64)}`);
  }
  return value;
}
