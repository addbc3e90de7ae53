// What the Secrets and ConfigMaps drivers share: one object per revision, named by its key,
// labelled so that helm's label queries find it, holding the encoded release in data.release.
// Secrets carry the encoded text base64-encoded once more (Secret data is bytes); ConfigMaps carry
// it as is.
import { KubeClient, KubeError, isNotFound, type KubeObject } from '../../kube/index.js';
import { decodeRelease, encodeRelease } from '../codec.js';
import type { Release } from '../release.js';
import { type Driver, DriverError, customLabels, errReleaseExists, errReleaseNotFound, recordLabels } from './driver.js';

export type RecordKind = 'Secret' | 'ConfigMap';

/** An error with helm's wrapping prefix, keeping a driver error's code. */
function wrap(prefix: string, err: unknown): Error {
  const message = `${prefix}: ${err instanceof Error ? err.message : String(err)}`;
  return err instanceof DriverError ? new DriverError(message, err.code) : new Error(message, { cause: err });
}

/** Kubernetes' label value rule (IsValidLabelValue), with its messages. */
function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (v !== '' && !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)) {
    errs.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  }
  return errs;
}

/** A label selector `k=v,...` with keys sorted, as apimachinery's Set.AsSelector writes it. */
function selectorOf(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

export abstract class KubeRecordDriver implements Driver {
  abstract readonly name: string;
  protected abstract readonly kind: RecordKind;

  /** `namespace` undefined: every namespace (list and query only). */
  constructor(
    protected readonly client: KubeClient,
    readonly namespace?: string,
  ) {}

  protected abstract dataOf(encoded: string): Record<string, string>;
  protected abstract encodedOf(obj: KubeObject): string;
  protected abstract extraFields(): Record<string, unknown>;

  private decode(obj: KubeObject): Release {
    const r = decodeRelease(this.encodedOf(obj));
    r.labels = customLabels(obj.metadata.labels as Record<string, string> | undefined);
    return r;
  }

  private objectOf(key: string, r: Release, labels: Record<string, string>): KubeObject {
    return { apiVersion: 'v1', kind: this.kind, metadata: { name: key, labels }, ...this.extraFields(), data: this.dataOf(encodeRelease(r)) };
  }

  async get(key: string): Promise<Release> {
    let obj: KubeObject | undefined;
    try {
      obj = await this.client.get('v1', this.kind, key, this.namespace);
    } catch (err) {
      throw wrap(`get: failed to get ${JSON.stringify(key)}`, err);
    }
    if (!obj) throw errReleaseNotFound();
    try {
      return this.decode(obj);
    } catch (err) {
      throw wrap(`get: failed to decode data ${JSON.stringify(key)}`, err);
    }
  }

  private async listObjects(selector: string, what: string): Promise<KubeObject[]> {
    try {
      return (await this.client.list('v1', this.kind, this.namespace, { labelSelector: selector })).items;
    } catch (err) {
      throw wrap(what, err);
    }
  }

  /** Records that fail to decode are skipped, as helm skips them (it only logs them). */
  private decodeAll(items: KubeObject[]): Release[] {
    const out: Release[] = [];
    for (const item of items) {
      try {
        out.push(this.decode(item));
      } catch {
        continue;
      }
    }
    return out;
  }

  async list(filter: (r: Release) => boolean): Promise<Release[]> {
    const items = await this.listObjects('owner=helm', 'list: failed to list');
    return this.decodeAll(items).filter(filter);
  }

  async query(labels: Record<string, string>): Promise<Release[]> {
    for (const v of Object.values(labels)) {
      const errs = labelValueErrors(v);
      if (errs.length) throw new Error(`invalid label value: ${JSON.stringify(v)}: ${errs.join('; ')}`);
    }
    const items = await this.listObjects(selectorOf(labels), 'query: failed to query with labels');
    if (items.length === 0) throw errReleaseNotFound();
    return this.decodeAll(items);
  }

  async create(key: string, r: Release): Promise<void> {
    let obj: KubeObject;
    try {
      obj = this.objectOf(key, r, recordLabels(r, 'createdAt'));
    } catch (err) {
      throw wrap(`create: failed to encode release ${JSON.stringify(r.name)}`, err);
    }
    try {
      await this.client.create(obj, this.namespace);
    } catch (err) {
      if (err instanceof KubeError && err.reason === 'AlreadyExists') throw errReleaseExists();
      throw wrap('create: failed to create', err);
    }
  }

  async update(key: string, r: Release): Promise<void> {
    let obj: KubeObject;
    try {
      obj = this.objectOf(key, r, recordLabels(r, 'modifiedAt'));
    } catch (err) {
      throw wrap(`update: failed to encode release ${JSON.stringify(r.name)}`, err);
    }
    try {
      await this.client.replaceAt(await this.client.locate(obj, this.namespace), obj);
    } catch (err) {
      throw wrap('update: failed to update', err);
    }
  }

  async delete(key: string): Promise<Release> {
    let r: Release;
    try {
      r = await this.get(key);
    } catch (err) {
      throw wrap(`delete: failed to get release ${JSON.stringify(key)}`, err);
    }
    const at = await this.client.locate({ apiVersion: 'v1', kind: this.kind, metadata: { name: key } }, this.namespace);
    try {
      await this.client.deleteAt(at);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return r;
  }
}
