// What the repository layer needs from an OCI registry client (src/registry implements it): chart
// references `oci://host/path/name[:tag]` resolve and download through this interface only.
import type { ConnectionOptions } from '../net/http.js';

export interface OciChartSource {
  /**
   * Downloads the chart `ref` (`oci://...`, possibly with `:tag` or `@digest`) at `version`
   * (a version or constraint; empty: the tag in the reference, else the newest) and returns the archive.
   */
  pullChart(ref: string, version: string, options: OciPullOptions): Promise<{ bytes: Uint8Array; version: string; digest?: string }>;
  /** The versions (tags) a repository holds, for resolving dependency constraints. */
  tags(ref: string, options: OciPullOptions): Promise<string[]>;
}

export interface OciPullOptions extends ConnectionOptions {
  plainHttp?: boolean;
}

export function isOciRef(ref: string): boolean {
  return ref.startsWith('oci://');
}
