import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chart } from '../../../src/chart/chart.js';
import { GoError } from '../../../src/gotemplate/value.js';
import { helm, removeTemp, tempChart, type RunResult } from '../../support/helm.js';
import { mapLimit } from '../../support/capstan.js';
import { capstanInProcess } from '../../support/snippets.js';
import { coalesceValues } from '../../../src/values/coalesce.js';
import { readValues } from '../../../src/values/options.js';
import { validateValues } from '../../../src/values/schema.js';

const D4 = 'http://json-schema.org/draft-04/schema#';
const D6 = 'http://json-schema.org/draft-06/schema#';
const D7 = 'http://json-schema.org/draft-07/schema#';
const D2019 = 'https://json-schema.org/draft/2019-09/schema';
const D2020 = 'https://json-schema.org/draft/2020-12/schema';

interface SchemaCase {
  name: string;
  schema: object;
  set: string;
}

const KINDS: [string, object, string][] = [
  ['type', { properties: { a: { type: 'integer' } } }, 'a=x'],
  ['type-list', { properties: { a: { type: ['string', 'null', 'boolean'] } } }, 'a=1'],
  ['type-number', { properties: { a: { type: 'number' } }, required: ['a'] }, 'a=true'],
  ['required-one', { required: ['x'] }, 'a=1'],
  ['required-many', { required: ['x', 'y'], properties: { y: { type: 'string' } } }, 'a=1'],
  ['enum', { properties: { a: { enum: ['x', 1.0, 2e3, null, true] } } }, 'a=y'],
  ['enum-one', { properties: { a: { enum: ['only'] } } }, 'a=y'],
  ['enum-object', { properties: { a: { enum: [{ x: 1 }, 'b'] } } }, 'a=y'],
  ['const', { properties: { a: { const: 1.5 } } }, 'a=2'],
  ['const-string', { properties: { a: { const: "it's" } } }, 'a=2'],
  ['additional', { properties: { a: {} }, additionalProperties: false }, 'a=1,b=2'],
  ['additional-schema', { additionalProperties: { type: 'string' } }, 'a=1'],
  ['minimum', { properties: { a: { minimum: 5000 } } }, 'a=1500'],
  ['maximum', { properties: { a: { maximum: 1e7 } } }, 'a=123456789'],
  ['exclusive', { properties: { a: { exclusiveMinimum: 3, exclusiveMaximum: 3 } } }, 'a=3'],
  ['multipleOf', { properties: { a: { multipleOf: 3 } } }, 'a=7'],
  ['pattern', { properties: { a: { pattern: '^a+$' } } }, 'a=bb'],
  ['lengths', { properties: { a: { minLength: 3, maxLength: 1, pattern: '^x$' } } }, 'a=bb'],
  ['items', { properties: { l: { type: 'array', items: { type: 'string' } } } }, 'l[0]=1,l[1]=x,l[2]=true'],
  ['items-one', { properties: { l: { items: { type: 'string' } } } }, 'l[0]=x,l[1]=2'],
  ['array-size', { properties: { l: { minItems: 3, uniqueItems: true } } }, 'l={a,a}'],
  ['nested', { properties: { o: { properties: { p: { properties: { q: { type: 'boolean' } } } } } } }, 'o.p.q=x'],
  ['anyOf', { properties: { c: { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 3 }] } } }, 'c=1'],
  ['allOf', { properties: { e: { allOf: [{ required: ['q'] }, { maxProperties: 0 }] } } }, 'e.x=1'],
  ['oneOf-many', { properties: { i: { oneOf: [{}, { type: 'integer' }] } } }, 'i=1'],
  ['oneOf-none', { properties: { i: { oneOf: [{ type: 'string' }, { type: 'boolean' }] } } }, 'i=1'],
  ['not', { properties: { j: { not: { type: 'integer' } } } }, 'j=1'],
  ['ref', { properties: { d: { $ref: '#/$defs/d' } }, $defs: { d: { type: 'object', required: ['z'], properties: { y: { type: 'string' } } } } }, 'd.y=1'],
  ['ref-single', { properties: { d: { $ref: '#/$defs/d' } }, $defs: { d: { maximum: 1 } } }, 'd=5'],
  ['if-then', { properties: { a: { if: { type: 'integer' }, then: { minimum: 10 }, else: { maxLength: 1 } } } }, 'a=5'],
  ['if-else', { properties: { a: { if: { type: 'integer' }, then: { minimum: 10 }, else: { maxLength: 1 } } } }, 'a=xyz'],
  ['valid', { properties: { a: { type: 'integer', minimum: 1 } } }, 'a=5'],
  ['false', { properties: { a: false } }, 'a=5'],
  ['float-got', { properties: { a: { minimum: 0.5 } } }, 'a=0'],
  ['escapes', { properties: { 'a/b': { type: 'string' } } }, 'a/b=1'],
];

