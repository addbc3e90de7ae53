import { test } from 'node:test';
import { checkAgainstHelm } from '../../support/functions.js';
import { listCases, listValues } from '../cases/lists.cases.js';
import { listFuncs } from '../../../src/funcs/lists.js';

test('list functions match helm', async () => {
  await checkAgainstHelm(listCases, listFuncs, listValues);
});
