import { test } from 'node:test';
import { checkAgainstHelm } from './cases.testutil.js';
import { reflectionCases, reflectionValues } from './reflection.cases.js';
import { reflectionFuncs } from './reflection.js';

test('reflection functions match helm', async () => {
  await checkAgainstHelm(reflectionCases, reflectionFuncs, reflectionValues);
});
