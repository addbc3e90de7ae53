import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { Chart } from '../../../src/chart/chart.js';
import { coalesceValues } from '../../../src/values/coalesce.js';
import { nodeValuesIO, readValues, type ValuesOptions } from '../../../src/values/options.js';
import { mapLimit } from '../../support/capstan.js';
import { renderValues, typedGo, type HelmValuesResult } from '../../support/values.js';

type Flag = 'set' | 'set-string' | 'set-json' | 'set-literal' | 'set-file';

const nest = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`).join('.') + '=v';

const SET = [
  'a=b', 'a=1', 'a=0', 'a=-1', 'a=+5', 'a=-0', 'a=007', 'a=00', 'a=1.5', 'a=1e3', 'a=1_000', 'a=0x10', 'a=-', 'a=١',
  'a=9223372036854775807', 'a=9223372036854775808', 'a=-9223372036854775808', 'a=-9223372036854775809',
  'a=true', 'a=TRUE', 'a=False', 'a=tRuE', 'a=falſe', 'a=null', 'a=NULL', 'a=nil', 'a=', 'a=1 ', 'a= b', ' a=b', 'a =b',
  'a=b,c=d', 'a=1,b=2,c=3', 'a.b=c', 'a.b.c=d', 'a.b=1,a.c=2', 'a.b[0]=1,a.b[2]=2',
  'a[0]=x', 'a[2]=x', 'a[0]=x,a[1]=y', 'a[1]=y,a[0]=x', 'a[0].b=1', 'a[0].b=1,a[0].c=2', 'a[1].b=1', 'a[0].b[1].c=x',
  'a[0][0]=1', 'a[0][1]=1,a[0][0]=2', 'a[0][0]=1,a[0].b=2', 'a[0]={1,2}', 'a[0]={a,b}', 'a[0]=', 'a[0]={1,2',
  'a={1,2,3}', 'a={}', 'a={a,b},c=d', 'a={1,{2}', 'a={x}y', 'a={ 1 , 2 }', 'a={b,c', 'a={true,null,7,x}',
  'a=b\\,c', 'a\\.b=c', 'a=b\\=c', 'a\\[0\\]=c', 'a=x=y', 'a=b c', 'a=\\', 'a=b\\', 'a\\', 'name=value1\\,value2',
  'a=b,', 'a=b,,c=d', ',a=b', 'a', 'a.b', 'a.', '.a=1', 'a..b=1', '=1', 'a.b.c', 'a=1,b',
  'a[0]', 'a[0]x=1', 'a[0]xy=1', 'a[x]=1', 'a[]=1', 'a[-1]=1', 'a[65536]=1', 'a[65537]=1', 'a[99999999999999999999]=1',
  'a[ 1]=1', 'a[+1]=1', 'a[0', 'a[0][0', 'a[0]a[1]=2',
  'a.b=1,a[0]=2', 'a[0]=1,a.b=2', 'a=1,a.b=2', 'a=x,a[0]=1', 'a=null,a.b=1', 'a=null,a[0]=1', 'a[0]=1,a[0][0]=2',
  'a[0]=1,a[0].b=2', 'a[0]=null,a[0][1]=2', 'a[0].b=1,a[0][0]=2',
  'a=é', 'ключ=значение', 'a=😀', 'a=\t', 'a="q"', "a='q'",
  nest(30), nest(31), nest(32), 'a.b=1,a.b.c=2', 'a.b.c=2,a.b=1',
];

const SET_STRING = [
  'a=1', 'a=true', 'a=null', 'a=', 'a={1,true}', 'a.b[1]=007', 'a=1.5', 'a=b\\,c', 'a', 'a[0]=x', 'a[0].b=null',
  'a=0', 'a=-3', 'a.b=1,a[0]=2',
];

const SET_JSON = [
  'a=1', 'a=1.5', 'a=1e21', 'a=12345678', 'a="x"', 'a=null', 'a=', 'a= ', 'a=true', 'a=[1,2]', 'a={"b":{"c":[1,null]}}',
  'a=[1,2],b=3', 'a={"b":1}c=2', 'a=1x', 'a=tru', 'a="unterminated', 'a={"b":1', '{"a":1,"b":{"c":2}}', ' {"a":1}',
  '{"a":1} x', '{bad}', 'a[0]=1', 'a[1]={"x":1}', 'a.b="x"', 'a="<&>"', 'a= ,b=1 , c="x"', 'a=-', 'a=01', 'a=1e400',
  'a="\\u00e9"', 'a=1.', 'a=-0', 'a={}', 'a=[]', 'a.b[0]=[[]]', 'a=1,', 'a',
];

const SET_LITERAL = [
  'a=b,c=d', 'a=1', 'a=true', 'a=', 'a.b=x', 'a[0]=x,y', 'a\\.b=c', 'a={1,2}', 'a', 'a[0].b=1', 'a=null', 'a.b[1]=x',
  'a[0][1]=x', 'a=b\\,c', 'a[x]=1', 'a[0]x=1',
];

const SET_FILE = ['a=f1.txt', 'a=f1.txt,b=f2.txt', 'a={f1.txt,f2.txt}', 'a=missing.txt', 'a[0]=f1.txt', 'a.b=f2.txt', 'a=', 'a=bom.txt', 'a=dir'];

const FILES: Record<string, string> = { 'f1.txt': 'one\n', 'f2.txt': 'two: 2\n', 'bom.txt': '\ufeffbom' };

const OPTION: Record<Flag, keyof ValuesOptions> = {
  set: 'values',
  'set-string': 'stringValues',
  'set-json': 'jsonValues',
  'set-literal': 'literalValues',
  'set-file': 'fileValues',
};

/** Our result for a sequence of flags, as helm's typed dump would show it. */
function ours(flags: [Flag, string][], cwd: string, valueFiles: string[] = []): HelmValuesResult {
  const options: ValuesOptions = { valueFiles };
  for (const [flag, expr] of flags) (options[OPTION[flag]] ??= []).push(expr);
  const io = { ...nodeValuesIO, readFile: (p: string) => nodeValuesIO.readFile(p.startsWith('/') ? p : join(cwd, p)) };
  try {
    const values = coalesceValues(new Chart({ name: 'dump', version: '0.1.0', apiVersion: 'v2' }), readValues(options, io));
    return { values: typedGo(values) };
  } catch (e) {
    // Relative paths are reported as given, as helm (running in cwd) reports them.
    return { error: (e as Error).message.replaceAll(cwd + '/', '') };
  }
}

describe('strvals against helm 4.1.4', () => {
  let cwd = '';
  before(() => {
    cwd = mkdtempSync(join(tmpdir(), 'capstan-strvals-'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(cwd, name), text);
    mkdirSync(join(cwd, 'dir'));
  });
  after(() => rmSync(cwd, { recursive: true, force: true }));

  it(`matches helm on ${SET.length + SET_STRING.length + SET_JSON.length + SET_LITERAL.length + SET_FILE.length} expressions`, async () => {
    const cases: [Flag, string][] = [
      ...SET.map((e): [Flag, string] => ['set', e]),
      ...SET_STRING.map((e): [Flag, string] => ['set-string', e]),
      ...SET_JSON.map((e): [Flag, string] => ['set-json', e]),
      ...SET_LITERAL.map((e): [Flag, string] => ['set-literal', e]),
      ...SET_FILE.map((e): [Flag, string] => ['set-file', e]),
    ];
    const failures: string[] = [];
    await mapLimit(cases, 2, async ([flag, expr]) => {
      const { helm: want, capstan: pipeline } = await renderValues([`--${flag}`, expr], {}, cwd);
      const got = ours([[flag, expr]], cwd);
      try {
        assert.deepStrictEqual(pipeline, want);
        assert.deepStrictEqual(got, want);
      } catch {
        failures.push(`--${flag} ${JSON.stringify(expr)}: helm ${show(want)} capstan template ${show(pipeline)} direct ${show(got)}`);
      }
    });
    assert.deepEqual(failures, []);
  });

  it('matches helm on random --set expressions (fast-check, 15 runs of 10 flags)', async () => {
    const key = fc.constantFrom('a', 'b', 'x.y', 'a\\.b', 'k\\,1', 'n\\=m', 'a\\[0\\]', 'é');
    const index = fc.oneof(fc.integer({ min: 0, max: 4 }).map((i) => `[${i}]`), fc.constant('[0][1]'));
    const path = fc.array(fc.tuple(key, fc.option(index, { nil: '' })), { minLength: 1, maxLength: 3 }).map((parts) => parts.map(([k, i]) => k + i).join('.'));
    const scalar = fc.oneof(
      fc.constantFrom('true', 'FALSE', 'null', '0', '007', '-12', '1.5', '', 'x\\,y', 'a b', 'x=y', '9223372036854775807', '99999999999999999999'),
      fc.integer({ min: -1000, max: 1000 }).map(String),
      fc.stringMatching(/^[a-z0-9 ]{0,6}$/),
    );
    const value = fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }).map((items) => `{${items.join(',')}}`) });
    const assignment = fc.tuple(path, value).map(([p, v]) => `${p}=${v}`);
    const expression = fc.array(assignment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(','));
    const flag = fc.constantFrom<Flag>('set', 'set', 'set', 'set-string', 'set-literal');
    // Each flag of a batch writes under its own top-level key, so that batches mostly render.
    const batches = fc
      .sample(fc.array(fc.tuple(flag, expression), { minLength: 10, maxLength: 10 }), { numRuns: 15, seed: 4141 })
      .map((batch) => batch.map(([f, e], i): [Flag, string] => [f, e.split(/(?<!\\),/).map((part) => (part.includes('=') ? `p${i}.${part}` : part)).join(',')]));
    const failures: string[] = [];
    let succeeded = 0;
    await mapLimit(batches, 2, async (batch) => {
      const { helm: want, capstan: pipeline } = await renderValues(batch.flatMap(([f, e]) => [`--${f}`, e]), {}, cwd);
      if ('values' in want) succeeded++;
      const got = ours(batch, cwd);
      try {
        assert.deepStrictEqual(pipeline, want);
        assert.deepStrictEqual(got, want);
      } catch {
        failures.push(`${batch.map(([f, e]) => `--${f} ${JSON.stringify(e)}`).join(' ')}: helm ${show(want)} capstan template ${show(pipeline)} direct ${show(got)}`);
      }
    });
    assert.deepEqual(failures, []);
    assert.ok(succeeded >= 3, `only ${succeeded} generated batches rendered; the generator mostly produces errors`);
  });

  it('merges -f files and every --set flag in helm order', async () => {
    writeFileSync(join(cwd, 'v1.yaml'), 'a: file1\nm: {x: 1, y: 1}\n---\nm: {z: 1}\nl: [1]\n');
    writeFileSync(join(cwd, 'v2.yaml'), 'b: file2\nm: {y: 2}\n');
    const args: [string, string][] = [
      ['-f', 'v1.yaml'], ['-f', 'v2.yaml'], ['--set-literal', 'e=lit,x'], ['--set-file', 'd=f1.txt'], ['--set-string', 'c=7,d=s'],
      ['--set', 'b=set,c=8,e=9'], ['--set-json', 'a="json",m={"w":null}'], ['--set-json', '{"l":[2],"m":{"x":3}}'],
    ];
    const { helm: want, capstan: pipeline } = await renderValues(args.flat(), {}, cwd);
    const options: ValuesOptions = { valueFiles: ['v1.yaml', 'v2.yaml'], jsonValues: ['a="json",m={"w":null}', '{"l":[2],"m":{"x":3}}'], values: ['b=set,c=8,e=9'], stringValues: ['c=7,d=s'], fileValues: ['d=f1.txt'], literalValues: ['e=lit,x'] };
    assert.deepStrictEqual(pipeline, want);
    const io = { ...nodeValuesIO, readFile: (p: string) => nodeValuesIO.readFile(join(cwd, p)) };
    const chart = new Chart({ name: 'dump', version: '0.1.0', apiVersion: 'v2' });
    assert.deepStrictEqual({ values: typedGo(coalesceValues(chart, readValues(options, io))) }, want);
  });

  it('names the values file in parse errors', async () => {
    const files: Record<string, string> = { 'bad1.yaml': 'a: 1\n---foo\n', 'bad2.yaml': '- 1\n', 'bad4.yaml': 'x\n' };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
    const failures: string[] = [];
    await mapLimit(Object.keys(files), 2, async (name) => {
      const { helm: want, capstan: pipeline } = await renderValues(['-f', name], {}, cwd);
      const got = ours([], cwd, [name]);
      if (JSON.stringify(got) !== JSON.stringify(want) || JSON.stringify(pipeline) !== JSON.stringify(want)) {
        failures.push(`${name}: helm ${show(want)} capstan template ${show(pipeline)} direct ${show(got)}`);
      }
    });
    assert.deepEqual(failures, []);
  });

  it('reports YAML errors of later documents as helm does', async () => {
    writeFileSync(join(cwd, 'bad5.yaml'), '---\nb: [\n');
    writeFileSync(join(cwd, 'bad6.yaml'), 'a: 1\n---\nb: [\n');
    writeFileSync(join(cwd, 'bad7.yaml'), '# c\n---\n---\na: 1\r\nb: {c: [1,\r\n  2\r\nd: 3\r\n');
    writeFileSync(join(cwd, 'bad8.yaml'), 'a: 1\n---\nx:\n  - {y: 1,\n');
    for (const name of ['bad5.yaml', 'bad6.yaml', 'bad7.yaml', 'bad8.yaml']) {
      const { helm: want, capstan: pipeline } = await renderValues(['-f', name], {}, cwd);
      assert.deepStrictEqual(pipeline, want, name);
      assert.deepStrictEqual(ours([], cwd, [name]), want, name);
    }
  });
});

function show(r: HelmValuesResult): string {
  return 'error' in r ? `error ${JSON.stringify(r.error)}` : JSON.stringify(r.values, (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v));
}
