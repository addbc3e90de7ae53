// releaseutil.SplitManifests: a rendered file split into YAML documents at `---` separators.
// helm's separator is the pattern (?:^|\s*\n)---\s* (Go's \s: tab, newline, form feed, carriage
// return, space): `---` at the start or right after a newline, with all whitespace before that
// newline and after the dashes, so `---apiVersion: v1` splits too. Scanned by hand, because the
// pattern backtracks quadratically over YAML indentation.
import { trimGoSpace } from './gospace.js';

function isRegexSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c;
}

/** The documents of a rendered text, in order, each trimmed; empty pieces are dropped. */
export function splitManifests(text: string): string[] {
  const s = trimGoSpace(text);
  const docs: string[] = [];
  const push = (piece: string) => {
    if (piece !== '') docs.push(trimGoSpace(piece));
  };
  let pieceStart = 0;
  // Matches are searched from the end of the previous one, as regexp.Split does.
  let searchFrom = 0;
  for (let p = s.indexOf('---'); p !== -1; ) {
    let start = -1;
    if (p === 0) {
      start = 0;
    } else if (p - 1 >= searchFrom && s.charCodeAt(p - 1) === 0x0a) {
      start = p - 1;
      while (start > searchFrom && isRegexSpace(s.charCodeAt(start - 1))) start--;
    }
    if (start === -1) {
      p = s.indexOf('---', p + 1);
      continue;
    }
    let end = p + 3;
    while (end < s.length && isRegexSpace(s.charCodeAt(end))) end++;
    push(s.slice(pieceStart, start));
    pieceStart = searchFrom = end;
    p = s.indexOf('---', end);
  }
  push(s.slice(pieceStart));
  return docs;
}
