// The fast index reader against the general YAML reader (the oracle): on every text it reads it
// must give exactly the general reader's value, and it must give up on everything else. Indexes
// written by helm itself (`helm package` + `helm repo index`) must stay on the fast path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { GoValue } from '../gotemplate/value.js';
import { marshalYaml, marshalYamlPretty } from '../yaml/emit.js';
import { parseYaml } from '../yaml/read.js';
import { readIndexYaml } from './index-yaml.js';
import { assertFastAndEqual, show } from './index-yaml.testutil.js';
import { parseIndex } from './index-file.js';

/** The fast reader either gives up or agrees with the general reader (which must then accept the text). */
function assertAgreesOrGivesUp(text: string): boolean {
  const fast = readIndexYaml(text);
  if (fast === undefined) return false;
  let general: GoValue;
  try {
    general = parseYaml(text);
  } catch (err) {
    assert.fail(`read ${show(text)}, which the general reader refuses: ${(err as Error).message}`);
  }
  assert.deepEqual(fast, general, show(text));
  return true;
}

const ENTRY = 'apiVersion: v1\nentries:\n  web:\n  - apiVersion: v2\n    name: web\n    version: 1.0.0\n';

const IN_SUBSET: string[] = [
  ENTRY + 'generated: "2024-01-01T00:00:00Z"\n',
  // yaml.v2's folded plain scalars, quoted styles, literal block scalars with every chomping.
  ENTRY + '    description: A chart whose description is long enough that yaml.v2 folds it onto\n      the next line, and\n\n      keeps an empty line.\n',
  ENTRY + "    description: 'It''s quoted: because of the colon and a # sign, and long enough\n      to be folded'\n",
  ENTRY + '    description: "tab\\there, escapes \\\\ \\" \\u00e9 \\x41 \\U0001F600 \\N \\_ \\\' \\e \\0 and a\n      fold \\\n      joined\\ \n\n      kept"\n',
  ENTRY + '    description: |-\n      line one\n        indented two\n\n      line four\n',
  ENTRY + '    description: |\n      clip\n\n\n    home: x\n',
  ENTRY + '    description: |+\n      keep\n\n\n    home: x\n',
  ENTRY + '    description: |2-\n\n        leading empty line and extra indentation\n',
  ENTRY + '    description: |\n      no final line break',
  ENTRY + '    description: |-\n      # not a comment\n      \ttab inside\n',
  // Unicode, empty and null-like fields, scalars that resolve to other kinds.
  ENTRY + '    description: Ünïcödé 日本語 😀 ‐ text\n    home: ""\n    icon: \'\'\n    appVersion:\n    deprecated: true\n    kubeVersion: ~\n    tags: null\n',
  ENTRY + '    appVersion: 1.10\n    keywords: [yes, "no", 0x1F, 1e3, -1, .5, 2024-01-01, ~, "", \'it\']\n',
  ENTRY + '    annotations: {}\n    keywords: []\n    sources: [ https://example.com/a:b , "x, y" ]\n',
  ENTRY + '    annotations:\n      artifacthub.io/links: |\n        - name: Chart Source\n          url: https://example.com\n      "quoted/key": value # a comment\n      \'single\': "v"\n      category: database\n',
  ENTRY + '    annotations: {a: b, "c": \'d\', e: [f, g]}\n',
  // Dependencies and maintainers as yaml.v2 (indentless) and yaml.v3 (indented) write them.
  ENTRY + '    dependencies:\n    - alias: db\n      condition: db.enabled\n      import-values:\n      - child: a\n        parent: b\n      - simple\n      name: postgresql\n      repository: https://charts.example.com\n      tags:\n      - database\n      version: 12.x.x\n    maintainers:\n    - email: a@example.com\n      name: A\n    -\n      name: B\n',
  'apiVersion: v1\nentries:\n    web:\n        - apiVersion: v2\n          dependencies:\n              - name: redis\n                version: ~1.0\n          name: web\n          urls:\n              - https://example.com/web-1.0.0.tgz\n          version: 1.0.0\n',
  // Comments, blank lines, trailing spaces, keys that repeat, a quoted top-level key.
  '# An index\napiVersion: v1   \n\n# entries follow\nentries:\n  web:\n# at column 0\n  - name: web   # trailing\n    version: 1.0.0\n    version: 2.0.0\n"generated": 2024-01-01T00:00:00Z\n',
  'apiVersion: v1\nentries: {}\nserverInfo:\n  contextPath: /v1/helm\n',
  'apiVersion: v1\nentries:\n  empty:\n  broken:\n  - \n  -\n  - null\n',
  'apiVersion: v1\nentries:\n  web:\n  - "quoted": 1\n    b: -a\n',
];

