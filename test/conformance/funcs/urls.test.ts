import { test } from 'node:test';
import { checkAgainstHelm } from '../../support/functions.js';
import { urlCases } from '../cases/urls.cases.js';
import { urlFuncs } from '../../../src/funcs/urls.js';

test('urls functions match helm', async () => {
  await checkAgainstHelm(urlCases, urlFuncs);
});
