// Differential tests: Go's fmt as helm 4.1.4 runs it (printf, print, println and `{{ x }}` in
// templates) against Capstan's whole pipeline and against ours called directly on the same Go values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { SnippetResult } from '../../support/helm.js';
import { renderSnippets } from '../../support/snippets.js';
import { formatValue, sprint, sprintf, sprintln } from '../../../src/gotemplate/fmt.js';
import { goInt, goInt64, type GoValue } from '../../../src/gotemplate/value.js';

/** A template argument expression and the Go value it evaluates to. */
interface Arg {
  tpl: string;
  val: GoValue;
}

/** The text `float64 "..."` (strconv.ParseFloat) reads back to exactly x. */
function floatText(x: number): string {
  if (Object.is(x, -0)) return '-0';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  return String(x);
}

const int = (n: number | bigint): Arg => ({ tpl: String(n), val: goInt(BigInt(n)) });
const i64 = (n: number | bigint): Arg => ({ tpl: `(int64 ${JSON.stringify(String(n))})`, val: goInt64(BigInt(n)) });
const flt = (x: number): Arg => ({ tpl: `(float64 ${JSON.stringify(floatText(x))})`, val: x });
const str = (s: string): Arg => ({ tpl: JSON.stringify(s), val: s });
const bool = (b: boolean): Arg => ({ tpl: String(b), val: b });
const nil: Arg = { tpl: 'nil', val: null };
const list = (...items: Arg[]): Arg => ({ tpl: `(list ${items.map((a) => a.tpl).join(' ')})`, val: items.map((a) => a.val) });
const dict = (...entries: [string, Arg][]): Arg => ({
  tpl: `(dict ${entries.map(([k, a]) => `${JSON.stringify(k)} ${a.tpl}`).join(' ')})`,
  val: new Map(entries.map(([k, a]) => [k, a.val])),
});

/** A Go string literal for a format: raw when possible, so backslashes reach fmt untouched. */
const goLiteral = (s: string): string => (s.includes('`') ? JSON.stringify(s) : '`' + s + '`');

interface Case {
  name: string;
  template: string;
  mine: () => string;
}

// Brackets keep leading and trailing padding visible in helm's output.
const printfCase = (name: string, format: string, ...args: Arg[]): Case => ({
  name,
  template: `[{{ printf ${goLiteral(format)} ${args.map((a) => a.tpl).join(' ')} }}]`,
  mine: () => `[${sprintf(format, args.map((a) => a.val))}]`,
});

const text = (r: SnippetResult | undefined): string => (r === undefined ? 'MISSING' : 'output' in r ? r.output : 'ERROR ' + r.error);

