// Go's %#v of the value yaml.v2 decodes a node into (interface{}: map[interface {}]interface {},
// []interface {}, string, bool, int, float64, nil), as its error messages print it. fmt prints a
// map's entries sorted by key; keys of one type sort by value (those of mixed types sort by type in
// an order Go does not define: they are left in document order).
import { formatFloat } from '../../gotemplate/strconv.js';
import { Kind, type YamlNode } from './parser.js';
import { isMerge, resolveScalar } from './scalar.js';

interface Entry {
  /** A key's identity in a Go map (its type and value). */
  id: string;
  sortKey: string | number;
  key: string;
  value: string;
}

function scalarSyntax(n: YamlNode, nested: boolean): { text: string; id: string; sortKey: string | number } {
  const r = resolveScalar(n);
  switch (r.kind) {
    case 'null':
      return { text: nested ? 'interface {}(nil)' : '<nil>', id: 'nil', sortKey: '' };
    case 'bool':
      return { text: String(r.value), id: 'b' + String(r.value), sortKey: r.value ? 1 : 0 };
    case 'int':
      return { text: r.value.toString(), id: 'i' + r.value.toString(), sortKey: Number(r.value) };
    case 'float': {
      const text = formatFloat(r.value, 'g', -1, 64);
      return { text, id: 'f' + text, sortKey: r.value };
    }
    default:
      return { text: JSON.stringify(r.value), id: 's' + r.value, sortKey: r.value };
  }
}

function collectEntries(n: YamlNode, entries: Map<string, Entry>): void {
  const children = n.children;
  for (let i = 0; i < children.length; i += 2) {
    if (isMerge(children[i])) {
      const merged = children[i + 1];
      const maps = merged.kind === Kind.Sequence ? [...merged.children].reverse() : [merged];
      for (const m of maps) {
        const target = m.kind === Kind.Alias ? m.target! : m;
        if (target.kind === Kind.Mapping) collectEntries(target, entries);
      }
      continue;
    }
    const keyNode = children[i].kind === Kind.Alias ? children[i].target! : children[i];
    const key = keyNode.kind === Kind.Scalar ? scalarSyntax(keyNode, true) : { text: goSyntaxOf(keyNode, true), id: 'c' + i, sortKey: i };
    entries.set(key.id, { id: key.id, sortKey: key.sortKey, key: key.text, value: goSyntaxOf(children[i + 1], true) });
  }
}

export function goSyntaxOf(n: YamlNode, nested = false): string {
  switch (n.kind) {
    case Kind.Alias:
      return goSyntaxOf(n.target!, nested);
    case Kind.Scalar:
      return scalarSyntax(n, nested).text;
    case Kind.Sequence:
      return `[]interface {}{${n.children.map((c) => goSyntaxOf(c, true)).join(', ')}}`;
    case Kind.Mapping: {
      const entries = new Map<string, Entry>();
      collectEntries(n, entries);
      const list = [...entries.values()];
      const types = new Set(list.map((e) => e.id[0]));
      if (types.size === 1) list.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
      return `map[interface {}]interface {}{${list.map((e) => `${e.key}:${e.value}`).join(', ')}}`;
    }
  }
}
