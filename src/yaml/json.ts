// Go's encoding/json for template values: Marshal / MarshalIndent (sorted map keys, HTML
// escaping, Go's float text) and Unmarshal into interface{} (numbers float64) with Go's errors.
import { compareGoStrings, GoError, GoFloat32, GoInt, GoObject, TypedNil, typeName, type GoValue } from '../gotemplate/value.js';
import { formatFloat } from '../gotemplate/strconv.js';

/** encoding/json's text of a finite float: shortest digits, exponent form outside [1e-6, 1e21). */
export function formatJsonFloat(x: number, bits: 32 | 64 = 64): string {
  const abs = Math.abs(bits === 32 ? Math.fround(x) : x);
  if (abs === 0 || (abs >= 1e-6 && abs < 1e21)) return formatFloat(x, 'f', -1, bits);
  // Go pads exponents to two digits; encoding/json drops the padding of negative ones.
  return formatFloat(x, 'e', -1, bits).replace(/e-0(\d)$/, 'e-$1');
}

export interface JsonEncodeOptions {
  /** Escape <, > and & as \u003c, \u003e, \u0026 (Marshal does; an Encoder can turn it off). */
  escapeHTML?: boolean;
  /** MarshalIndent's indent string; compact when absent. */
  indent?: string;
}

const HEX = '0123456789abcdef';
// eslint-disable-next-line no-control-regex -- control characters are what it matches
const NEEDS_ESCAPE_HTML = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex -- control characters are what it matches
const NEEDS_ESCAPE_RAW = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;

/** A JSON string literal as encoding/json writes it. */
export function jsonQuote(s: string, escapeHTML = true): string {
  if (!(escapeHTML ? NEEDS_ESCAPE_HTML : NEEDS_ESCAPE_RAW).test(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        out += s[i] + s[i + 1];
        i++;
      } else {
        out += '\\ufffd';
      }
      continue;
    }
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c < 0x20) {
      if (c === 0x0a) out += '\\n';
      else if (c === 0x0d) out += '\\r';
      else if (c === 0x09) out += '\\t';
      else if (c === 0x08) out += '\\b';
      else if (c === 0x0c) out += '\\f';
      else out += '\\u00' + HEX[c >> 4] + HEX[c & 15];
    } else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26)) {
      out += '\\u00' + HEX[c >> 4] + HEX[c & 15];
    } else if (c === 0x2028 || c === 0x2029) {
      out += c === 0x2028 ? '\\u2028' : '\\u2029';
    } else out += s[i];
  }
  return out + '"';
}

