// Three-way strategic merge patch, as helm 3 computes it for built-in kinds (client-go's
// CreateThreeWayMergePatch with overwrite): the changes from the live object to the new manifest,
// ignoring fields only the live object has (other managers' fields stay), plus the deletions from
// the previous manifest to the new one. Lists follow their patch strategy: merged by merge key,
// merged as sets of primitives, or replaced whole.
import { NO_PATCH_SCHEMA, type PatchSchema } from './patch-meta.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

const SET_ELEMENT_ORDER = '$setElementOrder';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const RETAIN_KEYS = '$retainKeys';

export function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The patch that takes `current` to `modified` for every field `modified` sets, and removes what
 * `original` set and `modified` no longer does. An empty object means nothing to send.
 */
export function threeWayStrategicPatch(original: unknown, modified: unknown, current: unknown, schema: PatchSchema = NO_PATCH_SCHEMA): JsonMap {
  return diffMap(isMap(original) ? original : {}, isMap(modified) ? modified : {}, isMap(current) ? current : {}, schema, false);
}

function diffMap(original: JsonMap, modified: JsonMap, current: JsonMap, schema: PatchSchema, retainKeys: boolean): JsonMap {
  const patch: JsonMap = {};
  for (const [key, m] of Object.entries(modified)) {
    const c = current[key];
    const o = original[key];
    const field = schema.field(key);
    if (!Object.hasOwn(current, key)) {
      if (m !== null) patch[key] = m;
      continue;
    }
    if (m === null) {
      if (c !== null) patch[key] = null;
      continue;
    }
    if (isMap(m) && isMap(c)) {
      const sub = diffMap(isMap(o) ? o : {}, m, c, field.schema, field.strategies.includes('retainKeys'));
      if (Object.keys(sub).length > 0) patch[key] = sub;
      continue;
    }
    if (Array.isArray(m) && Array.isArray(c) && field.strategies.includes('merge')) {
      diffMergeList(patch, key, Array.isArray(o) ? o : [], m, c, field.mergeKey, field.schema.items(), field.strategies.includes('retainKeys'));
      continue;
    }
    if (!deepEqual(m, c)) patch[key] = m;
  }
  for (const key of Object.keys(original)) {
    if (!Object.hasOwn(modified, key)) patch[key] = null;
  }
  if (retainKeys && Object.keys(patch).length > 0) {
    patch[RETAIN_KEYS] = Object.keys(modified)
      .filter((k) => modified[k] !== null)
      .sort();
  }
  return patch;
}

function keyOf(item: Json, mergeKey: string): Json | undefined {
  return isMap(item) ? item[mergeKey] : undefined;
}

function diffMergeList(
  patch: JsonMap,
  key: string,
  original: Json[],
  modified: Json[],
  current: Json[],
  mergeKey: string | undefined,
  itemSchema: PatchSchema,
  retainKeys: boolean,
): void {
  const primitives = modified.concat(current, original).every((x) => !isMap(x) && !Array.isArray(x));
  if (primitives) {
    const added = modified.filter((x) => !current.some((y) => deepEqual(x, y)));
    const removed = original.filter((x) => !modified.some((y) => deepEqual(x, y)));
    if (added.length > 0) patch[key] = added;
    if (removed.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST}/${key}`] = removed;
    if (added.length > 0 || removed.length > 0) patch[`${SET_ELEMENT_ORDER}/${key}`] = modified;
    return;
  }
  if (!mergeKey) {
    if (!deepEqual(modified, current)) patch[key] = modified;
    return;
  }
  const items: Json[] = [];
  for (const m of modified) {
    const k = keyOf(m, mergeKey);
    const c = current.find((x) => deepEqual(keyOf(x, mergeKey), k));
    if (c === undefined || !isMap(c) || !isMap(m)) {
      items.push(m);
      continue;
    }
    const o = original.find((x) => deepEqual(keyOf(x, mergeKey), k));
    const sub = diffMap(isMap(o) ? o : {}, m, c, itemSchema, retainKeys);
    if (Object.keys(sub).length > 0) items.push({ [mergeKey]: k as Json, ...sub });
  }
  for (const o of original) {
    const k = keyOf(o, mergeKey);
    if (k !== undefined && !modified.some((x) => deepEqual(keyOf(x, mergeKey), k))) items.push({ [mergeKey]: k, $patch: 'delete' });
  }
  if (items.length > 0) {
    patch[key] = items;
    patch[`${SET_ELEMENT_ORDER}/${key}`] = modified.filter(isMap).map((x) => ({ [mergeKey]: x[mergeKey] ?? null }));
  }
}
