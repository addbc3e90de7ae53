// Property test: generated templates (literals, if/else, range, and/or/not, pipelines with printf)
// rendered by helm 4.1.4 in one batch must match Capstan's whole pipeline and TemplateSet's output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromJS } from '../../../src/gotemplate/value.js';
import { renderSnippets } from '../../support/snippets.js';
import { comparable, templateSetRender } from '../../support/template-set.js';

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
const scalar = fc.oneof(fc.integer({ min: -1000, max: 100000 }), fc.double({ min: -1e7, max: 1e7, noNaN: true, noDefaultInfinity: true }), word, fc.boolean(), fc.constant(null));

const valuesArb = fc.record({
  s: word,
  i: fc.integer({ min: -5, max: 5 }),
  f: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  b: fc.boolean(),
  list: fc.array(scalar, { maxLength: 5 }),
  map: fc.dictionary(word, scalar, { maxKeys: 5 }),
});

// Through $ so that references stay valid inside range and with, where dot changes.
const ref = fc.constantFrom('$.Values.s', '$.Values.i', '$.Values.f', '$.Values.b', '$.Values.list', '$.Values.map', '$.Values.none', '.');
const literal = fc.oneof(
  fc.integer({ min: -99, max: 999 }).map(String),
  word.map((w) => `"${w}"`),
  fc.constantFrom('true', 'false', '1.5', '0x10', '1e3', "'a'"),
);
const operand: fc.Arbitrary<string> = fc.oneof(ref, literal);

const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small' },
    operand,
    fc.tuple(fc.constantFrom('and', 'or'), tie('e'), tie('e')).map(([f, a, b]) => `(${f} ${a} ${b})`),
    tie('e').map((a) => `(not ${a})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(printf "%v/%v" ${a} ${b})`),
    tie('e').map((a) => `(${a} | printf "<%v>")`),
    tie('e').map((a) => `(print ${a} "x")`),
  ),
})).e;

const body: fc.Arbitrary<string> = fc.letrec<{ b: string }>((tie) => ({
  b: fc.oneof(
    { depthSize: 'small' },
    word,
    expr.map((e) => `{{ ${e} }}`),
    fc.tuple(expr, tie('b'), tie('b')).map(([c, a, b]) => `{{ if ${c} }}${a}{{ else }}${b}{{ end }}`),
    fc.tuple(fc.constantFrom('$.Values.list', '$.Values.map'), tie('b')).map(([r, b]) => `{{ range $k, $v := ${r} }}[{{ $k }}:{{ $v }}]${b}{{ else }}none{{ end }}`),
    fc.tuple(fc.integer({ min: 0, max: 3 }), tie('b')).map(([n, b]) => `{{ range ${n} }}{{ . }}${b}{{ end }}`),
    fc.tuple(expr, tie('b')).map(([e, b]) => `{{ with ${e} }}({{ . }})${b}{{ end }}`),
    fc.tuple(tie('b'), tie('b')).map(([a, b]) => `${a} {{- " " -}} ${b}`),
  ),
})).b;

test('generated templates render as helm renders them', { timeout: 300_000 }, async () => {
  const seed = Date.now() % 1_000_000;
  const [values] = fc.sample(valuesArb, { numRuns: 1, seed });
  const templates = fc.sample(body, { numRuns: 200, seed });
  // Dot starts as a values string: printing the whole data would show helm's other objects.
  const cases = templates.map((t, i): [string, string] => [`p${i}`, `[{{ with $.Values.s }}${t}{{ end }}]`]);
  const valuesYaml = JSON.stringify(values);
  const rendered = await renderSnippets(cases.map(([name, template]) => ({ name, template })), valuesYaml);
  const expected = new Map([...rendered].map(([name, r]) => [name, r.helm]));
  const pipeline = new Map([...rendered].map(([name, r]) => [name, r.capstan]));
  const actual = templateSetRender(cases, fromJS(JSON.parse(valuesYaml)));
  assert.ok([...expected.values()].every((o) => 'output' in o && o.output.startsWith('[')), 'helm rendered every case');
  const mismatches = cases
    .filter(([name]) => {
      const want = JSON.stringify(comparable(expected.get(name)));
      return JSON.stringify(comparable(pipeline.get(name))) !== want || JSON.stringify(comparable(actual.get(name))) !== want;
    })
    .map(([name, t]) => `${t}\n  helm:        ${JSON.stringify(expected.get(name))}\n  capstan:     ${JSON.stringify(pipeline.get(name))}\n  TemplateSet: ${JSON.stringify(actual.get(name))}`);
  assert.equal(mismatches.length, 0, `seed ${seed}, values ${valuesYaml}:\n${mismatches.slice(0, 10).join('\n')}`);
});
