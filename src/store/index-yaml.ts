// The store as a Helm repository index (index.yaml): helm's IndexFile encoded as sigs.k8s.io/yaml
// does (JSON field names, keys sorted), each name's versions newest first.
import { GoError, type GoValue } from '../gotemplate/value.js';
import { metadataJson } from '../registry/metadata-json.js';
import { parseVersion, type Version } from '../semver/index.js';
import { marshalYaml } from '../yaml/emit.js';
import { parseJson } from '../yaml/json.js';
import { goTimeNow, type StoredChart } from './store.js';

function versionOf(c: StoredChart): Version | undefined {
  try {
    return parseVersion(c.version);
  } catch {
    return undefined;
  }
}

function newestFirst(a: StoredChart, b: StoredChart): number {
  const va = versionOf(a);
  const vb = versionOf(b);
  if (va && vb) return vb.compare(va);
  return a.version < b.version ? 1 : a.version > b.version ? -1 : 0;
}

function entry(c: StoredChart, baseUrl: string | undefined): Map<string, GoValue> {
  const fields = parseJson(metadataJson(c.metadata));
  if (!(fields instanceof Map)) throw new GoError('chart metadata did not encode as an object');
  fields.set('created', c.created);
  fields.set('digest', c.digest);
  fields.set('urls', [baseUrl ? `${baseUrl.replace(/\/+$/, '')}/${c.file}` : c.file]);
  return fields;
}

/**
 * index.yaml for the charts. `baseUrl` makes chart URLs absolute; without it they are relative to
 * the index, which helm resolves against the repository's URL.
 */
export function indexYaml(charts: StoredChart[], options: { baseUrl?: string; generated?: string } = {}): string {
  const byName = new Map<string, StoredChart[]>();
  for (const c of charts) {
    const list = byName.get(c.name) ?? [];
    list.push(c);
    byName.set(c.name, list);
  }
  const entries = new Map<string, GoValue>();
  for (const [name, list] of byName) entries.set(name, [...list].sort(newestFirst).map((c) => entry(c, options.baseUrl)));
  const index = new Map<string, GoValue>([
    ['apiVersion', 'v1'],
    ['entries', entries],
    ['generated', options.generated ?? goTimeNow()],
  ]);
  return marshalYaml(index);
}
