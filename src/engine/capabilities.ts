// .Capabilities as helm 4.1.4's `helm template` sees it without a cluster (pkg/chart/common
// capabilities.go): the client's Kubernetes version, a fixed API version list, helm's build info.
import { GoError, GoObject, goFunc, sliceOf, withMethods, type GoValue } from '../gotemplate/value.js';

/** The API versions helm 4.1.4 reports without a cluster, in its order (client-go v1.35 scheme). */
export const DEFAULT_API_VERSIONS: readonly string[] = [
  'v1',
  'admissionregistration.k8s.io/v1',
  'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1',
  'apps/v1',
  'apps/v1beta1',
  'apps/v1beta2',
  'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1',
  'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1',
  'authorization.k8s.io/v1beta1',
  'autoscaling/v1',
  'autoscaling/v2',
  'autoscaling/v2beta1',
  'autoscaling/v2beta2',
  'batch/v1',
  'batch/v1beta1',
  'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1',
  'certificates.k8s.io/v1alpha1',
  'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1',
  'events.k8s.io/v1beta1',
  'extensions/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'networking.k8s.io/v1beta1',
  'node.k8s.io/v1',
  'node.k8s.io/v1alpha1',
  'node.k8s.io/v1beta1',
  'policy/v1',
  'policy/v1beta1',
  'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1',
  'rbac.authorization.k8s.io/v1alpha1',
  'resource.k8s.io/v1',
  'resource.k8s.io/v1beta2',
  'resource.k8s.io/v1beta1',
  'resource.k8s.io/v1alpha3',
  'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1',
  'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1',
  'storagemigration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

/** The Kubernetes version helm 4.1.4 assumes without a cluster (its client-go minor, patch 0). */
export const DEFAULT_KUBE_VERSION = 'v1.35.0';

/** helm 4.1.4's build info, as `helm version` and .Capabilities.HelmVersion report it. */
export const HELM_BUILD_INFO = {
  version: 'v4.1.4',
  gitCommit: '05fa37973dc9e42b76e1d2883494c87174b6074f',
  gitTreeState: 'clean',
  goVersion: 'go1.25.9',
  kubeClientVersion: 'v1.35',
} as const;

/**
 * common.KubeVersion: Version is the version as given (with a `v`), normalizedVersion its numeric
 * part; it prints (String) as the normalized one, GitVersion returns Version.
 */
export class KubeVersion extends GoObject {
  constructor(
    readonly version: string,
    readonly normalizedVersion: string,
    readonly major: string,
    readonly minor: string,
  ) {
    super();
  }
  goType(): string {
    return 'common.KubeVersion';
  }
  override fieldNames(): readonly string[] {
    return ['Version', 'normalizedVersion', 'Major', 'Minor'];
  }
  override field(name: string): GoValue | undefined {
    switch (name) {
      case 'Version':
        return this.version;
      case 'normalizedVersion':
        return this.normalizedVersion;
      case 'Major':
        return this.major;
      case 'Minor':
        return this.minor;
    }
    return undefined;
  }
  override method(name: string) {
    if (name === 'String') return goFunc('String', [], () => this.goString(), { result: 'string' });
    if (name === 'GitVersion') return goFunc('GitVersion', [], () => this.version, { result: 'string' });
    return undefined;
  }
  // helm's String(): the normalized version, or Version when there is none (capabilities from a cluster).
  override goString(): string {
    return this.normalizedVersion || this.version;
  }
  // helm declares String() on *KubeVersion: `{{ .Capabilities.KubeVersion | quote }}` prints the struct.
  override stringerOnPointerOnly(): boolean {
    return true;
  }
  override jsonEntries(): [string, GoValue][] {
    return [
      ['Version', this.version],
      ['Major', this.major],
      ['Minor', this.minor],
    ];
  }
}

const GENERIC_VERSION = /^[\t\n\v\f\r ]*v?([0-9]+(?:\.[0-9]+)*)/;

/**
 * Parses a Kubernetes version as `--kube-version` accepts it (k8s.io/apimachinery ParseGeneric:
 * at least major.minor, anything after the numbers ignored). Throws helm's error text.
 */
export function parseKubeVersion(text: string): KubeVersion {
  const m = GENERIC_VERSION.exec(text);
  if (!m) throw new GoError(`could not parse ${JSON.stringify(text)} as version`);
  const parts = m[1].split('.');
  if (parts.length < 2) throw new GoError(`illegal version string ${JSON.stringify(text)}`);
  const numbers = parts.map((p) => {
    const n = BigInt(p);
    if (n > 0xffffffffn) throw new GoError(`illegal version string ${JSON.stringify(text)}`);
    return n.toString();
  });
  const gitVersion = text.startsWith('v') ? text : 'v' + text;
  return new KubeVersion(gitVersion, 'v' + numbers.join('.'), numbers[0], numbers[1]);
}

/** version.BuildInfo of the helm binary. */
export class HelmBuildInfo extends GoObject {
  goType(): string {
    return 'version.BuildInfo';
  }
  override fieldNames(): readonly string[] {
    return ['Version', 'GitCommit', 'GitTreeState', 'GoVersion', 'KubeClientVersion'];
  }
  override field(name: string): GoValue | undefined {
    switch (name) {
      case 'Version':
        return HELM_BUILD_INFO.version;
      case 'GitCommit':
        return HELM_BUILD_INFO.gitCommit;
      case 'GitTreeState':
        return HELM_BUILD_INFO.gitTreeState;
      case 'GoVersion':
        return HELM_BUILD_INFO.goVersion;
      case 'KubeClientVersion':
        return HELM_BUILD_INFO.kubeClientVersion;
    }
    return undefined;
  }
  override jsonEntries(): [string, GoValue][] {
    return [
      ['version', HELM_BUILD_INFO.version],
      ['git_commit', HELM_BUILD_INFO.gitCommit],
      ['git_tree_state', HELM_BUILD_INFO.gitTreeState],
      ['go_version', HELM_BUILD_INFO.goVersion],
      ['kube_client_version', HELM_BUILD_INFO.kubeClientVersion],
    ];
  }
}

/** common.VersionSet: a []string whose Has tells whether a version (or version/Kind) is listed. */
export function versionSet(versions: readonly string[]): string[] {
  const set = sliceOf([...versions], 'common.VersionSet');
  const members = new Set(versions);
  return withMethods(set, [goFunc('Has', ['string'], (v) => members.has(v as string), { result: 'bool' })]);
}

/** *common.Capabilities. */
export class Capabilities extends GoObject {
  readonly apiVersions: string[];
  readonly helmVersion = new HelmBuildInfo();
  constructor(
    readonly kubeVersion: KubeVersion,
    apiVersions: readonly string[],
  ) {
    super();
    this.apiVersions = versionSet(apiVersions);
  }
  goType(): string {
    return '*common.Capabilities';
  }
  override fieldNames(): readonly string[] {
    return ['KubeVersion', 'APIVersions', 'HelmVersion'];
  }
  override field(name: string): GoValue | undefined {
    switch (name) {
      case 'KubeVersion':
        return this.kubeVersion;
      case 'APIVersions':
        return this.apiVersions;
      case 'HelmVersion':
        return this.helmVersion;
    }
    return undefined;
  }
}

/**
 * The capabilities of `helm template`: the default Kubernetes version (or --kube-version) and the
 * default API versions followed by the extra ones (--api-versions), as install.go's client-only mode.
 */
export function clientOnlyCapabilities(options: { kubeVersion?: KubeVersion; extraAPIVersions?: readonly string[] } = {}): Capabilities {
  const kubeVersion = options.kubeVersion ?? parseKubeVersion(DEFAULT_KUBE_VERSION);
  return new Capabilities(kubeVersion, [...DEFAULT_API_VERSIONS, ...(options.extraAPIVersions ?? [])]);
}