async function compare(cases: Case[], values = ''): Promise<void> {
  const res = await renderSnippets(
    cases.map(({ name, template }) => ({ name, template })),
    values,
  );
  const failures: string[] = [];
  for (const c of cases) {
    const expected = text(res.get(c.name)?.helm);
    const actual = c.mine();
    const pipeline = text(res.get(c.name)?.capstan);
    if (actual !== expected || pipeline !== expected) {
      failures.push(`${c.template}\n  helm: ${JSON.stringify(expected)}\n  capstan template: ${JSON.stringify(pipeline)}\n  direct: ${JSON.stringify(actual)}`);
    }
  }
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${cases.length} differ`);
}

const FLOATS = [0, -0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.25, 0.125, 0.35, 2.675, 1.005, 100000, 1000000, 123456789, 0.0001, 0.00001, 1e20, 1e21, 1e-7,
  3.14159, 1e300, 5e-324, 1.7976931348623157e308, 0.1, 123.456, 999999.9999, 1234567, NaN, Infinity, -Infinity];
const FLOAT_FORMATS = ['%v', '%g', '%e', '%f', '%.0f', '%.1f', '%.2f', '%.3g', '%.0e', '%G', '%E', '%8.3f', '%-8.2f', '%08.3f', '%+.2e', '% f',
  '%#g', '%#v', '%x', '%.3x', '%b', '%+v', '%010v', '%.20f', '%.30e', '%F', '%#.0f', '%d', '%s', '%q', '%t', '%c'];
const INTS: bigint[] = [0n, 1n, -1n, 42n, 255n, 65n, 127n, 0x1f600n, 0xd800n, 0x110000n, 9223372036854775807n, -9223372036854775808n];
const INT_FORMATS = ['%d', '%v', '%+d', '% d', '%5d', '%-5d', '%05d', '%.3d', '%8.3d', '%x', '%X', '%#x', '%o', '%#o', '%O', '%b', '%#b', '%c',
  '%q', '%+q', '%U', '%#U', '%#v', '%.0d', '%e', '%s', '%t', '%08b', '%+05d', '%#08x'];
const STRINGS = ['', 'hi', 'héllo', '日本語', 'a"b', 'tab\there', 'new\nline', 'back`q', '\x7f', '😀x', '\u00ad', 'ab\\c'];
const STRING_FORMATS = ['%s', '%v', '%q', '%+q', '%#q', '%x', '%X', '% x', '%# x', '%#x', '%5s', '%-5s', '%.2s', '%5.1s', '%05s', '%d', '%#v',
  '%10q', '%.1q', '%T', '%-#10x', '%010x', '%08q'];
const NESTED: Arg[] = [
  list(str('a'), int(1), flt(1.5), nil, bool(true), flt(1e6)),
  dict(['b', int(2)], ['a', str('x')], ['c', nil], ['d', list(flt(1e6), str(''))], ['B', dict()], ['é', int(0)], ['_', bool(false)]),
  list(),
  dict(),
  list(list(int(1), str('a')), dict(['k', list()])),
  list(i64(7), i64(-7)),
];
const NESTED_FORMATS = ['%v', '%+v', '%#v', '%d', '%s', '%q', '%x', '%X', '%T', '%5v', '%t', '%.1f', '%e', '%g', '%05d', '%-4v'];

const ODD_FORMATS: [string, Arg[]][] = [
  ['%d %d', [int(1)]], ['%d', [int(1), str('a'), nil, flt(2)]], ['%[2]d %[1]d', [int(1), int(2)]], ['%[3]d', [int(1), int(2)]],
  ['%[0]d', [int(1)]], ['%[x]d', [int(1)]], ['%', []], ['%!', []], ['%%', [int(1)]], ['%5%', []], ['%*d', [int(5), int(3)]],
  ['%-*d', [int(5), int(3)]], ['%*d', [int(-5), int(3)]], ['%.*f', [int(2), flt(3.14159)]], ['%*d', [str('x'), int(3)]],
  ['%.*d', [int(-1), int(3)]], ['%[2]*[1]d', [int(12), int(6)]], ['%[1]d %d', [int(1), int(2)]], ['%d %[1]d %d', [int(1), int(2)]],
  ['%[2]d', [int(1)]], ['%.[2]d', [int(1), int(2)]], ['%[1]2d', [int(1)]], ['%z', [int(1)]], ['%w', [int(1)]], ['%v %v', [nil, nil]],
  ['%s', [nil]], ['%d', [nil]], ['%T', [nil]], ['%.', [int(1)]], ['%5', [int(1)]], ['%-', []], ['héllo %s wörld', [str('ü')]],
  ['%ü', [int(1)]], ['%😀', [int(1)]], ['%[1]', [int(1)]], ['%[1]*d', [int(1)]], ['%3.[2]d', [int(1), int(7)]], ['%10.4v', [flt(3.14159265)]],
  ['%-10.4v', [str('abcdefgh')]], ['%x', [flt(-1.5)]], ['%.2x', [flt(1)]], ['%#.0x', [flt(1)]], ['%#x', [flt(0)]], ['%#g', [flt(0)]],
  ['%#.0g', [flt(1)]], ['%#.4g', [flt(123456)]], ['%#e', [flt(1)]], ['%#f', [flt(100)]], ['%d%d%d', [int(1), int(2), int(3), int(4), str('x'), nil]],
  ['%s %s', [str('a'), list(str('x'), nil)]], ['%6.2f%%', [flt(99.5)]], ['%0-5d', [int(3)]], ['%-05d', [int(3)]], ['%+ d', [int(3)]],
  ['%+5s', [str('ab')]], ['%08s', [str('ab')]], ['%-08s', [str('ab')]], ['%08v', [list(int(1), str('a'))]], ['%08.3v', [str('abcdef')]],
  ['%#08v', [int(-5)]], ['%x', [list(str('ab'), int(255), flt(1.5))]], ['%08.3d', [int(-5)]], ['%.3x', [str('abcdef')]], ['%5x', [str('')]],
  ['%08.3f|%-5d|%x', [flt(3.14159), int(42), str('hi')]], ['%v %v %v', [bool(true), i64(-3), flt(1e21)]], ['%t', [bool(false)]],
  ['%5t', [bool(true)]], ['%d', [bool(true)]], ['%#v', [bool(true)]], ['%*s', [int(1000001), str('x')]], ['%.*s', [int(1000001), str('x')]],
  ['%99999999999d', [int(1)]], ['%.99999999999d', [int(1)]], ['%[99999999999]d', [int(1)]], ['%v', [flt(-0)]], ['%.3v', [flt(2 / 3)]],
];

function tableCases(): Case[] {
  const cases: Case[] = [];
  let n = 0;
  const add = (format: string, args: Arg[]) => cases.push(printfCase(`p${n++}`, format, ...args));
  FLOATS.forEach((x, i) => FLOAT_FORMATS.forEach((f, j) => (i + j) % 3 === 0 && add(f, [flt(x)])));
  INTS.forEach((x, i) => INT_FORMATS.forEach((f, j) => (i + j) % 2 === 0 && add(f, [int(x)])));
  INTS.slice(0, 6).forEach((x) => ['%d', '%x', '%#v', '%T'].forEach((f) => add(f, [i64(x)])));
  STRINGS.forEach((s, i) => STRING_FORMATS.forEach((f, j) => (i + j) % 2 === 0 && add(f, [str(s)])));
  NESTED.forEach((a) => NESTED_FORMATS.forEach((f) => add(f, [a])));
  ODD_FORMATS.forEach(([f, args]) => add(f, args));
  const printArgs: Arg[][] = [
    [str('a'), str('b'), int(1), int(2), str('c'), flt(1.5), nil, nil, str('d'), bool(true), bool(false)],
    [int(1)], [nil], [flt(1e6), flt(0.1)], [list(int(1)), dict(['a', int(1)])], [str(''), str('')], [],
  ];
  printArgs.forEach((args, i) => {
    const tpl = args.map((a) => a.tpl).join(' ');
    const vals = () => args.map((a) => a.val);
    cases.push({ name: `print${i}`, template: `[{{ print ${tpl} }}]`, mine: () => `[${sprint(vals())}]` });
    cases.push({ name: `println${i}`, template: `[{{ println ${tpl} }}]`, mine: () => `[${sprintln(vals())}]` });
  });
  // `{{ x }}` prints with %v.
  [...FLOATS.map(flt), ...INTS.map(int), ...STRINGS.slice(0, 4).map(str), ...NESTED, bool(true)].forEach((a, i) =>
    cases.push({ name: `out${i}`, template: `[{{ ${a.tpl} }}]`, mine: () => `[${formatValue(a.val)}]` }),
  );
  return cases;
}

test('printf, print, println and {{ x }}: a table of verbs, flags and operands', async () => {
  const cases = tableCases();
  assert.ok(cases.length >= 200, `${cases.length} cases`);
  await compare(cases);
});

test('float64 values from values.yaml print as helm prints them', async () => {
  const numbers = [1000000, 100000, 123456789, 0.0001, 0.00001, 1e20, 1e21, 1e22, 1.5, 3, -7, 0.1, 2.5e-8, 9007199254740994, 1e100, 12345.678];
  const values = `nums: [${numbers.map(String).join(', ')}]\n`;
  const cases: Case[] = [{ name: 'all', template: '[{{ .Values.nums }}]', mine: () => `[${formatValue(numbers)}]` }];
  numbers.forEach((x, i) => {
    cases.push({ name: `v${i}`, template: `[{{ index .Values.nums ${i} }}]`, mine: () => `[${formatValue(x)}]` });
    cases.push({ name: `f${i}`, template: `[{{ printf "%v|%.2f|%e|%g|%d" (index .Values.nums ${i}) (index .Values.nums ${i}) (index .Values.nums ${i}) (index .Values.nums ${i}) (index .Values.nums ${i}) }}]`, mine: () => `[${sprintf('%v|%.2f|%e|%g|%d', [x, x, x, x, x])}]` });
  });
  await compare(cases, values);
});

/** Doubles that stress digit generation: any bit pattern, subnormals, integers, exact halves and powers of ten. */
const interestingDouble = fc.oneof(
  fc.double({ noNaN: false }),
  fc.double({ min: -1e-300, max: 1e-300 }),
  fc.integer({ min: -1e7, max: 1e7 }).map((n) => n / 8),
  fc.integer({ min: -1e6, max: 1e6 }).map((n) => n + 0.5),
  fc.integer({ min: -330, max: 310 }).map((e) => Number(`1e${e}`)),
  fc.integer({ min: -330, max: 310 }).chain((e) => fc.integer({ min: 1, max: 99999 }).map((m) => Number(`${m}e${e}`))),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map((n) => Number(n)),
);

const floatFormat = fc
  .tuple(
    fc.constantFrom('', '-', '+', ' ', '0', '#', '+0', '-#'),
    fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
    fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    fc.constantFrom('v', 'g', 'e', 'f', 'G', 'E', 'F', 'x'),
  )
  .map(([flags, width, prec, verb]) => `%${flags}${width ?? ''}${prec === undefined ? '' : '.' + prec}${verb}`);

test('property: random float64s under random float formats agree with helm', async () => {
  const samples = fc.sample(fc.tuple(interestingDouble, floatFormat), { numRuns: 300 });
  const cases = samples.map(([x, format], i) => printfCase(`r${i}`, format, flt(x)));
  samples.slice(0, 60).forEach(([x], i) => cases.push({ name: `o${i}`, template: `[{{ ${flt(x).tpl} }}]`, mine: () => `[${formatValue(x)}]` }));
  await compare(cases);
});
