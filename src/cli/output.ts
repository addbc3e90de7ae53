import { writeSync } from 'node:fs';
import { goStringBytes } from '../gotemplate/gostring.js';

/** Where the CLI writes: the process's streams, or buffers in tests and benchmarks. */
export class CliOutput {
  constructor(
    readonly stdout: (text: string) => void,
    readonly stderr: (text: string) => void,
  ) {}

  /** Synchronous writes, so that output is complete even when the caller exits right after. */
  static process(): CliOutput {
    return new CliOutput(
      (s) => writeAll(1, s),
      (s) => writeAll(2, s),
    );
  }

  static buffered(): CliOutput & { out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return Object.assign(
      new CliOutput(
        (s) => out.push(s),
        (s) => err.push(s),
      ),
      { out, err },
    );
  }
}

function writeAll(fd: number, text: string): void {
  // Go's bytes as they are, including bytes a template kept from invalid UTF-8.
  const buf = goStringBytes(text);
  for (let off = 0; off < buf.length; ) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      // A non-blocking pipe can be momentarily full; retry until the reader drains it.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}
