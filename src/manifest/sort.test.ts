import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortByKind, sortManifests, INSTALL_ORDER } from './sort.js';

test('manifests are sorted by install order, unknown kinds last and alphabetical, stable otherwise', () => {
  const files = new Map([
    ['c/templates/a.yaml', 'kind: Service\nmetadata:\n  name: s\n---\nkind: ConfigMap\n---\nkind: Zeta\n---\nkind: Alpha\n---\nkind: Service\nmetadata:\n  name: s2\n'],
    ['c/templates/b.yaml', 'kind: Secret\n'],
    ['c/templates/_helpers.tpl', 'kind: Namespace\n'],
    ['c/templates/empty.yaml', '\n  \n'],
  ]);
  const { manifests, hooks } = sortManifests(files);
  assert.deepEqual(
    manifests.map((m) => [m.name, m.head.kind, m.head.metadata?.name ?? '']),
    [
      ['c/templates/b.yaml', 'Secret', ''],
      ['c/templates/a.yaml', 'ConfigMap', ''],
      ['c/templates/a.yaml', 'Service', 's'],
      ['c/templates/a.yaml', 'Service', 's2'],
      ['c/templates/a.yaml', 'Alpha', ''],
      ['c/templates/a.yaml', 'Zeta', ''],
    ],
  );
  assert.equal(hooks.length, 0);
});

test('webhook configurations come after APIService (helm 4)', () => {
  const kinds = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'Unknown', 'Deployment'];
  assert.deepEqual(sortByKind(kinds, (k) => k, INSTALL_ORDER), ['Deployment', 'APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'Unknown']);
});

test('hooks: events, weight, policies; an unknown event drops the document with an INFO line', () => {
  const files = new Map([
    [
      'c/templates/hook.yaml',
      'kind: Job\nmetadata:\n  name: h1\n  annotations:\n    helm.sh/hook: post-install, Pre-Install\n    helm.sh/hook-weight: "-5"\n    helm.sh/hook-delete-policy: before-hook-creation,Hook-Succeeded\n',
    ],
    ['c/templates/test.yaml', 'kind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test-success\n    helm.sh/hook-weight: x\n'],
    ['c/templates/unknown.yaml', 'kind: Pod\nmetadata:\n  name: u\n  annotations:\n    helm.sh/hook: bogus\n'],
    ['c/templates/plain.yaml', 'kind: Pod\nmetadata:\n  name: p\n  annotations:\n    other: x\n'],
  ]);
  const logs: string[] = [];
  const { manifests, hooks } = sortManifests(files, INSTALL_ORDER, (l) => logs.push(l));
  assert.deepEqual(manifests.map((m) => m.head.metadata?.name), ['p']);
  assert.deepEqual(
    hooks.map((h) => [h.name, h.kind, h.events, h.weight, h.deletePolicies]),
    [
      ['t', 'Pod', ['test'], 0, []],
      ['h1', 'Job', ['post-install', 'pre-install'], -5, ['before-hook-creation', 'hook-succeeded']],
    ],
  );
  assert.deepEqual(logs, ['level=INFO msg="skipping unknown hooks" hookTypes=bogus']);
});

test('scalars for string fields become strings; wrong shapes are encoding/json errors', () => {
  const ok = sortManifests(new Map([['c/templates/a.yaml', 'kind: 1\nmetadata:\n  annotations:\n    helm.sh/hook: test\n    helm.sh/hook-weight: 3\n']]));
  assert.equal(ok.hooks[0].kind, '1');
  assert.equal(ok.hooks[0].weight, 3);
  const cases: [string, string][] = [
    ['- a\n', 'json: cannot unmarshal array into Go value of type util.SimpleHead'],
    ['just text\n', 'json: cannot unmarshal string into Go value of type util.SimpleHead'],
    [
      'metadata: 1\n',
      'json: cannot unmarshal number into Go struct field SimpleHead.metadata of type struct { Name string "json:\\"name\\""; Annotations map[string]string "json:\\"annotations\\"" }',
    ],
    ['metadata:\n  annotations:\n    a: [1]\n', 'json: cannot unmarshal array into Go struct field .metadata.annotations of type string'],
    ['metadata:\n  name: [1]\n', 'json: cannot unmarshal array into Go struct field .metadata.name of type string'],
  ];
  for (const [doc, message] of cases) {
    assert.throws(
      () => sortManifests(new Map([['c/templates/a.yaml', doc]])),
      { message: `YAML parse error on c/templates/a.yaml: error unmarshaling JSON: while decoding JSON: ${message}` },
      doc,
    );
  }
  assert.throws(() => sortManifests(new Map([['c/templates/a.yaml', 'a: b: c\n']])), {
    message: 'YAML parse error on c/templates/a.yaml: error converting YAML to JSON: yaml: mapping values are not allowed in this context',
  });
});
