// sprig's random family: rand* strings (goutils' crypto-random generators), randInt, uuidv4 and
// shuffle. Outputs are random; only their shape can be compared with helm's.
import { randomInt, randomUUID } from 'node:crypto';
import { GoError, GoInt, goFunc, goInt, type GoFunction, type GoValue } from '../gotemplate/value.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const ALPHA = UPPER + LOWER;
const ALPHANUMERIC = DIGITS + ALPHA;
const ASCII = Array.from({ length: 127 - 32 }, (_, i) => String.fromCharCode(32 + i)).join('');

function toNumber(v: GoValue): number {
  return v instanceof GoInt ? v.toNumber() : Number(v);
}

/** goutils.CryptoRandom over an alphabet; a negative count is an error sprig turns into "". */
function randomString(count: GoValue, alphabet: string): string {
  const n = toNumber(count);
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

function randInt(min: GoValue, max: GoValue): GoValue {
  const lo = toNumber(min);
  const span = toNumber(max) - lo;
  if (span <= 0) throw new GoError('invalid argument to Intn');
  // randomInt takes spans below 2^48; larger ones are split in two draws.
  const value = span <= 2 ** 48 ? randomInt(span) : Math.floor((randomInt(2 ** 24) * 2 ** 24 + randomInt(2 ** 24)) % span);
  return goInt(lo + value);
}

/** xstrings.Shuffle: a random permutation of the string's runes. */
function shuffle(s: string): string {
  const runes = Array.from(s);
  for (let i = runes.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [runes[i], runes[j]] = [runes[j], runes[i]];
  }
  return runes.join('');
}

export const randomFuncs: GoFunction[] = [
  goFunc('randAlphaNum', ['int'], (n) => randomString(n, ALPHANUMERIC), { result: 'string' }),
  goFunc('randAlpha', ['int'], (n) => randomString(n, ALPHA), { result: 'string' }),
  goFunc('randNumeric', ['int'], (n) => randomString(n, DIGITS), { result: 'string' }),
  goFunc('randAscii', ['int'], (n) => randomString(n, ASCII), { result: 'string' }),
  goFunc('randInt', ['int', 'int'], randInt, { result: 'int' }),
  goFunc('uuidv4', [], () => randomUUID(), { result: 'string' }),
  goFunc('shuffle', ['string'], (s) => shuffle(s as string), { result: 'string' }),
];
