import { test } from 'node:test';
import { checkAgainstHelm } from '../../support/functions.js';
import { reflectionCases, reflectionValues } from '../cases/reflection.cases.js';
import { reflectionFuncs } from '../../../src/funcs/reflection.js';

test('reflection functions match helm', async () => {
  await checkAgainstHelm(reflectionCases, reflectionFuncs, reflectionValues);
});
