// JSON merge patch (RFC 7386) between two documents, as helm 3 sends for kinds without strategic
// merge metadata (custom resources): what changed from the previous manifest to the new one.
import { deepEqual, isMap } from './strategic.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function jsonMergePatch(from: unknown, to: unknown): Record<string, Json> {
  const patch: Record<string, Json> = {};
  const a = isMap(from) ? from : {};
  const b = isMap(to) ? to : {};
  for (const [key, value] of Object.entries(b)) {
    if (!Object.hasOwn(a, key)) {
      patch[key] = value;
    } else if (isMap(a[key]) && isMap(value)) {
      const sub = jsonMergePatch(a[key], value);
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (!deepEqual(a[key], value)) {
      patch[key] = value;
    }
  }
  for (const key of Object.keys(a)) if (!Object.hasOwn(b, key)) patch[key] = null;
  return patch;
}
