// Chart.yaml metadata as helm's Go struct encodes it with encoding/json: fields in struct order,
// empty ones omitted (except a dependency's name and repository), HTML characters escaped. This is
// the config blob of a chart pushed to a registry, so the same chart gets the same digest as helm's.
import type { Dependency, Maintainer, Metadata } from '../chart/chart.js';
import { encodeJson, jsonQuote } from '../yaml/json.js';

type Field = [string, string | undefined];

function object(fields: Field[]): string {
  return '{' + fields.filter((f): f is [string, string] => f[1] !== undefined).map(([k, v]) => `${jsonQuote(k)}:${v}`).join(',') + '}';
}

function str(s: string | undefined): string | undefined {
  return s ? jsonQuote(s) : undefined;
}

function strList(list: string[] | undefined): string | undefined {
  return list && list.length > 0 ? '[' + list.map((s) => jsonQuote(s)).join(',') + ']' : undefined;
}

function maintainer(m: Maintainer): string {
  return object([
    ['name', str(m.name)],
    ['email', str(m.email)],
    ['url', str(m.url)],
  ]);
}

function dependency(d: Dependency): string {
  return object([
    ['name', jsonQuote(d.name ?? '')],
    ['version', str(d.version)],
    ['repository', jsonQuote(d.repository ?? '')],
    ['condition', str(d.condition)],
    ['tags', strList(d.tags)],
    ['enabled', d.enabled ? 'true' : undefined],
    ['import-values', d.importValues && d.importValues.length > 0 ? encodeJson(d.importValues) : undefined],
    ['alias', str(d.alias)],
  ]);
}

export function metadataJson(md: Metadata): string {
  const annotations = md.annotations && Object.keys(md.annotations).length > 0 ? encodeJson(new Map(Object.entries(md.annotations))) : undefined;
  return object([
    ['name', str(md.name)],
    ['home', str(md.home)],
    ['sources', strList(md.sources)],
    ['version', str(md.version)],
    ['description', str(md.description)],
    ['keywords', strList(md.keywords)],
    ['maintainers', md.maintainers && md.maintainers.length > 0 ? '[' + md.maintainers.map(maintainer).join(',') + ']' : undefined],
    ['icon', str(md.icon)],
    ['apiVersion', str(md.apiVersion)],
    ['condition', str(md.condition)],
    ['tags', str(md.tags)],
    ['appVersion', str(md.appVersion)],
    ['deprecated', md.deprecated ? 'true' : undefined],
    ['annotations', annotations],
    ['kubeVersion', str(md.kubeVersion)],
    ['dependencies', md.dependencies && md.dependencies.length > 0 ? '[' + md.dependencies.map(dependency).join(',') + ']' : undefined],
    ['type', str(md.type)],
  ]);
}
