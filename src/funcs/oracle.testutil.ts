// Shared by the semver/crypto/encoding/dates differential tests: runs template snippets through
// helm and calls the same functions directly on the Capstan side.
import { helmRenderSnippets, type SnippetResult } from '../../test/support/helm.js';
import { GoInt, GoObject, type GoFunction, type GoValue } from '../gotemplate/value.js';

export type Outcome = { output: string } | { error: string };

/** Renders each named template with helm 4.1.4; every snippet becomes its own template file. */
export async function helmOutputs(templates: Record<string, string>, values = ''): Promise<Map<string, SnippetResult>> {
  return helmRenderSnippets(
    Object.entries(templates).map(([name, template]) => ({ name, template })),
    values,
  );
}

/** The text of a scalar result as `{{ }}` prints it (strings, bools, ints and Stringers only). */
export function show(v: GoValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || v instanceof GoInt) return String(v);
  if (v instanceof GoObject) {
    const s = v.goString();
    if (s !== undefined) return s;
  }
  throw new Error(`show: unsupported value ${String(v)}`);
}

/** Calls a function from a family by name; a thrown error becomes `{error: message}`. */
export function callFunc(funcs: readonly GoFunction[], name: string, ...args: GoValue[]): Outcome {
  const f = funcs.find((fn) => fn.name === name);
  if (!f) throw new Error(`no function ${name}`);
  try {
    return { output: show(f.call(...args)) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The function's own message inside helm's `... error calling NAME: MESSAGE` line. */
export function helmFunctionError(result: SnippetResult | undefined, name: string): string | undefined {
  if (!result || !('error' in result)) return undefined;
  const marker = `error calling ${name}: `;
  const i = result.error.indexOf(marker);
  return i < 0 ? result.error : result.error.slice(i + marker.length);
}

/** A Go string literal for a template (JSON escapes are valid Go escapes for these inputs). */
export function quote(s: string): string {
  return JSON.stringify(s);
}
