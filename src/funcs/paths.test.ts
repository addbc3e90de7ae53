import { test } from 'node:test';
import { checkAgainstHelm } from './cases.testutil.js';
import { pathCases } from './paths.cases.js';
import { pathFuncs } from './paths.js';

test('paths functions match helm', async () => {
  await checkAgainstHelm(pathCases, pathFuncs);
});
