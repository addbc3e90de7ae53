import { test } from 'node:test';
import { checkAgainstHelm } from './cases.testutil.js';
import { urlCases } from './urls.cases.js';
import { urlFuncs } from './urls.js';

test('urls functions match helm', async () => {
  await checkAgainstHelm(urlCases, urlFuncs);
});