/** json.Marshal (or MarshalIndent with `indent`); throws Go's `json: unsupported ...` errors. */
export function encodeJson(v: GoValue, options: JsonEncodeOptions = {}): string {
  const escapeHTML = options.escapeHTML ?? true;
  const indent = options.indent;
  const parts: string[] = [];
  write(v, '');
  return parts.join('');

  function write(x: GoValue, prefix: string): void {
    if (x === null || x === undefined || x instanceof TypedNil) return void parts.push('null');
    switch (typeof x) {
      case 'string':
        return void parts.push(jsonQuote(x, escapeHTML));
      case 'boolean':
        return void parts.push(x ? 'true' : 'false');
      case 'number':
        if (!Number.isFinite(x)) throw new GoError(`json: unsupported value: ${formatFloat(x, 'g', -1, 64)}`);
        return void parts.push(formatJsonFloat(x));
    }
    if (x instanceof GoInt) return void parts.push(x.value.toString());
    if (x instanceof GoFloat32) {
      if (!Number.isFinite(x.value)) throw new GoError(`json: unsupported value: ${formatFloat(x.value, 'g', -1, 32)}`);
      return void parts.push(formatJsonFloat(x.value, 32));
    }
    if (x instanceof Uint8Array) return void parts.push('"' + Buffer.from(x).toString('base64') + '"');
    if (Array.isArray(x)) {
      if (x.length === 0) return void parts.push('[]');
      const inner = indent === undefined ? '' : prefix + indent;
      parts.push('[');
      x.forEach((item, i) => {
        if (i > 0) parts.push(',');
        if (indent !== undefined) parts.push('\n' + inner);
        write(item, inner);
      });
      if (indent !== undefined) parts.push('\n' + prefix);
      return void parts.push(']');
    }
    if (x instanceof Map) {
      const keys = [...x.keys()].sort(compareGoStrings);
      return writeObject(keys.map((k) => [k, x.get(k)!]), prefix);
    }
    if (x instanceof GoObject) {
      const marshalled = x.jsonValue();
      return marshalled === undefined ? writeObject(x.jsonEntries(), prefix) : write(marshalled, prefix);
    }
    throw new GoError(`json: unsupported type: ${typeName(x)}`);
  }

  function writeObject(entries: [string, GoValue][], prefix: string): void {
    if (entries.length === 0) return void parts.push('{}');
    const inner = indent === undefined ? '' : prefix + indent;
    parts.push('{');
    entries.forEach(([k, val], i) => {
      if (i > 0) parts.push(',');
      if (indent !== undefined) parts.push('\n' + inner);
      parts.push(jsonQuote(k, escapeHTML), indent === undefined ? ':' : ': ');
      write(val, inner);
    });
    if (indent !== undefined) parts.push('\n' + prefix);
    parts.push('}');
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Go's quoteChar: how the scanner names an offending byte. */
function quoteChar(text: string, i: number): string {
  const c = text[i];
  if (c === "'") return "'\\''";
  if (c === '"') return '\'"\'';
  const code = text.charCodeAt(i);
  // The scanner works on bytes: a non-ASCII character is named by its first UTF-8 byte.
  const byte = code < 0x80 ? code : Buffer.from(text.slice(i, i + 2))[0];
  const quoted = JSON.stringify(String.fromCharCode(byte)).slice(1, -1);
  if (byte === 0x7f || (byte >= 0x80 && byte < 0xa0)) return `'\\u00${HEX[byte >> 4]}${HEX[byte & 15]}'`;
  if (byte < 0x20) {
    const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };
    return `'${named[byte] ?? '\\x' + HEX[byte >> 4] + HEX[byte & 15]}'`;
  }
  return `'${quoted}'`;
}

class JsonSyntaxError extends GoError {}

class JsonParser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(context: string): never {
    if (this.pos >= this.text.length) {
      // Go's scanner feeds a space at the end of input: states that refuse one name it.
      if (/^in (literal|numeric|exponent|string escape|\\u)|^after decimal/.test(context)) throw new JsonSyntaxError(`invalid character ' ' ${context}`);
      throw new JsonSyntaxError('unexpected end of JSON input');
    }
    throw new JsonSyntaxError(`invalid character ${quoteChar(this.text, this.pos)} ${context}`);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.pos++;
    }
  }

  value(): GoValue {
    this.skipSpace();
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
    }
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    return this.fail('looking for beginning of value');
  }

  literal(word: string, v: GoValue): GoValue {
    for (let k = 1; k < word.length; k++) {
      this.pos++;
      if (this.text[this.pos] !== word[k]) this.fail(`in literal ${word} (expecting '${word[k]}')`);
    }
    this.pos++;
    return v;
  }

  number(): GoValue {
    const t = this.text;
    const start = this.pos;
    const digit = () => this.pos < t.length && t[this.pos] >= '0' && t[this.pos] <= '9';
    if (t[this.pos] === '-') {
      this.pos++;
      if (!digit()) this.fail('in numeric literal');
    }
    if (t[this.pos] === '0') this.pos++;
    else while (digit()) this.pos++;
    if (t[this.pos] === '.') {
      this.pos++;
      if (!digit()) this.fail('after decimal point in numeric literal');
      while (digit()) this.pos++;
    }
    if (t[this.pos] === 'e' || t[this.pos] === 'E') {
      this.pos++;
      if (t[this.pos] === '+' || t[this.pos] === '-') this.pos++;
      if (!digit()) this.fail('in exponent of numeric literal');
      while (digit()) this.pos++;
    }
    const literal = t.slice(start, this.pos);
    const f = Number(literal);
    if (Number.isFinite(f)) return f;
    // Out of float64 range: Go leaves the value nil and reports the first such number at the end.
    this.rangeError = this.rangeError ?? literal;
    return null;
  }

  /** A number out of float64 range: a type error reported once the syntax is known to be valid. */
  rangeError: string | undefined;

  string(): string {
    const t = this.text;
    this.pos++;
    let out = '';
    let chunk = this.pos;
    while (true) {
      if (this.pos >= t.length) this.fail('in string literal');
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('in string literal');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(chunk, this.pos);
      this.pos++;
      const e = t[this.pos];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e in simple) {
        out += simple[e];
        this.pos++;
      } else if (e === 'u') {
        this.pos++;
        const unit = this.hex4();
        if (unit >= 0xd800 && unit < 0xdc00 && t[this.pos] === '\\' && t[this.pos + 1] === 'u') {
          const save = this.pos;
          this.pos += 2;
          const low = this.hex4();
          if (low >= 0xdc00 && low <= 0xdfff) out += String.fromCharCode(unit, low);
          else {
            out += '\ufffd';
            this.pos = save;
          }
        } else out += unit >= 0xd800 && unit <= 0xdfff ? '\ufffd' : String.fromCharCode(unit);
      } else this.fail('in string escape code');
      chunk = this.pos;
    }
  }

  hex4(): number {
    let v = 0;
    for (let k = 0; k < 4; k++) {
      const d = HEX.indexOf((this.text[this.pos] ?? '').toLowerCase());
      if (d < 0 || this.pos >= this.text.length) this.fail('in \\u hexadecimal character escape');
      v = v * 16 + d;
      this.pos++;
    }
    return v;
  }

  array(): GoValue[] {
    this.pos++;
    const out: GoValue[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    while (true) {
      out.push(this.value());
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c === ']') {
        this.pos++;
        return out;
      } else this.fail('after array element');
    }
  }

  object(): Map<string, GoValue> {
    this.pos++;
    const out = new Map<string, GoValue>();
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    while (true) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('looking for beginning of object key string');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail('after object key');
      this.pos++;
      out.set(key, this.value());
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') this.pos++;
      else if (c === '}') {
        this.pos++;
        return out;
      } else this.fail('after object key:value pair');
    }
  }
}

