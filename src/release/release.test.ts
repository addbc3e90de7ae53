import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { GoInt, type GoValue } from '../gotemplate/value.js';
import { decodeRelease, decodeReleaseJson, encodeRelease } from './codec.js';
import { ZERO_TIME } from '../funcs/gotime.js';
import { formatRecordTime, parseRecordTime, releaseFromJson, releaseToJson, type Release } from './release.js';

test('record times: RFC3339Nano as Go writes it (trailing zeros dropped, Z for UTC, offsets kept)', () => {
  const again = (text: string) => formatRecordTime(parseRecordTime(text));
  assert.equal(again('2026-11-23T15:57:47.182280981Z'), '2026-11-23T15:57:47.182280981Z');
  assert.equal(again('2026-11-23T15:57:47.500000000Z'), '2026-11-23T15:57:47.5Z');
  assert.equal(again('2026-11-23T15:57:47.000Z'), '2026-11-23T15:57:47Z');
  assert.equal(again('2025-01-02T03:04:05.12+01:00'), '2025-01-02T03:04:05.12+01:00');
  assert.equal(formatRecordTime(ZERO_TIME), '0001-01-01T00:00:00Z');
  assert.throws(() => parseRecordTime('yesterday'), /cannot parse "yesterday"/);
});

function sampleRelease(): Release {
  const t = parseRecordTime('2026-01-02T03:04:05.123456789Z');
  return {
    name: 'rel',
    info: { firstDeployed: t, lastDeployed: t, deleted: ZERO_TIME, description: 'Install <complete>', status: 'deployed', notes: '' },
    chart: {
      metadata: { name: 'c', version: '1.0.0', apiVersion: 'v2', annotations: { b: '2', a: '1' }, dependencies: [{ name: 'd', repository: '', enabled: true }] },
      lock: null,
      templates: [{ name: 'templates/a.yaml', data: new TextEncoder().encode('a: 1\n'), modTime: t }],
      values: new Map<string, GoValue>([['z', 1], ['a', new Map([['y', true]])]]),
      schema: null,
      schemaModTime: ZERO_TIME,
      files: null,
      modTime: t,
    },
    config: new Map([['n', new GoInt(12345678901234n, 'int64')]]),
    manifest: '---\na: 1\n',
    hooks: [
      {
        name: 'h',
        kind: 'Job',
        path: 'c/templates/h.yaml',
        manifest: 'x',
        events: ['pre-install'],
        lastRun: { startedAt: ZERO_TIME, completedAt: ZERO_TIME, phase: '' },
        weight: 0,
        deletePolicies: [],
        outputLogPolicies: [],
      },
    ],
    version: 1,
    namespace: 'ns',
    applyMethod: 'ssa',
    labels: {},
  };
}

const SAMPLE_JSON =
  '{"name":"rel","info":{"first_deployed":"2026-01-02T03:04:05.123456789Z","last_deployed":"2026-01-02T03:04:05.123456789Z","description":"Install \\u003ccomplete\\u003e","status":"deployed"},' +
  '"chart":{"metadata":{"name":"c","version":"1.0.0","apiVersion":"v2","annotations":{"a":"1","b":"2"},"dependencies":[{"name":"d","repository":"","enabled":true}]},"lock":null,' +
  '"templates":[{"name":"templates/a.yaml","data":"YTogMQo=","modtime":"2026-01-02T03:04:05.123456789Z"}],"values":{"a":{"y":true},"z":1},"schema":null,' +
  '"schemamodtime":"0001-01-01T00:00:00Z","files":null,"modtime":"2026-01-02T03:04:05.123456789Z"},' +
  '"config":{"n":12345678901234},"manifest":"---\\na: 1\\n","hooks":[{"name":"h","kind":"Job","path":"c/templates/h.yaml","manifest":"x","events":["pre-install"],"last_run":{"phase":""}}],' +
  '"version":1,"namespace":"ns","apply_method":"ssa"}';

test('release JSON: Go struct field order, omitempty and omitzero as helm 4 writes them', () => {
  assert.equal(releaseToJson(sampleRelease()), SAMPLE_JSON);
  assert.equal(releaseToJson(releaseFromJson(SAMPLE_JSON)), SAMPLE_JSON);
});

test('helm 3 records: "" times are zero times, no apply_method; helm 4 writes them back without them', () => {
  const helm3 =
    '{"name":"r","info":{"first_deployed":"2026-01-02T03:04:05Z","last_deployed":"2026-01-02T03:04:05Z","deleted":"","status":"deployed"},' +
    '"hooks":[{"name":"t","last_run":{"started_at":"","completed_at":"","phase":""}}],"version":2}';
  const r = releaseFromJson(helm3);
  assert.ok(r.info?.deleted.isZero());
  assert.equal(r.applyMethod, '');
  assert.equal(
    releaseToJson(r),
    '{"name":"r","info":{"first_deployed":"2026-01-02T03:04:05Z","last_deployed":"2026-01-02T03:04:05Z","status":"deployed"},"hooks":[{"name":"t","last_run":{"phase":""}}],"version":2}',
  );
});

test('codec: base64(gzip(JSON)) at best compression with Go\'s header, decoded back', () => {
  const encoded = encodeRelease(sampleRelease());
  const gz = Buffer.from(encoded, 'base64');
  assert.deepEqual([...gz.subarray(0, 10)], [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0x02, 0xff]);
  assert.equal(gunzipSync(gz).toString(), SAMPLE_JSON);
  assert.equal(releaseToJson(decodeRelease(encoded)), SAMPLE_JSON);
});

test('codec: legacy records (base64 of plain JSON) and plain JSON decode too', () => {
  assert.equal(decodeReleaseJson(Buffer.from(SAMPLE_JSON).toString('base64')), SAMPLE_JSON);
  assert.equal(decodeReleaseJson(SAMPLE_JSON), SAMPLE_JSON);
  assert.equal(decodeRelease(Buffer.from(SAMPLE_JSON).toString('base64')).name, 'rel');
});
