import { test } from 'node:test';
import { conversionFuncs } from '../../../src/funcs/conversion.js';
import { defaultFuncs } from '../../../src/funcs/defaults.js';
import { checkAgainstHelm } from '../../support/functions.js';
import { conversionCases, defaultCases, mathCases, mathValues } from '../cases/math.cases.js';
import { mathFuncs } from '../../../src/funcs/math.js';

test('defaults match helm', async () => {
  await checkAgainstHelm(defaultCases, defaultFuncs, mathValues);
});

test('conversions match helm', async () => {
  await checkAgainstHelm(conversionCases, conversionFuncs, mathValues);
});

test('math matches helm', async () => {
  await checkAgainstHelm(mathCases, mathFuncs, mathValues);
});
