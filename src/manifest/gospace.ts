// Go's unicode.IsSpace, for trimming exactly what Go's strings.TrimSpace trims.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

export function isGoSpace(c: string): boolean {
  return GO_SPACE.test(c);
}

export function trimGoSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s[start])) start++;
  while (end > start && isGoSpace(s[end - 1])) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}
