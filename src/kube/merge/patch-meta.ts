// Strategic merge patch metadata (patch strategy and merge key of each field) from the OpenAPI v3
// documents the server publishes: the same `x-kubernetes-patch-strategy` and
// `x-kubernetes-patch-merge-key` that client-go reads from its Go struct tags.
import type { Connection } from '../connection.js';

/** What strategic merge needs to know about one level of an object. */
export interface PatchSchema {
  /** The schema of a map field, with the field's own strategy and merge key. */
  field(name: string): { strategies: string[]; mergeKey?: string; schema: PatchSchema };
  /** The schema of a list's items. */
  items(): PatchSchema;
}

/** No metadata: every list is replaced, every map merged. */
export const NO_PATCH_SCHEMA: PatchSchema = {
  field: () => ({ strategies: [], schema: NO_PATCH_SCHEMA }),
  items: () => NO_PATCH_SCHEMA,
};

interface OpenAPISchema {
  $ref?: string;
  allOf?: OpenAPISchema[];
  properties?: Record<string, OpenAPISchema>;
  items?: OpenAPISchema;
  additionalProperties?: OpenAPISchema | boolean;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
}

export interface OpenAPIDocument {
  components?: { schemas?: Record<string, OpenAPISchema> };
}

class OpenAPIPatchSchema implements PatchSchema {
  constructor(
    private readonly doc: OpenAPIDocument,
    private readonly schema: OpenAPISchema | undefined,
  ) {}

  private resolve(s: OpenAPISchema | undefined, depth = 0): OpenAPISchema | undefined {
    if (!s || depth > 8) return s;
    const ref = s.$ref ?? s.allOf?.find((x) => x.$ref)?.$ref;
    if (!ref) return s;
    const name = ref.slice(ref.lastIndexOf('/') + 1);
    return this.resolve(this.doc.components?.schemas?.[name], depth + 1);
  }

  field(name: string): { strategies: string[]; mergeKey?: string; schema: PatchSchema } {
    const self = this.resolve(this.schema);
    const prop = self?.properties?.[name] ?? (typeof self?.additionalProperties === 'object' ? self.additionalProperties : undefined);
    if (!prop) return { strategies: [], schema: NO_PATCH_SCHEMA };
    const strategy = prop['x-kubernetes-patch-strategy'];
    return {
      strategies: strategy ? strategy.split(',') : [],
      mergeKey: prop['x-kubernetes-patch-merge-key'],
      schema: new OpenAPIPatchSchema(this.doc, prop),
    };
  }

  items(): PatchSchema {
    const self = this.resolve(this.schema);
    return self?.items ? new OpenAPIPatchSchema(this.doc, self.items) : NO_PATCH_SCHEMA;
  }
}

/** The patch schema of `kind` in a group/version's OpenAPI v3 document, if the document defines it. */
export function patchSchemaOf(doc: OpenAPIDocument, group: string, version: string, kind: string): PatchSchema | undefined {
  for (const schema of Object.values(doc.components?.schemas ?? {})) {
    const gvks = schema['x-kubernetes-group-version-kind'];
    if (gvks?.some((g) => g.group === group && g.version === version && g.kind === kind)) return new OpenAPIPatchSchema(doc, schema);
  }
  return undefined;
}

/** Fetches and caches the OpenAPI v3 documents of one cluster, one per group/version. */
export class OpenAPISchemas {
  private index?: Promise<Record<string, { serverRelativeURL: string }>>;
  private readonly docs = new Map<string, Promise<OpenAPIDocument>>();

  constructor(private readonly connection: Connection) {}

  private paths(): Promise<Record<string, { serverRelativeURL: string }>> {
    this.index ??= this.connection.requestJson<{ paths: Record<string, { serverRelativeURL: string }> }>({ method: 'GET', path: '/openapi/v3' }).then((r) => r.paths);
    return this.index;
  }

  async patchSchema(group: string, version: string, kind: string): Promise<PatchSchema> {
    const key = group === '' ? `api/${version}` : `apis/${group}/${version}`;
    let doc = this.docs.get(key);
    if (!doc) {
      doc = this.paths().then((paths) => {
        const entry = paths[key];
        if (!entry) return {};
        const [path, query] = entry.serverRelativeURL.split('?');
        return this.connection.requestJson<OpenAPIDocument>({ method: 'GET', path, query: Object.fromEntries(new URLSearchParams(query ?? '')) });
      });
      this.docs.set(key, doc);
      doc.catch(() => this.docs.delete(key));
    }
    return patchSchemaOf(await doc, group, version, kind) ?? NO_PATCH_SCHEMA;
  }
}
