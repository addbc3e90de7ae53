// The cluster side of the `lookup` template function. Without a cluster helm's lookup returns an
// empty map; the kube layer implements LookupClient to answer from a real API server.
import type { GoValue } from '../gotemplate/value.js';

export interface LookupClient {
  /**
   * The object (or, with an empty name, the list) as unstructured data: a Map of the JSON object.
   * An object that does not exist is an empty Map; other failures throw an Error with helm's text.
   */
  lookup(apiVersion: string, kind: string, namespace: string, name: string): Map<string, GoValue>;
}
