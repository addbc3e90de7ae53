// values.schema.json validation as helm 4.1.4 does it (pkg/chart/common/util/jsonschema.go), which
// uses santhosh-tekuri/jsonschema v6. Its error report is a tree whose shape follows that library's
// evaluation order (type, const, enum and format stop at the first failure; several failures at one
// place become "validation failed" with the causes indented), so this is an evaluator written to that
// order rather than a translation of another validator's flat error list.
import { RE2JS } from 're2js';
import type { Chart } from '../chart/chart.js';
import { quote as goQuote } from '../gotemplate/quote.js';
import { GoError, GoInt, typeName, type GoValue } from '../gotemplate/value.js';

/** A schema node; numbers keep their source text (json.Number) for messages. */
type Json = null | boolean | string | JsonNumber | Json[] | { [k: string]: Json };

class JsonNumber {
  constructor(
    readonly raw: string,
    readonly value: number,
  ) {}
}

interface ValidationError {
  at: string[];
  message: string;
  causes: ValidationError[];
  /** A `$ref` wrapper: printed only when it has several causes. */
  ref?: boolean;
  group?: boolean;
}

const DRAFTS: Record<string, number> = {
  'http://json-schema.org/draft-04/schema': 4,
  'http://json-schema.org/draft-06/schema': 6,
  'http://json-schema.org/draft-07/schema': 7,
  'https://json-schema.org/draft/2019-09/schema': 2019,
  'https://json-schema.org/draft/2020-12/schema': 2020,
};

/**
 * Checks the coalesced values of a chart and of each subchart against their values.schema.json.
 * Throws a GoError with helm's text when some chart's values do not validate.
 */
export function validateValues(chart: Chart, values: Map<string, GoValue>): void {
  const report = validateAgainstSchema(chart, values);
  if (report !== '') throw new GoError(`values don't meet the specifications of the schema(s) in the following chart(s):\n${report}`);
}

/** ValidateAgainstSchema: the per-chart report, empty when everything validates. */
export function validateAgainstSchema(chart: Chart, values: Map<string, GoValue>): string {
  let out = '';
  if (chart.schema) {
    const err = validateAgainstSingleSchema(values, chart.schema);
    if (err !== null) out += `${chart.name()}:\n${err}`;
  }
  for (const sub of chart.dependencies) {
    const raw = values.get(sub.name());
    if (raw === undefined || raw === null) continue;
    if (!(raw instanceof Map)) {
      out += `${sub.name()}:\ninvalid type for values: expected object (map), got ${typeName(raw)}\n`;
      continue;
    }
    out += validateAgainstSchema(sub, raw);
  }
  return out;
}

const schemaCache = new WeakMap<Uint8Array, Json>();

/** The error text (ending in a newline) of one schema against one chart's values, or null. */
export function validateAgainstSingleSchema(values: Map<string, GoValue>, schemaBytes: Uint8Array): string | null {
  let schema = schemaCache.get(schemaBytes);
  if (schema === undefined) {
    schema = parseSchema(Buffer.from(schemaBytes).toString('utf8'));
    schemaCache.set(schemaBytes, schema);
  }
  const declared = isObject(schema) && typeof schema.$schema === 'string' ? schema.$schema.replace(/#$/, '') : undefined;
  const draft = (declared && DRAFTS[declared]) || 2020;
  const validator = new Validator(schema, draft);
  const err = validator.validate(schema, values, []);
  if (err === null) return null;
  const causes = err.group ? err.causes : [err];
  let text = '';
  for (const cause of causes) text += display(cause, 0);
  // Each top-level line is written as "- " + ...; display() adds the newline before nested lines.
  return text.replace(/^\n/, '') + '\n';
}

function parseSchema(text: string): Json {
  try {
    return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
      typeof value === 'number' ? new JsonNumber(context?.source ?? String(value), value) : value,
    ) as Json;
  } catch (e) {
    throw new GoError((e as Error).message);
  }
}

