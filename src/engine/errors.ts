// How helm 4.1.4 rewrites template errors for the user (pkg/engine engine.go):
// parse errors become `parse error at (FILE:LINE): MSG`; `required`/`fail` messages, wrapped in
// HELM_ERR_START/END by the functions, become `execution error at (FILE:LINE:COL): MSG`; other
// execution errors become a multi-line trace, one entry per template of the chain of wrapped
// errors, unless some error of the chain is not a template error, in which case Go's text stays.

const WARN_START = 'HELM_ERR_START';
const WARN_END = 'HELM_ERR_END';
const WARNING = /HELM_ERR_START([\s\S]*)HELM_ERR_END/;

/** Marks a `required`/`fail` message so that the top-level error can be rewritten around it. */
export function warnWrap(message: string): string {
  return WARN_START + message + WARN_END;
}

/** An error of a render whose message is helm's final text. */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

/** helm's cleanupParseError: the location is the second `: `-token, the message the last one. */
export function cleanupParseError(filename: string, err: Error): RenderError {
  const tokens = err.message.split(': ');
  if (tokens.length === 1) return new RenderError(`parse error in (${filename}): ${err.message}`);
  return new RenderError(`parse error at (${tokens[1]}): ${tokens[tokens.length - 1]}`);
}

interface TraceEntry {
  location: string;
  executedFunction: string;
  message: string;
  /** The message before cutting what a chained `template:` error adds. */
  rawMessage: string;
}

const TEMPLATE_PREFIX = 'template: ';
const EXECUTING = ': executing ';
const CHAINED = ' template:';

function cutChained(message: string): string {
  const cut = message.indexOf(CHAINED);
  return cut === -1 ? message : message.slice(0, cut);
}

/** Parses one error text of the chain into a trace entry; undefined when it is no template error. */
function parseTemplateError(text: string): TraceEntry | undefined {
  if (!text.startsWith(TEMPLATE_PREFIX)) return undefined;
  const rest = text.slice(TEMPLATE_PREFIX.length);
  if (rest.startsWith('no template ')) return { location: '', executedFunction: '', message: text, rawMessage: text };
  const executing = parseExecuting(rest);
  if (executing) return executing;
  const sep = rest.lastIndexOf(': ');
  if (sep === -1) return undefined;
  const raw = rest.slice(sep + 2);
  return { location: rest.slice(0, sep), executedFunction: '', message: cutChained(raw), rawMessage: raw };
}

/** `NAME:LINE:COL: executing "FUNC" at <NODE>: MSG` */
function parseExecuting(rest: string): TraceEntry | undefined {
  const idx = rest.indexOf(EXECUTING);
  if (idx === -1) return undefined;
  const location = rest.slice(0, idx);
  const after = rest.slice(idx + EXECUTING.length);
  if (!after.startsWith('"')) return undefined;
  const endQuote = after.indexOf('"', 1);
  if (endQuote === -1) return undefined;
  const functionName = after.slice(1, endQuote);
  const afterFunc = after.slice(endQuote + 1);
  if (!afterFunc.startsWith(' at <')) return undefined;
  const afterAt = afterFunc.slice(' at <'.length);
  const endNode = afterAt.indexOf('>: ');
  if (endNode === -1) return undefined;
  const node = afterAt.slice(0, endNode);
  const raw = afterAt.slice(endNode + 3);
  return { location, executedFunction: `executing "${functionName}" at <${node}>:`, message: cutChained(raw), rawMessage: raw };
}

function entryText(e: TraceEntry): string {
  let s = '';
  if (e.location !== '') s += `${e.location}\n  `;
  if (e.executedFunction !== '') s += `${e.executedFunction}\n    `;
  if (e.message !== '') s += `${e.message}\n`;
  return s;
}

const WRAPPED_CALL = /^error calling [^\s:]+: /;

/**
 * The texts of the error and of the errors it wraps, outermost first. Go's executor wraps a
 * function's error (`error calling NAME: %w`) and only that, so the chain can be read from the
 * text: after that prefix comes the wrapped error's own text. Errors that carry a `cause` (tpl's)
 * end the chain there, as their text does not start with `template: `.
 */
function errorChain(text: string): string[] {
  const chain = [text];
  for (let current = text; ; ) {
    const entry = parseTemplateError(current);
    const raw = entry?.rawMessage;
    const m = raw === undefined ? null : WRAPPED_CALL.exec(raw);
    if (!m) return chain;
    current = raw!.slice(m[0].length);
    chain.push(current);
  }
}

/**
 * helm 4's rewriting of an execution error of template `filename`. `isExecError` tells whether
 * the error comes from the template executor (other errors are returned unchanged).
 */
export function reformatExecError(filename: string, err: Error, isExecError: boolean): Error {
  if (!isExecError) return err;
  const text = err.message;
  const first = text.indexOf(': ');
  const second = first === -1 ? -1 : text.indexOf(': ', first + 2);
  if (second === -1) return new RenderError(`execution error in (${filename}): ${text}`);
  const location = text.slice(first + 2, second);
  const warning = WARNING.exec(text.slice(second + 2));
  if (warning) return new RenderError(`execution error at (${location}): ${warning[1]}`);

  const entries: TraceEntry[] = [];
  for (const layer of errorChain(text)) {
    const entry = parseTemplateError(layer);
    if (!entry) return err;
    const last = entries[entries.length - 1];
    if (last && last.location === entry.location && last.executedFunction === entry.executedFunction && last.message === entry.message) continue;
    entries.push(entry);
  }
  return new RenderError(entries.map(entryText).join('').trim());
}