const CASES: SchemaCase[] = [
  ...KINDS.map(([name, schema, set]) => ({ name, schema, set })),
  ...[D4, D6, D7, D2019, D2020].map((draft) => ({
    name: `draft ${draft}`,
    schema: {
      $schema: draft,
      definitions: { n: draft === D4 ? { type: 'integer', maximum: 2, exclusiveMaximum: true } : { type: 'integer', exclusiveMaximum: 2 } },
      properties: { n: { $ref: '#/definitions/n', minimum: 100 }, s: { type: 'string' }, t: draft === D2020 ? { prefixItems: [{ type: 'integer' }], items: false } : { items: [{ type: 'integer' }], additionalItems: false } },
    },
    set: 'n=2,s=1,t={x,y}',
  })),
];

/** Helm's error block as lines, top-level entries sorted (helm visits properties in random order). */
function blocks(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('  ') && out.length > 0) out[out.length - 1] += '\n' + line;
    else out.push(line);
  }
  return [out[0], out[1], ...out.slice(2).sort()];
}

/** The error `template` prints for the schema and the --set flag, by helm or by Capstan. */
async function templateError(schema: object, set: string, runTemplate: (args: string[]) => Promise<RunResult>): Promise<string> {
  const dir = tempChart({ 'values.schema.json': JSON.stringify(schema), 'templates/x.yaml': 'x: 1\n' }, 'sch');
  try {
    const res = await runTemplate(['template', 'r', dir, '--set', set]);
    if (res.code === 0) return '';
    return res.stderr.replace(/^Error: /, '').replace(/\n+$/, '');
  } finally {
    removeTemp(dir);
  }
}

function ourError(schema: object, set: string): string {
  const chart = new Chart({ name: 'sch', version: '0.1.0', apiVersion: 'v2' });
  chart.schema = new TextEncoder().encode(JSON.stringify(schema));
  try {
    validateValues(chart, coalesceValues(chart, readValues({ values: [set] })));
    return '';
  } catch (e) {
    assert.ok(e instanceof GoError);
    return e.message.replace(/\n+$/, '');
  }
}

describe('values.schema.json against helm 4.1.4', () => {
  it(`matches helm's report on ${CASES.length} schemas`, async () => {
    const failures: string[] = [];
    await mapLimit(CASES, 2, async (c) => {
      const want = await templateError(c.schema, c.set, (args) => helm(args));
      const pipeline = await templateError(c.schema, c.set, (args) => capstanInProcess(args));
      const got = ourError(c.schema, c.set);
      if (JSON.stringify(blocks(pipeline)) !== JSON.stringify(blocks(want))) failures.push(`${c.name}:\nhelm:\n${want}\ncapstan template:\n${pipeline}`);
      if (JSON.stringify(blocks(got)) !== JSON.stringify(blocks(want))) failures.push(`${c.name}:\nhelm:\n${want}\nours:\n${got}`);
    });
    assert.equal(failures.join('\n\n'), '');
  });
});
