// What `.Values` look like, with Go types, after helm 4.1.4 and Capstan read the same chart and flags.
import { GoInt, typeName, type GoValue } from '../../src/gotemplate/value.js';
import { firstErrorLine, helm, parseDebugOutput, removeTemp, tempChart, type ChartFiles, type RunResult } from './helm.js';
import { capstanInProcess } from './snippets.js';

/**
 * A template that prints a value tree as JSON with each scalar's Go type:
 * maps as {"m":{...}}, lists as {"l":[...]}, scalars as {"t":TYPE,"v":VALUE}.
 */
export const TYPED_DUMP = `{{- define "dump" -}}
{{- $t := typeOf . -}}
{{- if or (eq $t "map[string]interface {}") (eq $t "common.Values") -}}
{"m":{ {{- $first := true -}}{{- range $k, $v := . -}}{{- if not $first -}},{{- end -}}{{- $first = false -}}{{ toJson $k }}:{{ include "dump" $v }}{{- end -}} }}
{{- else if eq $t "[]interface {}" -}}
{"l":[ {{- range $i, $v := . -}}{{- if $i -}},{{- end -}}{{ include "dump" $v }}{{- end -}} ]}
{{- else -}}
{"t":{{ toJson $t }},"v":{{ toJson . }}}
{{- end -}}
{{- end -}}
`;

/** A comparable form of a value tree: Map, array, or `TYPE|VALUE` for a scalar. */
export type Typed = Map<string, Typed> | Typed[] | string;

export function typedGo(v: GoValue): Typed {
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, typedGo(x)]));
  if (Array.isArray(v)) return v.map(typedGo);
  const value = v === null ? 'null' : v instanceof GoInt ? v.toString() : String(v);
  return `${typeName(v)}|${value}`;
}

interface RawNumber {
  raw: string;
}

/** Parses the output of TYPED_DUMP. */
export function parseTypedDump(text: string): Typed {
  const parsed: unknown = JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === 'number' ? ({ raw: context?.source ?? String(value) } satisfies RawNumber) : value,
  );
  return toTyped(parsed);
}

function toTyped(node: unknown): Typed {
  const o = node as { m?: Record<string, unknown>; l?: unknown[]; t?: string; v?: unknown };
  if (o.m) return new Map(Object.entries(o.m).map(([k, x]) => [k, toTyped(x)]));
  if (o.l) return o.l.map(toTyped);
  const v = o.v;
  let text: string;
  if (v === null) text = 'null';
  else if (typeof v === 'object' && 'raw' in (v as object)) {
    const raw = (v as RawNumber).raw;
    text = o.t === 'float64' ? String(Number(raw)) : raw;
  } else text = String(v);
  return `${o.t}|${text}`;
}

export type HelmValuesResult = { values: Typed } | { error: string };

export interface ValuesPair {
  helm: HelmValuesResult;
  capstan: HelmValuesResult;
}

/**
 * Runs `template` on a one-template chart that dumps `.Values` (typed), with `args` (e.g. --set
 * flags) and the chart's extra files, with helm and with Capstan's whole pipeline; `cwd` is where
 * relative paths in args are read from.
 */
export async function renderValues(args: string[], files: ChartFiles = {}, cwd?: string): Promise<ValuesPair> {
  const dir = tempChart({ 'templates/values.yaml': TYPED_DUMP + '{{ include "dump" .Values }}\n', ...files }, 'dump');
  try {
    const argv = ['template', 'rel', dir, ...args];
    return { helm: valuesOf(await helm(argv, '4.1.4', cwd)), capstan: valuesOf(await capstanInProcess(argv, cwd)) };
  } finally {
    removeTemp(dir);
  }
}

function valuesOf(res: RunResult): HelmValuesResult {
  if (res.code !== 0) return { error: firstErrorLine(res.stderr) };
  const out = parseDebugOutput(res.stdout, 'dump/templates/');
  return { values: parseTypedDump(out.get('values.yaml') ?? '') };
}
