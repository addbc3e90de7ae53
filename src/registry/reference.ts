// OCI references as helm reads them (`oci://host[:port]/path/chart[:tag][@digest]`): the oras
// grammar for registry, repository, tag and digest, and helm's `+` → `_` rewrite of semver tags
// (OCI tags cannot hold `+`).
export const OCI_SCHEME = 'oci://';

export interface OciReference {
  /** host[:port] */
  registry: string;
  /** The repository path within the registry, e.g. `charts/nginx`. */
  repository: string;
  /** The tag as the registry knows it (`+` already rewritten to `_`); '' when absent. */
  tag: string;
  /** `algorithm:hex`; '' when absent. */
  digest: string;
}

export class ReferenceError extends Error {}

const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*';
const REPOSITORY = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256_HEX = /^[a-f0-9]{64}$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::\d{1,5})?$/;

export function isOci(ref: string): boolean {
  return ref.startsWith(OCI_SCHEME);
}

/** Helm's tag for a chart version: `+` is not allowed in OCI tags. */
export function versionToTag(version: string): string {
  return version.replaceAll('+', '_');
}

/** The chart version a tag stands for (helm turns `_` back into `+`). */
export function tagToVersion(tag: string): string {
  return tag.replaceAll('_', '+');
}

/** Checks a digest's form (`sha256:` needs 64 lowercase hex digits). */
export function validateDigest(digest: string): void {
  if (!DIGEST.test(digest)) throw new ReferenceError(`invalid reference: invalid digest "${digest}": invalid checksum digest format`);
  const [algorithm, encoded] = digest.split(':', 2);
  if (algorithm === 'sha256' && !SHA256_HEX.test(encoded)) throw new ReferenceError(`invalid reference: invalid digest "${digest}": invalid checksum digest length`);
  if (algorithm !== 'sha256') throw new ReferenceError(`invalid reference: invalid digest "${digest}": unsupported digest algorithm`);
}

/** Parses a reference with or without `oci://`, as helm's newReference does. */
export function parseReference(raw: string): OciReference {
  let rest = raw.startsWith(OCI_SCHEME) ? raw.slice(OCI_SCHEME.length) : raw;
  let digest = '';
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) throw new ReferenceError('invalid reference: missing registry or repository');
  const registry = rest.slice(0, slash);
  let repository = rest.slice(slash + 1);
  let tag = '';
  // oras splits at the first colon of the path; only a well-formed tag survives the check below.
  const colon = repository.indexOf(':');
  if (colon >= 0) {
    tag = versionToTag(repository.slice(colon + 1));
    repository = repository.slice(0, colon);
  }
  if (!HOST.test(registry)) throw new ReferenceError(`invalid reference: invalid registry "${registry}"`);
  if (!REPOSITORY.test(repository)) throw new ReferenceError(`invalid reference: invalid repository "${repository}"`);
  if (colon >= 0 && !TAG.test(tag)) throw new ReferenceError(`invalid reference: invalid tag "${tag}"`);
  if (digest !== '') validateDigest(digest);
  return { registry, repository, tag, digest };
}

/** `host/repo:tag`, `host/repo@digest` or `host/repo:tag@digest` (no scheme), as helm prints it. */
export function formatReference(ref: OciReference): string {
  let s = `${ref.registry}/${ref.repository}`;
  if (ref.tag) s += `:${ref.tag}`;
  if (ref.digest) s += `@${ref.digest}`;
  return s;
}

/** The last path element of the repository: the chart's name for a chart reference. */
export function repositoryBaseName(ref: OciReference): string {
  return ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
}
