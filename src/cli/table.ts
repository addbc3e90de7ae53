import { jsonQuote } from '../yaml/json.js';

// Tables as helm prints them (gosuri/uitable through helm's output.EncodeTable): every cell padded to
// its column's width, cells longer than the maximum width cut with "...", columns joined by a tab.

/** Display width of a cell (runes; East Asian wide runes count two, as go-runewidth counts them). */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

function isWide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd);
}

function truncate(s: string, max: number): string {
  if (width(s) <= max) return s;
  const limit = max - 3;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = isWide(ch.codePointAt(0)!) ? 2 : 1;
    if (w + cw > limit) break;
    out += ch;
    w += cw;
  }
  return out + '...';
}

function resize(s: string, n: number): string {
  const w = width(s);
  return w > n ? truncate(s, n) : s + ' '.repeat(n - w);
}

/** The table's text, ending in a line break; `maxColWidth` 0 means no limit. */
export function formatTable(rows: string[][], maxColWidth: number): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      let w = Math.max(...cell.split('\n').map(width));
      if (maxColWidth > 0 && w > maxColWidth) w = maxColWidth;
      widths[i] = Math.max(widths[i] ?? 0, w);
    });
  }
  const lines: string[] = [];
  for (const row of rows) {
    // A cell of several lines makes the row several lines; cells without that line are blank.
    const cellLines = row.map((cell) => cell.split('\n'));
    const height = Math.max(...cellLines.map((l) => l.length));
    for (let y = 0; y < height; y++) {
      lines.push(cellLines.map((l, i) => resize(l[y] ?? '', widths[i])).join('\t'));
    }
  }
  return lines.join('\n') + '\n';
}

/** Rows as encoding/json writes a slice of structs: fields in declaration order, then a line break. */
export function jsonRows<T extends object>(rows: T[], fields: (keyof T & string)[]): string {
  return '[' + rows.map((r) => '{' + fields.map((f) => `${jsonQuote(f)}:${jsonQuote(String(r[f]))}`).join(',') + '}').join(',') + ']\n';
}
