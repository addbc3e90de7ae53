// The top-level data of a render (helm 4's pkg/chart/common/util ToRenderValues) and the .Chart
// map helm 4 builds from Chart.yaml: Go field names, every field present, IsRoot added.
import type { Chart, Dependency, Maintainer, Metadata } from '../chart/chart.js';
import { goInt, mapOf, TypedNil, type GoValue } from '../gotemplate/value.js';
import type { Capabilities } from './capabilities.js';

/** Go type of helm 4's top-level data, .Values and .Template: a named map[string]interface {}. */
export const VALUES_TYPE = 'common.Values';

/** .Release of a render. */
export interface ReleaseOptions {
  name: string;
  namespace: string;
  revision: number;
  isInstall: boolean;
  isUpgrade: boolean;
}

function strings(list: readonly string[] | undefined): GoValue[] {
  return list ? [...list] : [];
}

function maintainerMap(m: Maintainer): Map<string, GoValue> {
  return new Map<string, GoValue>([
    ['Name', m.name ?? ''],
    ['Email', m.email ?? ''],
    ['URL', m.url ?? ''],
  ]);
}

function dependencyMap(d: Dependency): Map<string, GoValue> {
  return new Map<string, GoValue>([
    ['Name', d.name],
    ['Version', d.version ?? ''],
    ['Repository', d.repository ?? ''],
    ['Condition', d.condition ?? ''],
    ['Tags', strings(d.tags)],
    ['Enabled', d.enabled ?? false],
    ['ImportValues', d.importValues ? [...d.importValues] : []],
    ['Alias', d.alias ?? ''],
  ]);
}

function annotationsValue(annotations: Record<string, string> | undefined): GoValue {
  if (!annotations) return new TypedNil('map[string]string');
  return mapOf(new Map<string, GoValue>(Object.entries(annotations)), 'map[string]string');
}

/** .Chart as helm 4 exposes it: a map[string]interface {} of Chart.yaml's fields plus IsRoot. */
export function chartMetadataMap(metadata: Metadata, isRoot: boolean): Map<string, GoValue> {
  return new Map<string, GoValue>([
    ['Name', metadata.name ?? ''],
    ['Home', metadata.home ?? ''],
    ['Sources', strings(metadata.sources)],
    ['Version', metadata.version ?? ''],
    ['Description', metadata.description ?? ''],
    ['Keywords', strings(metadata.keywords)],
    ['Maintainers', (metadata.maintainers ?? []).map(maintainerMap)],
    ['Icon', metadata.icon ?? ''],
    ['APIVersion', metadata.apiVersion ?? ''],
    ['Condition', metadata.condition ?? ''],
    ['Tags', metadata.tags ?? ''],
    ['AppVersion', metadata.appVersion ?? ''],
    ['Deprecated', metadata.deprecated ?? false],
    ['Annotations', annotationsValue(metadata.annotations)],
    ['KubeVersion', metadata.kubeVersion ?? ''],
    ['Dependencies', (metadata.dependencies ?? []).map(dependencyMap)],
    ['Type', metadata.type ?? ''],
    ['IsRoot', isRoot],
  ]);
}

/** .Release as a map[string]interface {} (Revision is a Go int). */
export function releaseMap(release: ReleaseOptions): Map<string, GoValue> {
  return new Map<string, GoValue>([
    ['Name', release.name],
    ['Namespace', release.namespace],
    ['IsUpgrade', release.isUpgrade],
    ['IsInstall', release.isInstall],
    ['Revision', goInt(release.revision)],
    ['Service', 'Helm'],
  ]);
}

/**
 * The top-level render values: Chart, Capabilities, Release and the already coalesced (and
 * validated) Values of the root chart. The engine derives each chart's own scope from it.
 */
export function toRenderValues(chart: Chart, values: Map<string, GoValue>, release: ReleaseOptions, capabilities: Capabilities): Map<string, GoValue> {
  return new Map<string, GoValue>([
    ['Chart', chartMetadataMap(chart.metadata, chart.isRoot())],
    ['Capabilities', capabilities],
    ['Release', releaseMap(release)],
    ['Values', mapOf(values, VALUES_TYPE)],
  ]);
}
