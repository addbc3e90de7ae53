// b64/b32 encoders and decoders against helm 4.1.4, including Go's error texts for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodingFuncs } from '../../../src/funcs/encoding.js';
import { callFunc, helmOutputs, quote } from '../../support/functions.js';

const PLAIN = ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'hello world', 'ünïcødé ✓', 'line1\nline2', '\u0000\u00ff'];
const BASE64_INPUTS = [
  'aGVsbG8=', 'aGVsbG8', 'aGVsbA==', 'aGVsbA=', 'aGVs\nbG8=', 'aGVs\r\nbA==', 'aGVsbG8=x', 'aGVsbG8=\n', '====', 'a===',
  'aGVsbG8h!', 'YQ', 'YQ=', 'YQ==', 'YWI=', '', '\n', 'aGVsbG8=aGVsbG8=', 'aGVs bG8=', 'aGVsbA=\n=', 'aGVsbA=x', 'YR==', 'YWJ=',
];
const BASE32_INPUTS = [
  'NBSWY3DP', 'NBSWY3DPEE======', 'NBSWY3DPEE', 'NBSWY3DPEE=====', 'MZXW6===', 'MZXW6YQ=', 'MZXQ====', 'MY======', 'MZXW6===MZXW6===',
  'mzxw6===', 'MZ\nXW6===', 'M=======', 'MZX=====', 'MZXW6Y==', '', 'MZXW6YTB', 'MZXW6YTBOI======', '1ZXW6===', 'MZXW6==',
];

test('b64enc, b32enc and the decoders match helm', async () => {
  const templates: Record<string, string> = {};
  const expectations: [string, string, string][] = [];
  const add = (fn: string, input: string) => {
    const name = `c${expectations.length}.txt`;
    templates[name] = `{{ ${fn} ${quote(input)} | quote }}`;
    expectations.push([name, fn, input]);
  };
  for (const s of PLAIN) {
    add('b64enc', s);
    add('b32enc', s);
  }
  for (const s of BASE64_INPUTS) add('b64dec', s);
  for (const s of BASE32_INPUTS) add('b32dec', s);
  const helm = await helmOutputs(templates);
  for (const [name, fn, input] of expectations) {
    const ours = callFunc(encodingFuncs, fn, input);
    assert.ok('output' in ours);
    assert.deepEqual({ output: JSON.stringify(ours.output) }, helm.get(name), `${fn} ${quote(input)}`);
  }
});

test('bytes that are not UTF-8 pass through string functions as Go bytes do', async () => {
  // 00 01 ff, é, U+FFFD, an encoded surrogate (ED A0 80), a cut-off é (C3), LF.
  const bytes = '(b64dec "AAH/w6nvv73toIDDCg==")';
  const templates: Record<string, string> = {
    roundTrip: `{{ ${bytes} | b64enc }}`,
    base32: `{{ ${bytes} | b32enc }}`,
    sums: `{{ ${bytes} | sha256sum }} {{ ${bytes} | sha1sum }} {{ ${bytes} | sha512sum }} {{ ${bytes} | adler32sum }}`,
    length: `{{ ${bytes} | len }}`,
    quoted: `{{ ${bytes} | quote }} {{ printf "%q" ${bytes} }}`,
    json: `{{ ${bytes} | toJson }}`,
    mapped: `{{ ${bytes} | upper | b64enc }} {{ ${bytes} | title | b64enc }}`,
    sliced: `{{ ${bytes} | trunc 3 | b64enc }} {{ ${bytes} | substr 2 9 | b64enc }} {{ "héllo" | trunc 2 | b64enc }}`,
    bytesToString: `{{ printf "%s" (list ${bytes}) | b64enc }} {{ ${bytes} | replace "A" "B" | b64enc }}`,
  };
  await helmOutputs(templates);
});
