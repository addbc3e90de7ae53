// Differential tests: strconv as helm 4.1.4 reaches it through sprig (float64 and int64 use
// strconv.ParseFloat / ParseInt base 0 and yield 0 on error, atoi yields Go's value even on error)
// against ours, printed with our %v.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SnippetResult } from '../../support/helm.js';
import { renderSnippets } from '../../support/snippets.js';
import { formatValue } from '../../../src/gotemplate/fmt.js';
import { NumError, atoi, parseFloat, parseInt } from '../../../src/gotemplate/strconv.js';
import { goInt64, type GoValue } from '../../../src/gotemplate/value.js';

const FLOAT_INPUTS = ['0', '-0', '1.5', '.5', '5.', '1e5', '1E-5', '1_000', '1_000.5', '1__0', '_1', '0x1p-2', '0x1.8p3', '0x1', '0x1p1024',
  '0x1p-1075', 'inf', '-Infinity', 'infin', 'NaN', '+nan', '1e308', '1e309', '1e-400', '2.4703282292062328e-324', '123456789012345678901234567890',
  '9007199254740993', '0.1', ' 1', '1e', '0x_1p0', '1e1_0', '00012', '1.2.3', '0x1.p0', '+.5e-3', '0x1.00000000000018p0'];
const INT_INPUTS = ['0', '-1', '+7', '0x1F', '0X1f', '-0x1F', '010', '0o17', '0b101', '08', '0_1', '1_000', '0x_1f', '0x', '123abc',
  '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '99999999999999999999', ' 1', '1e3', '-', ''];

const orZero = (f: () => GoValue): GoValue => {
  try {
    return f();
  } catch {
    return 0;
  }
};
const goValueOrErrorValue = (f: () => bigint): GoValue => {
  try {
    return goInt64(f());
  } catch (e) {
    return goInt64(e instanceof NumError ? BigInt(e.value) : 0n);
  }
};
const text = (r: SnippetResult | undefined): string => (r === undefined ? 'MISSING' : 'output' in r ? r.output : 'ERROR ' + r.error);

test('ParseFloat via float64, ParseInt base 0 via int64, Atoi via atoi agree with helm', async () => {
  const cases = [
    ...FLOAT_INPUTS.map((s, i) => ({ name: `f${i}`, template: `[{{ float64 ${JSON.stringify(s)} }}]`, mine: () => orZero(() => parseFloat(s, 64)) })),
    ...INT_INPUTS.map((s, i) => ({ name: `i${i}`, template: `[{{ int64 ${JSON.stringify(s)} }}]`, mine: () => orZero(() => goInt64(parseInt(s, 0, 64))) })),
    ...INT_INPUTS.map((s, i) => ({ name: `a${i}`, template: `[{{ atoi ${JSON.stringify(s)} }}]`, mine: () => goValueOrErrorValue(() => atoi(s)) })),
  ];
  const res = await renderSnippets(cases.map(({ name, template }) => ({ name, template })));
  const failures = cases
    .filter((c) => `[${formatValue(c.mine())}]` !== text(res.get(c.name)?.helm) || text(res.get(c.name)?.capstan) !== text(res.get(c.name)?.helm))
    .map((c) => `${c.template}: helm ${text(res.get(c.name)?.helm)}, capstan template ${text(res.get(c.name)?.capstan)}, direct [${formatValue(c.mine())}]`);
  assert.deepEqual(failures, []);
});
