// Helm's ConfigMap driver (HELM_DRIVER=configmap): each revision a ConfigMap.
import type { KubeObject } from '../../kube/index.js';
import { KubeRecordDriver } from './kube-records.js';

export class ConfigMapsDriver extends KubeRecordDriver {
  readonly name = 'ConfigMap';
  protected readonly kind = 'ConfigMap';
  protected dataOf(encoded: string): Record<string, string> {
    return { release: encoded };
  }
  protected encodedOf(obj: KubeObject): string {
    const data = (obj.data ?? {}) as Record<string, string>;
    return data.release ?? '';
  }
  protected extraFields(): Record<string, unknown> {
    return {};
  }
}
