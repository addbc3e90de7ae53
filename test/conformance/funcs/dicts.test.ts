import { test } from 'node:test';
import { checkAgainstHelm } from '../../support/functions.js';
import { dictCases, dictValues } from '../cases/dicts.cases.js';
import { dictFuncs } from '../../../src/funcs/dicts.js';

test('dict functions match helm', async () => {
  await checkAgainstHelm(dictCases, dictFuncs, dictValues, true);
});
