// Cases for the path functions (Go's path and path/filepath on Linux).
import type { FuncCase } from '../../support/functions.js';

const each = (fn: string, inputs: string[]): FuncCase[] => inputs.map((p) => ({ template: `{{ ${fn} ${JSON.stringify(p)} }}`, fn, args: [p] }));
const PATHS = ['', '/', '//a//b/', 'a/b/../../..', '/../x/./y.tar.gz', 'foo.bar/baz', '.hidden', 'a/b.'];

export const pathCases: FuncCase[] = [
  ...each('base', PATHS),
  ...each('dir', PATHS),
  ...each('clean', PATHS),
  ...each('ext', PATHS),
  ...each('isAbs', ['/a', 'a', '']),
  ...each('osBase', ['/a/b.c', '', '///']),
  ...each('osDir', ['/a/b.c', 'x', '']),
  ...each('osClean', ['a//b/./../c', '', '/..']),
  ...each('osExt', ['/a/b.c', 'x', 'a.b/c']),
  ...each('osIsAbs', ['/a', 'a', '']),
];
