// sprig's path functions: Go's `path` package (base, dir, clean, ext, isAbs) and `path/filepath`
// (the os* names), which on Linux behave identically.
import { goFunc, type GoFunction } from '../gotemplate/value.js';

/** path.Clean: the shortest equivalent path, by lexical processing only. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const stack: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (stack.length > 0 && stack[stack.length - 1] !== '..') stack.pop();
      else if (!rooted) stack.push('..');
    } else {
      stack.push(seg);
    }
  }
  const out = (rooted ? '/' : '') + stack.join('/');
  return out === '' ? '.' : out;
}

/** path.Base: the last element, trailing slashes removed. */
export function basePath(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** path.Dir: everything up to the last slash, cleaned. */
export function dirPath(p: string): string {
  return cleanPath(p.slice(0, p.lastIndexOf('/') + 1));
}

/** path.Ext: the suffix from the last dot of the last element. */
export function extPath(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

const STR = 'string';
const pathFunc = (name: string, f: (p: string) => string | boolean, result = STR): GoFunction => goFunc(name, [STR], (p) => f(p as string), { result });
const isAbs = (p: string): boolean => p.startsWith('/');

export const pathFuncs: GoFunction[] = [
  pathFunc('base', basePath),
  pathFunc('dir', dirPath),
  pathFunc('clean', cleanPath),
  pathFunc('ext', extPath),
  pathFunc('isAbs', isAbs, 'bool'),
  pathFunc('osBase', basePath),
  pathFunc('osClean', cleanPath),
  pathFunc('osDir', dirPath),
  pathFunc('osExt', extPath),
  pathFunc('osIsAbs', isAbs, 'bool'),
];
