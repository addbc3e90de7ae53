import { test } from 'node:test';
import { checkAgainstHelm } from '../../support/functions.js';
import { regexCases } from '../cases/regex.cases.js';
import { regexFuncs } from '../../../src/funcs/regex.js';

test('regex functions match helm', async () => {
  await checkAgainstHelm(regexCases, regexFuncs);
});