/** json.Unmarshal into interface{}: objects are Maps, numbers float64; Go's error texts. */
export function parseJson(text: string): GoValue {
  const { value, rangeError } = decodeJson(text);
  if (rangeError !== undefined) throw rangeError;
  return value;
}

/** Syntax is checked first (a SyntaxError throws); type errors come back with the value. */
function decodeJson(text: string): { value: GoValue; rangeError?: JsonTypeError } {
  const p = new JsonParser(text);
  const value = p.value();
  p.skipSpace();
  if (p.pos < text.length) p.fail('after top-level value');
  if (p.rangeError === undefined) return { value };
  return { value, rangeError: new JsonTypeError(`json: cannot unmarshal number ${p.rangeError} into Go value of type float64`, value) };
}

/** An UnmarshalTypeError: Go still fills in the rest, so the partly decoded value comes along. */
export class JsonTypeError extends GoError {
  constructor(
    message: string,
    readonly partial: GoValue,
  ) {
    super(message);
  }
}

/** encoding/json's name for a decoded value's kind in its UnmarshalTypeError. */
export function jsonKindOf(v: GoValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  return Array.isArray(v) ? 'array' : 'object';
}

/**
 * json.Unmarshal into a fresh map[string]interface{} / []interface{} (fromJson, fromJsonArray):
 * `null` makes it a nil map/slice; another kind is Go's UnmarshalTypeError.
 */
export function parseJsonAs(text: string, target: 'map' | 'array'): GoValue {
  const { value: v, rangeError } = decodeJson(text);
  const type = target === 'map' ? 'map[string]interface {}' : '[]interface {}';
  if (v === null) return new TypedNil(type);
  if (target === 'map' ? v instanceof Map : Array.isArray(v)) {
    if (rangeError) throw rangeError;
    return v;
  }
  const kind = jsonKindOf(v);
  throw new GoError(`json: cannot unmarshal ${kind === 'number' ? 'number' : kind} into Go value of type ${type}`);
}
