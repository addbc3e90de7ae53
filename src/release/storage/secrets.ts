// Helm's default driver: each revision a Secret of type helm.sh/release.v1.
import type { KubeObject } from '../../kube/index.js';
import { RELEASE_SECRET_TYPE } from './driver.js';
import { KubeRecordDriver } from './kube-records.js';

export class SecretsDriver extends KubeRecordDriver {
  readonly name = 'Secret';
  protected readonly kind = 'Secret';
  protected dataOf(encoded: string): Record<string, string> {
    return { release: Buffer.from(encoded, 'utf8').toString('base64') };
  }
  protected encodedOf(obj: KubeObject): string {
    const data = (obj.data ?? {}) as Record<string, string>;
    return Buffer.from(data.release ?? '', 'base64').toString('utf8');
  }
  protected extraFields(): Record<string, unknown> {
    return { type: RELEASE_SECRET_TYPE };
  }
}
