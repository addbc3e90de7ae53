// Serialization template functions as helm 4.1.4 registers them: Helm's own (pkg/engine/funcs.go:
// toYaml, mustToYaml, toYamlPretty, fromYaml, fromYamlArray, toJson, mustToJson, fromJson,
// fromJsonArray, toToml, fromToml) replace sprig's of the same name; sprig keeps toPrettyJson,
// toRawJson, mustToPrettyJson, mustToRawJson, mustFromJson.
import { ANY, goFunc, GoError, type GoFunction, type GoValue } from '../gotemplate/value.js';
import { marshalYaml, marshalYamlPretty } from '../yaml/emit.js';
import { encodeJson, JsonTypeError, parseJson, parseJsonAs } from '../yaml/json.js';
import { parseYamlAs } from '../yaml/read.js';
import { encodeToml, parseToml } from '../yaml/toml.js';

const STRING = 'string';
const MAP = 'map[string]interface {}';
const SLICE = '[]interface {}';

function trimFinalNewline(s: string): string {
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

function errorText(e: unknown): string {
  if (e instanceof GoError) return e.message;
  throw e;
}

/** Runs `f`; a Go error becomes `fallback(message)` (Helm's functions swallow errors). */
function swallow<T>(f: () => T, fallback: (message: string) => T): T {
  try {
    return f();
  } catch (e) {
    return fallback(errorText(e));
  }
}

export const serializationFuncs: GoFunction[] = [
  goFunc('toYaml', [ANY], (v) => swallow(() => trimFinalNewline(marshalYaml(v)), () => ''), { result: STRING }),
  goFunc('mustToYaml', [ANY], (v) => trimFinalNewline(marshalYaml(v)), { result: STRING }),
  goFunc('toYamlPretty', [ANY], (v) => swallow(() => trimFinalNewline(marshalYamlPretty(v)), () => ''), { result: STRING }),
  goFunc(
    'fromYaml',
    [STRING],
    (s) =>
      swallow(
        () => parseYamlAs(s as string, 'map'),
        (message) => new Map<string, GoValue>([['Error', message]]),
      ),
    { result: MAP },
  ),
  goFunc('fromYamlArray', [STRING], (s) => swallow<GoValue>(() => parseYamlAs(s as string, 'array'), (message) => [message]), { result: SLICE }),
  goFunc('toJson', [ANY], (v) => swallow(() => encodeJson(v), () => ''), { result: STRING }),
  goFunc('mustToJson', [ANY], (v) => encodeJson(v), { result: STRING }),
  goFunc('toPrettyJson', [ANY], (v) => swallow(() => encodeJson(v, { indent: '  ' }), () => ''), { result: STRING }),
  goFunc('mustToPrettyJson', [ANY], (v) => encodeJson(v, { indent: '  ' }), { result: STRING, returnsError: true }),
  // sprig's toRawJson panics on an error rather than swallowing it.
  goFunc('toRawJson', [ANY], (v) => encodeJson(v, { escapeHTML: false }), { result: STRING }),
  goFunc('mustToRawJson', [ANY], (v) => encodeJson(v, { escapeHTML: false }), { result: STRING, returnsError: true }),
  goFunc(
    'fromJson',
    [STRING],
    (s) => {
        try {
          return parseJsonAs(s as string, 'map');
        } catch (e) {
          const partial = e instanceof JsonTypeError && e.partial instanceof Map ? e.partial : new Map<string, GoValue>();
          return partial.set('Error', errorText(e));
        }
      },
    { result: MAP },
  ),
  goFunc('fromJsonArray', [STRING], (s) => swallow<GoValue>(() => parseJsonAs(s as string, 'array'), (message) => [message]), { result: SLICE }),
  goFunc('mustFromJson', [STRING], (s) => parseJson(s as string), { returnsError: true }),
  goFunc('toToml', [ANY], (v) => swallow(() => encodeToml(v), (message) => message), { result: STRING }),
  goFunc(
    'fromToml',
    [STRING],
    (s) =>
      swallow<GoValue>(
        () => parseToml(s as string),
        (message) => new Map<string, GoValue>([['Error', message]]),
      ),
    { result: MAP },
  ),
];
