import { test } from 'node:test';
import { checkAgainstHelm } from '../../support/functions.js';
import { stringCases, stringValues } from '../cases/strings.cases.js';
import { stringFuncs } from '../../../src/funcs/strings.js';

test('string functions match helm', async () => {
  await checkAgainstHelm(stringCases, stringFuncs, stringValues);
});
