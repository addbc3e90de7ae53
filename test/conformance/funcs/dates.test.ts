// The date family against helm 4.1.4 (TZ=UTC on both sides, as helmEnv sets it): layouts,
// parsing, zones, durations. Functions depending on "now" are checked by shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goInt, GoInt, type GoFunction, type GoValue } from '../../../src/gotemplate/value.js';
import { dateFuncs } from '../../../src/funcs/dates.js';
import { GoTime } from '../../../src/funcs/gotime.js';
import { helmOutputs, quote } from '../../support/functions.js';

process.env.TZ ??= 'UTC';
const fn = (name: string): GoFunction => dateFuncs.find((f) => f.name === name)!;
const call = (name: string, ...args: GoValue[]): GoValue => fn(name).call(...args);
const text = (v: GoValue): string => (v instanceof GoTime ? v.goString() : String(v));
/** Runs `value` through our functions and returns the error text when it throws. */
const attempt = (f: () => GoValue): string => {
  try {
    return text(f());
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
};

const LAYOUTS = [
  'Mon Jan 2 15:04:05 MST 2006', 'Monday, 02-Jan-06 15:04:05 MST', '2006-01-02T15:04:05Z07:00', '2006-01-02T15:04:05.999999999Z07:00',
  '02 Jan 06 15:04 -0700', 'Jan _2 15:04:05.000000', '3:04PM', '03:04:05 pm', '2006-01-02 15:04:05.000 -07:00:00', '002 __2 .9 ,000 .99',
  'January 1 2 06 01 02', 'Z07 Z0700 Z070000 -07 -070000', '20060102150405', 'Janet Month', '_2006 2006_', '15h04m05s.0',
];
const INSTANTS = ['2024-02-29T13:04:05.123456789+05:30', '1999-12-31T23:59:59Z', '2009-11-10T23:00:00.5-08:00', '0001-01-01T00:00:00Z'];

test('date formats fixed times like helm', async () => {
  const templates: Record<string, string> = {};
  INSTANTS.forEach((instant, i) => {
    const t = `(toDate "2006-01-02T15:04:05Z07:00" ${quote(instant)})`;
    templates[`i${i}.txt`] = [
      ...LAYOUTS.map((l) => `{{ ${t} | date ${quote(l)} }}`),
      ...['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Nowhere/Zone', 'Local'].map(
        (z) => `{{ dateInZone "2006-01-02 15:04:05 MST -07:00" ${t} ${quote(z)} }}`,
      ),
      `{{ ${t} }}`, `{{ ${t} | htmlDate }}`, `{{ htmlDateInZone ${t} "Asia/Tokyo" }}`, `{{ ${t} | unixEpoch }}`,
      `{{ ${t} | dateModify "-1.5h" }}`, `{{ ${t} | date_modify "bogus" }}`, `{{ ${t} | dateModify "1h2m3s4ms5us6ns" }}`,
    ].join('\n');
  });
  templates['ints.txt'] = '{{ date "2006-01-02 15:04:05" 0 }}\n{{ date "2006-01-02" (int64 86400) }}\n{{ htmlDate 1700000000 }}';
  const helm = await helmOutputs(templates);
  INSTANTS.forEach((instant, i) => {
    const t = call('toDate', '2006-01-02T15:04:05Z07:00', instant);
    const ours = [
      ...LAYOUTS.map((l) => call('date', l, t)),
      ...['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Nowhere/Zone', 'Local'].map((z) =>
        call('dateInZone', '2006-01-02 15:04:05 MST -07:00', t, z),
      ),
      t, call('htmlDate', t), call('htmlDateInZone', t, 'Asia/Tokyo'), call('unixEpoch', t),
      call('dateModify', '-1.5h', t), call('date_modify', 'bogus', t), call('dateModify', '1h2m3s4ms5us6ns', t),
    ].map(text);
    assert.deepEqual(ours, (helm.get(`i${i}.txt`) as { output: string }).output.split('\n'), instant);
  });
  const ints = [call('date', '2006-01-02 15:04:05', goInt(0)), call('date', '2006-01-02', new GoInt(86400n, 'int64')), call('htmlDate', goInt(1700000000))];
  assert.deepEqual(ints.map(text), (helm.get('ints.txt') as { output: string }).output.split('\n'));
});

test('toDate/mustToDate parse like helm, errors included', async () => {
  const cases: [string, string][] = [
    ['2006-01-02', '2017-12-31'], ['2006-01-02', '2017-2-31'], ['2006-01-02', '2017-02-30'], ['2006-1-2', '2017-2-3'],
    ['02/01/2006 15:04', '31/12/2019 23:59'], ['2006-01-02 15:04:05', '2019-01-01 25:00:00'], ['Jan 2, 2006 at 3:04pm (MST)', 'Feb 3, 2013 at 7:54pm (PST)'],
    ['Jan 2, 2006 at 3:04pm (MST)', 'feb 3, 2013 at 7:54PM (UTC)'], ['2006-01-02T15:04:05Z07:00', '2020-05-06T07:08:09.123+02:00'],
    ['2006-01-02T15:04:05Z07:00', '2020-05-06T07:08:09Z'], ['2006-01-02 15:04:05', '2020-05-06 07:08:09.987654321'], ['2006-01-02', '2020-05-06 extra'],
    ['2006-002', '2020-060'], ['2006-002', '2021-366'], ['Monday 2006', 'Tuesday 2020'], ['06 Jan', '70 Mar'], ['15:04 MST', '10:00 GMT+3'],
    ['2006-01-02 -0700', '2020-01-01 +0530'], ['2006-01-02 .000', '2020-01-01 .12'], ['_2 Jan', ' 5 Feb'], ['2006', 'abcd'], ['', ''], ['2006', ''],
    ['2006-01-02 MST', '2020-07-01 CEST'],
  ];
  const template = (f: string) => cases.map(([l, v]) => `{{ ${f} ${quote(l)} ${quote(v)} }}`).join('\n');
  const mustCases = Object.fromEntries(cases.map(([l, v], i) => [`m${i}.txt`, `{{ mustToDate ${quote(l)} ${quote(v)} | date "2006-01-02T15:04:05.999999999 MST -07:00" }}`]));
  const helm = await helmOutputs({ 'to.txt': template('toDate'), ...mustCases });
  const ours = cases.map(([l, v]) => text(call('toDate', l, v)));
  assert.deepEqual(ours, (helm.get('to.txt') as { output: string }).output.split('\n'));
  cases.forEach(([l, v], i) => {
    const h = helm.get(`m${i}.txt`)!;
    const mine = attempt(() => call('date', '2006-01-02T15:04:05.999999999 MST -07:00', call('mustToDate', l, v)));
    const expected = 'output' in h ? h.output : `error: ${h.error.slice(h.error.indexOf('error calling mustToDate: ') + 26)}`;
    assert.equal(mine, expected, `${l} / ${v}`);
  });
});

test('duration, durationRound, mustDateModify errors match helm', async () => {
  const durations = ['"95"', '95', '(int64 95)', '"-3600"', '"abc"', '(int64 90061)', '"99999999999999999999"', '1.5'];
  const rounds = ['"2h30m"', '"-26h"', '"bogus"', '3600', '(int64 100000000)', '3.7', '"1s"', '"1.5s"', '"61s"', '"744h"', '"8761h"', 'true', '"2562047h"'];
  const modifies = ['"bogus"', '"1x"', '"1"', '"."', '"-"', '""', '"+5m"', '"9223372036854775807ns"', '"9223372036854775808ns"'];
  const helm = await helmOutputs({
    'dur.txt': durations.map((d) => `{{ duration ${d} }}`).join('\n'),
    'round.txt': rounds.map((d) => `{{ durationRound ${d} }}`).join('\n'),
    ...Object.fromEntries(modifies.map((m, i) => [`mod${i}.txt`, `{{ toDate "2006" "2020" | mustDateModify ${m} | date "2006-01-02 15:04:05.000000000" }}`])),
  });
  const arg = (s: string): GoValue =>
    s.startsWith('"') ? (JSON.parse(s) as string) : s.startsWith('(int64') ? new GoInt(BigInt(s.slice(7, -1)), 'int64') : s === 'true' ? true : s.includes('.') ? Number(s) : goInt(Number(s));
  assert.deepEqual(durations.map((d) => text(call('duration', arg(d)))), (helm.get('dur.txt') as { output: string }).output.split('\n'));
  assert.deepEqual(rounds.map((d) => text(call('durationRound', arg(d)))), (helm.get('round.txt') as { output: string }).output.split('\n'));
  modifies.forEach((m, i) => {
    const h = helm.get(`mod${i}.txt`)!;
    const mine = attempt(() => call('date', '2006-01-02 15:04:05.000000000', call('mustDateModify', arg(m), call('toDate', '2006', '2020'))));
    const expected = 'output' in h ? h.output : `error: ${h.error.slice(h.error.indexOf('error calling mustDateModify: ') + 30)}`;
    assert.equal(mine, expected, m);
  });
});

test('now, ago and durationRound of a time have Go’s shape', async () => {
  const helm = await helmOutputs({ 'now.txt': '{{ now }}|{{ ago now }}|{{ now | durationRound }}|{{ now | date "MST" }}|{{ now | unixEpoch }}' }, '', ['now.txt']);
  const shape = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC m=\+\d+\.\d{9}\|0s\|0s\|UTC\|\d+$/;
  assert.match((helm.get('now.txt') as { output: string }).output, shape);
  assert.match((helm.capstan.get('now.txt') as { output: string }).output, shape);
  const now = call('now') as GoTime;
  assert.match([text(now), call('ago', now), call('durationRound', now), call('date', 'MST', now), call('unixEpoch', now)].join('|'), shape);
  assert.ok(Math.abs(Number(call('unixEpoch', now)) - Date.now() / 1000) < 5);
});
