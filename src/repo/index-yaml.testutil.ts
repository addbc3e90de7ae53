// Assertions shared by the index reader's unit tests and its differential test against helm.
import assert from 'node:assert/strict';
import { parseYaml } from '../yaml/read.js';
import { readIndexYaml } from './index-yaml.js';

export function show(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** Reads `text` fast (it must not give up) and compares with the general reader. */
export function assertFastAndEqual(text: string): void {
  const fast = readIndexYaml(text);
  assert.notEqual(fast, undefined, `gave up on ${show(text)}`);
  assert.deepEqual(fast, parseYaml(text), show(text));
}
