// Chart.yaml and Chart.lock as Go values with helm's JSON field names and omitempty rules, for
// sigs.k8s.io/yaml-style marshalling (helm package, helm show chart) and for dependency digests.
import type { GoValue } from '../gotemplate/value.js';
import type { Dependency, Lock, Maintainer, Metadata } from './chart.js';

type Entry = [string, GoValue | undefined];

function compact(entries: Entry[]): Map<string, GoValue> {
  const out = new Map<string, GoValue>();
  for (const [k, v] of entries) {
    if (v === undefined || v === '' || v === false) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (v instanceof Map && v.size === 0) continue;
    out.set(k, v);
  }
  return out;
}

function maintainerToGo(m: Maintainer): Map<string, GoValue> {
  return compact([
    ['name', m.name],
    ['email', m.email],
    ['url', m.url],
  ]);
}

/** helm's chart.Dependency: `name` and `repository` always, the rest when set. */
export function dependencyToGo(d: Dependency): Map<string, GoValue> {
  const rest = compact([
    ['version', d.version],
    ['condition', d.condition],
    ['tags', d.tags],
    ['enabled', d.enabled],
    ['import-values', d.importValues],
    ['alias', d.alias],
  ]);
  const out = new Map<string, GoValue>([['name', d.name ?? '']]);
  if (rest.has('version')) out.set('version', rest.get('version')!);
  out.set('repository', d.repository ?? '');
  for (const [k, v] of rest) if (k !== 'version') out.set(k, v);
  return out;
}

export function metadataToGo(md: Metadata): Map<string, GoValue> {
  return compact([
    ['name', md.name],
    ['home', md.home],
    ['sources', md.sources],
    ['version', md.version],
    ['description', md.description],
    ['keywords', md.keywords],
    ['maintainers', md.maintainers?.map(maintainerToGo)],
    ['icon', md.icon],
    ['apiVersion', md.apiVersion],
    ['condition', md.condition],
    ['tags', md.tags],
    ['appVersion', md.appVersion],
    ['deprecated', md.deprecated],
    ['annotations', md.annotations ? new Map(Object.entries(md.annotations)) : undefined],
    ['kubeVersion', md.kubeVersion],
    ['dependencies', md.dependencies?.map(dependencyToGo)],
    ['type', md.type],
  ]);
}

export function lockToGo(lock: Lock): Map<string, GoValue> {
  return new Map<string, GoValue>([
    ['generated', lock.generated],
    ['digest', lock.digest],
    ['dependencies', lock.dependencies.map(dependencyToGo)],
  ]);
}
