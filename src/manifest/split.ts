// releaseutil.SplitManifests: a rendered file split into YAML documents at `---` separators.
// The separator pattern is helm's: `---` at the start or after a newline (with the whitespace
// before it), plus all whitespace after it, so `---apiVersion: v1` splits too.
import { trimGoSpace } from './gospace.js';

const SEPARATOR = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/;

/** The documents of a rendered text, in order, each trimmed; empty pieces are dropped. */
export function splitManifests(text: string): string[] {
  const docs: string[] = [];
  for (const piece of trimGoSpace(text).split(SEPARATOR)) {
    if (piece === '') continue;
    docs.push(trimGoSpace(piece));
  }
  return docs;
}
