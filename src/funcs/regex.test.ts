import { test } from 'node:test';
import { checkAgainstHelm } from './cases.testutil.js';
import { regexCases } from './regex.cases.js';
import { regexFuncs } from './regex.js';

test('regex functions match helm', async () => {
  await checkAgainstHelm(regexCases, regexFuncs);
});
