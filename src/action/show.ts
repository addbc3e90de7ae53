// `show all|chart|values|readme|crds` (helm's Show action) on a loaded chart.
import type { Chart } from '../chart/chart.js';
import { metadataToGo } from '../chart/encode.js';
import { marshalYaml } from '../yaml/emit.js';

export type ShowFormat = 'all' | 'chart' | 'values' | 'readme' | 'crds';

const README_NAMES = ['readme.md', 'readme.txt', 'readme'];
const decoder = new TextDecoder();

export class Show {
  constructor(private readonly format: ShowFormat) {}

  run(chart: Chart): string {
    const all = this.format === 'all';
    let out = '';
    if (this.format === 'chart' || all) out += marshalYaml(metadataToGo(chart.metadata)) + '\n';
    if (this.format === 'values' || all) {
      if (all) out += '---\n';
      for (const f of chart.raw) if (f.name === 'values.yaml') out += decoder.decode(f.data) + '\n';
    }
    if (this.format === 'readme' || all) {
      const readme = chart.files.find((f) => README_NAMES.includes(f.name.toLowerCase()));
      if (readme) {
        if (all) out += '---\n';
        out += decoder.decode(readme.data) + '\n';
      }
    }
    if (this.format === 'crds' || all) {
      for (const crd of crdFiles(chart)) {
        const text = decoder.decode(crd.data);
        if (!text.startsWith('---')) out += '---\n';
        out += text + '\n';
      }
    }
    return out;
  }
}

/** CRD files of the chart and, after them, of its subcharts (helm's CRDObjects). */
function crdFiles(chart: Chart): { data: Uint8Array }[] {
  const own = chart.files.filter((f) => f.name.startsWith('crds/') && /\.(ya?ml|json)$/.test(f.name));
  return [...own, ...chart.dependencies.flatMap(crdFiles)];
}