const OUTSIDE_SUBSET: string[] = [
  '',
  '--- \napiVersion: v1\n',
  'apiVersion: v1\n---\napiVersion: v2\n',
  'apiVersion: v1\r\nentries: {}\r\n',
  '\ufeffapiVersion: v1\n',
  'apiVersion: &v v1\ngenerated: *v\n',
  'apiVersion: !!str v1\n',
  'base: &b {x: 1}\nentries:\n  <<: *b\n',
  'apiVersion: v1\ndescription: >\n  folded\n',
  'apiVersion: v1\nkeywords: [a,\n  b]\n',
  'apiVersion: v1\nentries:\n\tweb: []\n',
  '? complex\n: key\n',
  '- a sequence\n',
  '  indented: root\n',
  'apiVersion: v1\n  bad: indentation\n',
  'apiVersion: v1\nentries: [oops\n',
  'apiVersion: v1\nentries: {}\nkey: value: more\n',
  'apiVersion: v1\nline\u2028separator: x\n',
  'apiVersion: .inf\n',
];

test('reads the shapes real indexes use, as the general reader does', () => {
  for (const text of IN_SUBSET) assertFastAndEqual(text);
});

test('gives up outside its subset, so the general reader (and its errors) decide', () => {
  for (const text of OUTSIDE_SUBSET) assert.equal(readIndexYaml(text), undefined, show(text));
  // The corrupt-index errors are the general reader's, as before.
  const bad = (text: string): string => {
    try {
      parseIndex(new TextEncoder().encode(text), 'test');
    } catch (err) {
      return (err as Error).message;
    }
    return '';
  };
  assert.match(bad('apiVersion: v1\nentries: [oops\n'), /^error converting YAML to JSON: yaml: line \d+: did not find expected ',' or ']'$/);
  assert.equal(bad('entries: {}\n'), 'no API version specified');
});

const fragment = fc.constantFrom(
  ...Array.from('ab z09.-_:#"\'\n\t\\[]{},&*!|>%@`~?éü日😀\u00a0yYnN'),
  'word ', 'true', 'null', '1.5', ' #', ': ', '\n\n', '  ', '- ', '0x1F', '.inf', '<<', '---', '...', 'https://x.io/a',
);
const text = fc.array(fragment, { maxLength: 24 }).map((parts) => parts.join(''));
const scalar: fc.Arbitrary<GoValue> = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const value = fc.letrec<{ v: GoValue; m: GoValue; s: GoValue }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, scalar, tie('m'), tie('s')),
  m: fc.array(fc.tuple(text, tie('v')), { maxLength: 4 }).map((pairs) => new Map(pairs)),
  s: fc.array(tie('v'), { maxLength: 4 }),
})).v;
const fieldName = fc.constantFrom('name', 'version', 'description', 'annotations', 'keywords', 'maintainers', 'dependencies', 'urls');
const chartVersion = fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fieldName }, { weight: 1, arbitrary: text }), value), { maxLength: 6 }).map((pairs) => new Map(pairs));
const indexDocument = fc
  .tuple(fc.dictionary(fc.oneof(fc.constantFrom('web', 'db'), text), fc.array(chartVersion, { maxLength: 3 }), { maxKeys: 3 }), value)
  .map(([entries, extra]) => new Map<string, GoValue>([['apiVersion', 'v1'], ['entries', new Map(Object.entries(entries))], ['extra', extra]]));
const edit = fc.tuple(fc.nat(), fc.constantFrom(' ', ':', '#', '"', "'", '\n', '\t', '-', '[', '{', '|', '\\', ' #', ': ', '- ', '\n  ', 'x', ''), fc.boolean());

test('agrees with the general reader on yaml.v2 and yaml.v3 output of random indexes, and on broken variants', () => {
  let fast = 0;
  fc.assert(
    fc.property(indexDocument, fc.boolean(), fc.array(edit, { maxLength: 3 }), (doc, v3, edits) => {
      let yaml = v3 ? marshalYamlPretty(doc) : marshalYaml(doc);
      if (assertAgreesOrGivesUp(yaml)) fast++;
      for (const [at, insert, removeOne] of edits) {
        const p = at % (yaml.length + 1);
        yaml = yaml.slice(0, p) + insert + yaml.slice(removeOne ? p + 1 : p);
      }
      assertAgreesOrGivesUp(yaml);
    }),
    { numRuns: 600 },
  );
  // Random keys often need what the reader leaves alone (complex `? ` keys, mostly), but the fast
  // path must still be the one taken for a good share of the documents.
  assert.ok(fast > 150, `only ${fast} of 600 read fast`);
});
