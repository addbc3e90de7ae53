// The in-memory chart, shaped as Helm's pkg/chart so that release storage can encode it as Helm does.
import type { GoValue } from '../gotemplate/value.js';

/** A file of a chart: its path relative to the chart root, with `/` separators, and its bytes. */
export interface ChartFile {
  name: string;
  data: Uint8Array;
  /** Modification time, as helm 4 records it in releases; undefined when unknown. */
  modTime?: Date;
}

export interface Maintainer {
  name?: string;
  email?: string;
  url?: string;
}

/** A dependency as Chart.yaml (v2) or requirements.yaml (v1) declares it. */
export interface Dependency {
  name: string;
  version?: string;
  repository?: string;
  condition?: string;
  tags?: string[];
  enabled?: boolean;
  /** Entries are strings (`exports.x` form) or maps {child, parent}. */
  importValues?: GoValue[];
  alias?: string;
}

/** Chart.yaml, with Helm's field names in camelCase as Chart.yaml spells them. */
export interface Metadata {
  name: string;
  home?: string;
  sources?: string[];
  version: string;
  description?: string;
  keywords?: string[];
  maintainers?: Maintainer[];
  icon?: string;
  apiVersion: string;
  condition?: string;
  tags?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string>;
  kubeVersion?: string;
  dependencies?: Dependency[];
  type?: string;
}

export interface Lock {
  generated: string;
  digest: string;
  dependencies: Dependency[];
}

export class Chart {
  /** Every file as loaded, before classification (Helm's Chart.Raw). */
  raw: ChartFile[] = [];
  metadata: Metadata;
  lock?: Lock;
  /** Files under templates/, names relative to the chart root (`templates/x.yaml`). */
  templates: ChartFile[] = [];
  /** values.yaml, parsed (float64 numbers, Map objects). */
  values: Map<string, GoValue> = new Map();
  /** values.schema.json bytes, if any. */
  schema?: Uint8Array;
  /** Every other file (README, crds/, files the templates read with .Files). */
  files: ChartFile[] = [];
  parent?: Chart;
  dependencies: Chart[] = [];

  constructor(metadata: Metadata) {
    this.metadata = metadata;
  }

  name(): string {
    return this.metadata.name;
  }

  isRoot(): boolean {
    return this.parent === undefined;
  }

  /** The chain of chart names from the root, joined by `/charts/`: the prefix of template paths. */
  chartFullPath(): string {
    return this.parent ? `${this.parent.chartFullPath()}/charts/${this.name()}` : this.name();
  }

  addDependency(...charts: Chart[]): void {
    for (const c of charts) {
      c.parent = this;
      this.dependencies.push(c);
    }
  }

  setDependencies(charts: Chart[]): void {
    this.dependencies = [];
    this.addDependency(...charts);
  }

  isLibrary(): boolean {
    return this.metadata.type === 'library';
  }

  /** Files under crds/ of this chart (not of its dependencies). */
  crdFiles(): ChartFile[] {
    return this.files.filter((f) => f.name.startsWith('crds/'));
  }
}
