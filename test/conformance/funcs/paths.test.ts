import { test } from 'node:test';
import { checkAgainstHelm } from '../../support/functions.js';
import { pathCases } from '../cases/paths.cases.js';
import { pathFuncs } from '../../../src/funcs/paths.js';

test('paths functions match helm', async () => {
  await checkAgainstHelm(pathCases, pathFuncs);
});
