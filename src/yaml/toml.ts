// TOML as Helm's toToml / fromToml do it with BurntSushi/toml v1.6.0: the encoder's layout
// (direct keys before tables, sorted keys, nested tables indented by two spaces, inline arrays)
// and decoding into map[string]interface{} (integers int64, floats float64).
import { parse } from 'smol-toml';
import { compareGoStrings, GoError, GoFloat32, GoInt, goInt64, GoObject, TypedNil, typeName, type GoValue } from '../gotemplate/value.js';
import { formatFloat } from '../gotemplate/strconv.js';

const BARE_KEY = /^[A-Za-z0-9_-]+$/;
const QUOTE_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

function quote(s: string): string {
  return (
    '"' +
    // eslint-disable-next-line no-control-regex -- control characters are what it matches
    s.replace(/["\\\u0000-\u001f\u007f]/g, (c) => QUOTE_ESCAPES[c] ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) +
    '"'
  );
}

function keyPiece(k: string): string {
  return k === '' ? '""' : BARE_KEY.test(k) ? k : quote(k);
}

type TomlKind = 'nil' | 'hash' | 'arrayHash' | 'other';

function entriesOf(v: Map<string, GoValue> | GoObject): [string, GoValue][] {
  return v instanceof Map ? [...v] : v.jsonEntries();
}

function isNilValue(v: GoValue): boolean {
  return v === null || v === undefined || v instanceof TypedNil;
}

function tomlKind(v: GoValue): TomlKind {
  if (isNilValue(v)) return 'nil';
  if (v instanceof Map || v instanceof GoObject) return 'hash';
  if (Array.isArray(v) && v.length > 0) {
    let allHashes = true;
    for (const item of v) {
      const k = tomlKind(item);
      if (k === 'nil') throw new GoError('toml: cannot encode array with nil element');
      if (k !== 'hash') allHashes = false;
    }
    return allHashes ? 'arrayHash' : 'other';
  }
  return 'other';
}

function floatText(f: number, bits: 32 | 64): string {
  if (Number.isNaN(f)) return 'nan';
  if (!Number.isFinite(f)) return f < 0 ? '-inf' : 'inf';
  const s = formatFloat(f, 'g', -1, bits);
  return /[e.]/.test(s) ? s : s + '.0';
}

class TomlEncoder {
  private out = '';
  private written = false;

  private write(s: string): void {
    this.out += s;
    this.written = true;
  }

  private newline(): void {
    if (this.written) this.write('\n');
  }

  encodeTop(v: GoValue): string {
    this.encode([], v);
    return this.out;
  }

  private encode(key: string[], v: GoValue): void {
    if (isNilValue(v)) return;
    if (v instanceof Map || v instanceof GoObject) return this.table(key, v);
    if (Array.isArray(v) && tomlKind(v) === 'arrayHash') return this.arrayOfTables(key, v);
    this.keyValue(key, v, false);
  }

  private indent(key: string[]): string {
    return '  '.repeat(Math.max(0, key.length - 1));
  }

  private keyValue(key: string[], v: GoValue, inline: boolean): void {
    if (key.length === 0) return this.element(v);
    this.write(`${this.indent(key)}${keyPiece(key[key.length - 1])} = `);
    this.element(v);
    if (!inline) this.newline();
  }

  private table(key: string[], v: Map<string, GoValue> | GoObject): void {
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.write(`${this.indent(key)}[${key.map(keyPiece).join('.')}]`);
      this.newline();
    }
    this.map(key, v, false);
  }

  private arrayOfTables(key: string[], items: GoValue[]): void {
    if (key.length === 0) throw new GoError('toml: top-level values must be Go maps or structs');
    for (const item of items) {
      if (isNilValue(item)) continue;
      this.newline();
      this.write(`${this.indent(key)}[[${key.map(keyPiece).join('.')}]]`);
      this.newline();
      this.map(key, item as Map<string, GoValue> | GoObject, false);
    }
  }

  private map(key: string[], v: Map<string, GoValue> | GoObject, inline: boolean): void {
    const direct: [string, GoValue][] = [];
    const sub: [string, GoValue][] = [];
    for (const [k, x] of entriesOf(v)) {
      const kind = tomlKind(x);
      (kind === 'hash' || kind === 'arrayHash' ? sub : direct).push([k, x]);
    }
    const writeKeys = (entries: [string, GoValue][], trailingComma: boolean) => {
      entries.sort((a, b) => compareGoStrings(a[0], b[0]));
      entries.forEach(([k, x], i) => {
        if (isNilValue(x)) return;
        if (inline) {
          this.keyValue([k], x, true);
          if (trailingComma || i !== entries.length - 1) this.write(', ');
        } else this.encode([...key, k], x);
      });
    };
    if (inline) this.write('{');
    writeKeys(direct, sub.length > 0);
    writeKeys(sub, false);
    if (inline) this.write('}');
  }

  private element(v: GoValue): void {
    if (typeof v === 'string') return this.write(quote(v));
    if (typeof v === 'boolean') return this.write(v ? 'true' : 'false');
    if (typeof v === 'number') return this.write(floatText(v, 64));
    if (v instanceof GoInt) return this.write(v.value.toString());
    if (v instanceof GoFloat32) return this.write(floatText(v.value, 32));
    if (v instanceof Uint8Array) return this.write('[' + Array.from(v).join(', ') + ']');
    if (Array.isArray(v)) {
      this.write('[');
      v.forEach((item, i) => {
        this.element(item);
        if (i !== v.length - 1) this.write(', ');
      });
      return this.write(']');
    }
    if (v instanceof Map || v instanceof GoObject) return this.map([], v, true);
    if (isNilValue(v)) throw new GoError('toml: cannot encode array with nil element');
    throw new GoError(`unexpected type: ${typeName(v)}`);
  }
}

/** BurntSushi/toml's Encoder.Encode output; throws GoError with its error text. */
export function encodeToml(v: GoValue): string {
  return new TomlEncoder().encodeTop(v);
}

function fromTomlValue(v: unknown): GoValue {
  if (typeof v === 'bigint') return goInt64(v);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(fromTomlValue);
  // Datetimes: BurntSushi gives a time.Time; kept as its TOML text.
  if (v instanceof Date) return v.toISOString();
  const m = new Map<string, GoValue>();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, fromTomlValue(x));
  return m;
}

/** toml.Unmarshal into map[string]interface{}; throws GoError with the parser's message. */
export function parseToml(text: string): Map<string, GoValue> {
  let doc: unknown;
  try {
    doc = parse(text, { integersAsBigInt: true });
  } catch (e) {
    throw new GoError(e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
  return fromTomlValue(doc) as Map<string, GoValue>;
}