function display(e: ValidationError, indent: number): string {
  let out = '';
  if (!(e.ref && e.causes.length === 1)) {
    out += '\n' + '  '.repeat(indent) + `- at ${quote(jsonPointer(e.at))}: ${e.message}`;
    indent++;
  }
  for (const c of e.causes) out += display(c, indent);
  return out;
}

function jsonPointer(tokens: string[]): string {
  return tokens.map((t) => '/' + t.replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/** The library's quoting: Go's %q, with `"` unescaped and `'` escaped, in single quotes. */
function quote(s: string): string {
  const q = goQuote(s);
  return "'" + q.slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'") + "'";
}

function isObject(s: Json | undefined): s is { [k: string]: Json } {
  return s !== null && typeof s === 'object' && !Array.isArray(s) && !(s instanceof JsonNumber);
}

function num(s: Json | undefined): number | undefined {
  return s instanceof JsonNumber ? s.value : undefined;
}

const TYPE_ORDER = ['null', 'boolean', 'number', 'integer', 'string', 'array', 'object'];

function jsonType(v: GoValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number' || v instanceof GoInt) return 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Map) return 'object';
  return 'invalid';
}

function numberOf(v: GoValue): number {
  return v instanceof GoInt ? v.toNumber() : (v as number);
}

function isInteger(v: GoValue): boolean {
  return v instanceof GoInt || (typeof v === 'number' && Number.isInteger(v));
}

/** How the library shows a schema value in enum/const messages. */
function displayJson(v: Json): string {
  if (typeof v === 'string') return quote(v);
  if (v instanceof JsonNumber) return v.raw;
  if (v === null) return '<nil>';
  if (typeof v === 'boolean') return String(v);
  return 'value';
}

function equalJson(v: GoValue, s: Json): boolean {
  if (s === null) return v === null;
  if (typeof s === 'boolean' || typeof s === 'string') return v === s;
  if (s instanceof JsonNumber) return (typeof v === 'number' || v instanceof GoInt) && numberOf(v) === s.value;
  if (Array.isArray(s)) return Array.isArray(v) && v.length === s.length && s.every((x, i) => equalJson(v[i], x));
  if (!(v instanceof Map)) return false;
  const keys = Object.keys(s);
  return keys.length === v.size && keys.every((k) => v.has(k) && equalJson(v.get(k)!, s[k]));
}

function equalValues(a: GoValue, b: GoValue): boolean {
  if ((typeof a === 'number' || a instanceof GoInt) && (typeof b === 'number' || b instanceof GoInt)) return numberOf(a) === numberOf(b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => equalValues(x, b[i]));
  if (a instanceof Map) return b instanceof Map && a.size === b.size && [...a].every(([k, x]) => b.has(k) && equalValues(x, b.get(k)!));
  return a === b;
}

class Validator {
  private readonly patterns = new Map<string, RE2JS>();

  constructor(
    private readonly root: Json,
    private readonly draft: number,
  ) {}

  validate(s: Json, v: GoValue, at: string[]): ValidationError | null {
    if (s === true || (isObject(s) && Object.keys(s).length === 0)) return null;
    if (s === false) return { at, message: 'false schema', causes: [] };
    if (!isObject(s)) return null;
    const error = (message: string, causes: ValidationError[] = []): ValidationError => ({ at, message, causes });

    if (s.type !== undefined) {
      const types = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is string => typeof t === 'string');
      const t = jsonType(v);
      if (types.length > 0 && !types.includes(t) && !(types.includes('integer') && t === 'number' && isInteger(v))) {
        const want = [...types].sort((a, b) => TYPE_ORDER.indexOf(a) - TYPE_ORDER.indexOf(b));
        return error(`got ${t}, want ${want.join(' or ')}`);
      }
    }
    if (s.const !== undefined && this.draft >= 6 && !equalJson(v, s.const)) {
      return error(Array.isArray(s.const) || isObject(s.const) ? "'const' failed" : `value must be ${displayJson(s.const)}`);
    }
    if (Array.isArray(s.enum) && !s.enum.some((item) => equalJson(v, item))) {
      const primitive = s.enum.every((item) => !Array.isArray(item) && !isObject(item));
      if (!primitive) return error("'enum' failed");
      return error(s.enum.length === 1 ? `value must be ${displayJson(s.enum[0])}` : `value must be one of ${s.enum.map(displayJson).join(', ')}`);
    }

    const errors: ValidationError[] = [];
    const add = (e: ValidationError | null) => {
      if (e) errors.push(e);
    };
    if (typeof s.$ref === 'string') {
      const refErr = this.validateRef(s.$ref, v, at);
      if (this.draft < 2019) return refErr;
      add(refErr);
    }
    if (v instanceof Map) this.validateObject(s, v, at, errors);
    else if (Array.isArray(v)) this.validateArray(s, v, at, errors);
    else if (typeof v === 'string') this.validateString(s, v, at, errors);
    else if (typeof v === 'number' || v instanceof GoInt) this.validateNumber(s, numberOf(v), at, errors);
    if (this.draft >= 2019 && typeof s.$dynamicRef === 'string') add(this.validateRef(s.$dynamicRef, v, at));
    this.validateConditions(s, v, at, errors);

    if (errors.length === 0) return null;
    if (errors.length === 1) return errors[0];
    return { at, message: 'validation failed', causes: errors, group: true };
  }

  private validateRef(ref: string, v: GoValue, at: string[]): ValidationError | null {
    const target = this.resolve(ref);
    const err = this.validate(target, v, at);
    if (err === null) return null;
    return { at, message: 'validation failed', causes: err.group ? err.causes : [err], ref: true };
  }

  /** Local references only: `#`, `#/json/pointer` and `#anchor`; helm's remote loading is not done. */
  private resolve(ref: string): Json {
    const hash = ref.indexOf('#');
    if (hash < 0 || (hash > 0 && !this.isOwnId(ref.slice(0, hash)))) {
      throw new GoError(`capstan: unsupported $ref ${JSON.stringify(ref)}: only references within values.schema.json are supported`);
    }
    const fragment = decodeURIComponent(ref.slice(hash + 1));
    if (fragment === '' || fragment.startsWith('/')) {
      let node: Json = this.root;
      for (const token of fragment.split('/').slice(1)) {
        const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
        node = Array.isArray(node) ? node[Number(key)] : isObject(node) ? node[key] : undefined!;
        if (node === undefined) throw new GoError(`capstan: $ref ${JSON.stringify(ref)} does not resolve`);
      }
      return node;
    }
    const anchored = this.findAnchor(this.root, fragment);
    if (anchored === undefined) throw new GoError(`capstan: $ref ${JSON.stringify(ref)} does not resolve`);
    return anchored;
  }

  private isOwnId(base: string): boolean {
    return isObject(this.root) && typeof this.root.$id === 'string' && this.root.$id.replace(/#$/, '') === base;
  }

  private findAnchor(node: Json, name: string): Json | undefined {
    if (Array.isArray(node)) {
      for (const n of node) {
        const found = this.findAnchor(n, name);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    if (!isObject(node)) return undefined;
    if (node.$anchor === name || node.$dynamicAnchor === name || node.$id === '#' + name || node.id === '#' + name) return node;
    for (const child of Object.values(node)) {
      const found = this.findAnchor(child, name);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  private validateObject(s: { [k: string]: Json }, obj: Map<string, GoValue>, at: string[], errors: ValidationError[]): void {
    const error = (message: string): ValidationError => ({ at, message, causes: [] });
    const minP = num(s.minProperties);
    if (minP !== undefined && obj.size < minP) errors.push(error(`minProperties: got ${formatInt(obj.size)}, want ${formatInt(minP)}`));
    const maxP = num(s.maxProperties);
    if (maxP !== undefined && obj.size > maxP) errors.push(error(`maxProperties: got ${formatInt(obj.size)}, want ${formatInt(maxP)}`));
    if (Array.isArray(s.required)) {
      const missing = s.required.filter((p): p is string => typeof p === 'string' && !obj.has(p));
      if (missing.length > 0) errors.push(error(missing.length === 1 ? `missing property ${quote(missing[0])}` : `missing properties ${missing.map(quote).join(', ')}`));
    }
    if (isObject(s.dependencies)) {
      for (const [pname, dep] of Object.entries(s.dependencies)) {
        if (!obj.has(pname)) continue;
        if (Array.isArray(dep)) {
          const missing = dep.filter((p): p is string => typeof p === 'string' && !obj.has(p));
          if (missing.length > 0) errors.push(error(`properties ${missing.map(quote).join(', ')} required, if ${quote(pname)} exists`));
        } else {
          const e = this.validate(dep, obj, at);
          if (e) errors.push(e);
        }
      }
    }
    const properties = isObject(s.properties) ? s.properties : {};
    const patterns = isObject(s.patternProperties) ? Object.entries(s.patternProperties) : [];
    const additional: string[] = [];
    for (const [pname, pvalue] of obj) {
      let evaluated = false;
      if (Object.hasOwn(properties, pname)) {
        evaluated = true;
        const e = this.validate(properties[pname], pvalue, [...at, pname]);
        if (e) errors.push(e);
      }
      for (const [regex, sch] of patterns) {
        if (this.pattern(regex).test(pname)) {
          evaluated = true;
          const e = this.validate(sch, pvalue, [...at, pname]);
          if (e) errors.push(e);
        }
      }
      if (!evaluated && s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) additional.push(pname);
        else {
          const e = this.validate(s.additionalProperties, pvalue, [...at, pname]);
          if (e) errors.push(e);
        }
      }
    }
    if (additional.length > 0) errors.push(error(`additional properties ${additional.map(quote).join(', ')} not allowed`));
    if (this.draft >= 6 && s.propertyNames !== undefined) {
      for (const pname of obj.keys()) {
        const e = this.validate(s.propertyNames, pname, at);
        if (e) errors.push({ at, message: `invalid property ${quote(pname)}`, causes: e.group ? e.causes : [e] });
      }
    }
    if (this.draft >= 2019) {
      if (isObject(s.dependentSchemas)) {
        for (const [pname, sch] of Object.entries(s.dependentSchemas)) {
          if (!obj.has(pname)) continue;
          const e = this.validate(sch, obj, at);
          if (e) errors.push(e);
        }
      }
      if (isObject(s.dependentRequired)) {
        for (const [pname, reqd] of Object.entries(s.dependentRequired)) {
          if (!obj.has(pname) || !Array.isArray(reqd)) continue;
          const missing = reqd.filter((p): p is string => typeof p === 'string' && !obj.has(p));
          if (missing.length > 0) errors.push(error(`properties ${missing.map(quote).join(', ')} required, if ${quote(pname)} exists`));
        }
      }
    }
  }

  private validateArray(s: { [k: string]: Json }, arr: GoValue[], at: string[], errors: ValidationError[]): void {
    const error = (message: string): ValidationError => ({ at, message, causes: [] });
    const minI = num(s.minItems);
    if (minI !== undefined && arr.length < minI) errors.push(error(`minItems: got ${formatInt(arr.length)}, want ${formatInt(minI)}`));
    const maxI = num(s.maxItems);
    if (maxI !== undefined && arr.length > maxI) errors.push(error(`maxItems: got ${formatInt(arr.length)}, want ${formatInt(maxI)}`));
    if (s.uniqueItems === true && arr.length > 1) {
      outer: for (let i = 0; i < arr.length; i++) {
        for (let j = i + 1; j < arr.length; j++) {
          if (equalValues(arr[i], arr[j])) {
            errors.push(error(`items at ${i} and ${j} are equal`));
            break outer;
          }
        }
      }
    }
    const item = (sch: Json, i: number) => {
      const e = this.validate(sch, arr[i], [...at, String(i)]);
      if (e) errors.push(e);
    };
    if (this.draft < 2020) {
      let evaluated = 0;
      if (Array.isArray(s.items)) {
        evaluated = Math.min(arr.length, s.items.length);
        for (let i = 0; i < evaluated; i++) item(s.items[i], i);
      } else if (s.items !== undefined) {
        for (let i = 0; i < arr.length; i++) item(s.items, i);
        evaluated = arr.length;
      }
      if (s.additionalItems !== undefined && Array.isArray(s.items)) {
        if (s.additionalItems === false) {
          if (evaluated !== arr.length) errors.push(error(`last ${arr.length - evaluated} additionalItem(s) not allowed`));
        } else {
          for (let i = evaluated; i < arr.length; i++) item(s.additionalItems, i);
        }
      }
    } else {
      const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
      const evaluated = Math.min(prefix.length, arr.length);
      for (let i = 0; i < evaluated; i++) item(prefix[i], i);
      // The library (as vendored by helm 4.1.4) names these items by their offset after prefixItems.
      if (s.items !== undefined) {
        for (let i = evaluated; i < arr.length; i++) {
          const e = this.validate(s.items, arr[i], [...at, String(i - evaluated)]);
          if (e) errors.push(e);
        }
      }
    }
    if (s.contains !== undefined && this.draft >= 6) {
      const failures: ValidationError[] = [];
      const matched: number[] = [];
      arr.forEach((x, i) => {
        const e = this.validate(s.contains, x, [...at, String(i)]);
        if (e) failures.push(e);
        else matched.push(i);
      });
      const minC = this.draft >= 2019 ? num(s.minContains) : undefined;
      if (minC !== undefined) {
        if (matched.length < minC) {
          const message =
            matched.length === 0
              ? `min ${minC} items required to match contains schema, but none matched`
              : `min ${minC} items required to match contains schema, but matched ${matched.length} items at ${matched.join(' ')}`;
          errors.push({ at, message, causes: failures });
        }
      } else if (matched.length === 0) {
        errors.push({ at, message: 'no items match contains schema', causes: failures });
      }
      const maxC = this.draft >= 2019 ? num(s.maxContains) : undefined;
      if (maxC !== undefined && matched.length > maxC) {
        errors.push(error(`max ${maxC} items required to match contains schema, but matched ${matched.length} items at ${matched.join(' ')}`));
      }
    }
  }

  private validateString(s: { [k: string]: Json }, str: string, at: string[], errors: ValidationError[]): void {
    const error = (message: string): ValidationError => ({ at, message, causes: [] });
    const minL = num(s.minLength);
    const maxL = num(s.maxLength);
    const length = minL !== undefined || maxL !== undefined ? Array.from(str).length : 0;
    if (minL !== undefined && length < minL) errors.push(error(`minLength: got ${formatInt(length)}, want ${formatInt(minL)}`));
    if (maxL !== undefined && length > maxL) errors.push(error(`maxLength: got ${formatInt(length)}, want ${formatInt(maxL)}`));
    if (typeof s.pattern === 'string' && !this.pattern(s.pattern).test(str)) {
      errors.push(error(`${quote(str)} does not match pattern ${quote(s.pattern)}`));
    }
  }

  private validateNumber(s: { [k: string]: Json }, n: number, at: string[], errors: ValidationError[]): void {
    const error = (message: string): ValidationError => ({ at, message, causes: [] });
    let minimum = num(s.minimum);
    let maximum = num(s.maximum);
    let exclusiveMinimum = num(s.exclusiveMinimum);
    let exclusiveMaximum = num(s.exclusiveMaximum);
    if (this.draft === 4) {
      // Draft 4 spells exclusivity as a boolean beside minimum/maximum.
      exclusiveMinimum = s.exclusiveMinimum === true ? minimum : undefined;
      exclusiveMaximum = s.exclusiveMaximum === true ? maximum : undefined;
      if (exclusiveMinimum !== undefined) minimum = undefined;
      if (exclusiveMaximum !== undefined) maximum = undefined;
    }
    if (minimum !== undefined && n < minimum) errors.push(error(`minimum: got ${formatFloat(n)}, want ${formatFloat(minimum)}`));
    if (maximum !== undefined && n > maximum) errors.push(error(`maximum: got ${formatFloat(n)}, want ${formatFloat(maximum)}`));
    if (exclusiveMinimum !== undefined && n <= exclusiveMinimum) errors.push(error(`exclusiveMinimum: got ${formatFloat(n)}, want ${formatFloat(exclusiveMinimum)}`));
    if (exclusiveMaximum !== undefined && n >= exclusiveMaximum) errors.push(error(`exclusiveMaximum: got ${formatFloat(n)}, want ${formatFloat(exclusiveMaximum)}`));
    const multipleOf = num(s.multipleOf);
    if (multipleOf !== undefined && !isMultiple(n, multipleOf)) errors.push(error(`multipleOf: got ${formatFloat(n)}, want ${formatFloat(multipleOf)}`));
  }

  private validateConditions(s: { [k: string]: Json }, v: GoValue, at: string[], errors: ValidationError[]): void {
    if (s.not !== undefined && this.validate(s.not, v, at) === null) errors.push({ at, message: "'not' failed", causes: [] });
    const failures = (schemas: Json[]) => schemas.map((sch) => this.validate(sch, v, at));
    if (Array.isArray(s.allOf)) {
      const failed = failures(s.allOf).filter((e): e is ValidationError => e !== null);
      if (failed.length > 0) errors.push({ at, message: "'allOf' failed", causes: failed });
    }
    if (Array.isArray(s.anyOf)) {
      const results = failures(s.anyOf);
      if (results.every((e) => e !== null)) errors.push({ at, message: "'anyOf' failed", causes: results as ValidationError[] });
    }
    if (Array.isArray(s.oneOf)) {
      const results = failures(s.oneOf);
      const matched = results.flatMap((e, i) => (e === null ? [i] : []));
      if (matched.length === 0) errors.push({ at, message: "'oneOf' failed, none matched", causes: results as ValidationError[] });
      else if (matched.length > 1) errors.push({ at, message: `'oneOf' failed, subschemas ${matched[0]}, ${matched[1]} matched`, causes: [] });
    }
    if (this.draft >= 7 && s.if !== undefined) {
      const branch = this.validate(s.if, v, at) === null ? s.then : s.else;
      if (branch !== undefined) {
        const e = this.validate(branch, v, at);
        if (e) errors.push(e);
      }
    }
  }

  private pattern(source: string): RE2JS {
    let re = this.patterns.get(source);
    if (!re) {
      re = RE2JS.compile(source);
      this.patterns.set(source, re);
    }
    return re;
  }
}

function isMultiple(n: number, of: number): boolean {
  const q = n / of;
  return Number.isInteger(q) || Math.abs(q - Math.round(q)) < 1e-9;
}

/** Integers as golang.org/x/text's English printer writes them: digits grouped by commas. */
function formatInt(n: number): string {
  return groupDigits(String(n));
}

function groupDigits(digits: string): string {
  const negative = digits.startsWith('-');
  const body = negative ? digits.slice(1) : digits;
  const grouped = body.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return negative ? '-' + grouped : grouped;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * A float64 as the x/text English printer writes `%v`: Go's shortest %g choice between decimal and
 * scientific notation, decimals grouped by commas, exponents as `×10⁰⁸`.
 */
function formatFloat(x: number): string {
  if (x === 0) return '0';
  const [mantissa, exp] = x.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 6) {
    const digits = String(Math.abs(e)).padStart(2, '0');
    return `${mantissa}×10${e < 0 ? '⁻' : ''}${[...digits].map((d) => SUPERSCRIPT[Number(d)]).join('')}`;
  }
  const plain = String(x);
  const [int, frac] = plain.split('.');
  return groupDigits(int) + (frac === undefined ? '' : '.' + frac);
}
