// libyaml's reader decodes its input in 512-byte reads (a character cut by a read's end waits for
// the next) and refuses a read that holds a character outside YAML's printable set. So a control
// character is only an error once the scanner has looked into its read: a syntax error before
// that read, or a first document that ends before it, wins.

const RAW_BUFFER_SIZE = 512;
// At a token's start the scanner makes sure of the next four characters.
const LOOKAHEAD = 4;

/** The byte offset where the read holding byte `offset` starts. */
function readStart(bytes: Uint8Array, offset: number): number {
  let start = 0;
  for (;;) {
    let end = start + RAW_BUFFER_SIZE;
    if (end > offset) return start;
    // A character cut by the read's end goes into the next read, whole.
    while (end > start && (bytes[end] & 0xc0) === 0x80) end--;
    start = end;
  }
}

/**
 * Whether yaml.v2's reader fails on the control character at `badIndex` (a UTF-16 index) once its
 * scanner has read up to `reached`.
 */
export function readerReaches(text: string, badIndex: number, reached: number): boolean {
  const end = reached + LOOKAHEAD;
  if (end >= text.length) return true;
  const bad = Buffer.byteLength(text.slice(0, badIndex), 'utf8');
  return Buffer.byteLength(text.slice(0, end), 'utf8') > readStart(Buffer.from(text, 'utf8'), bad);
}
