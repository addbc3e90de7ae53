// The repositories file (helm's repositories.yaml format, so that either tool can read the other's).
import { readFile } from 'node:fs/promises';
import { GoError, type GoValue } from '../gotemplate/value.js';
import { marshalYaml } from '../yaml/emit.js';
import { parseYaml } from '../yaml/read.js';
import { atomicWriteFile } from './fsutil.js';

/** One repository, with helm's field names in the file. */
export interface RepoEntry {
  name: string;
  url: string;
  username: string;
  password: string;
  certFile: string;
  keyFile: string;
  caFile: string;
  insecureSkipTlsVerify: boolean;
  passCredentialsAll: boolean;
}

const FIELDS: [keyof RepoEntry, string][] = [
  ['name', 'name'],
  ['url', 'url'],
  ['username', 'username'],
  ['password', 'password'],
  ['certFile', 'certFile'],
  ['keyFile', 'keyFile'],
  ['caFile', 'caFile'],
  ['insecureSkipTlsVerify', 'insecure_skip_tls_verify'],
  ['passCredentialsAll', 'pass_credentials_all'],
];

export function newEntry(fields: Partial<RepoEntry> & { name: string; url: string }): RepoEntry {
  return { username: '', password: '', certFile: '', keyFile: '', caFile: '', insecureSkipTlsVerify: false, passCredentialsAll: false, ...fields };
}

/** Whether two entries describe the same repository the same way (helm's "same configuration"). */
export function sameEntry(a: RepoEntry, b: RepoEntry): boolean {
  return FIELDS.every(([k]) => a[k] === b[k]);
}

export class RepoFile {
  apiVersion = '';
  generated = '0001-01-01T00:00:00Z';
  repositories: RepoEntry[] = [];

  /** Reads the file; a missing file is an empty one (`exists` tells them apart). */
  static async load(path: string): Promise<{ file: RepoFile; exists: boolean }> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file: new RepoFile(), exists: false };
      throw new GoError(`couldn't load repositories file (${path}): ${(err as Error).message}`);
    }
    return { file: RepoFile.parse(text), exists: true };
  }

  static parse(text: string): RepoFile {
    const doc = parseYaml(text);
    const file = new RepoFile();
    if (!(doc instanceof Map)) return file;
    if (typeof doc.get('apiVersion') === 'string') file.apiVersion = doc.get('apiVersion') as string;
    if (typeof doc.get('generated') === 'string') file.generated = doc.get('generated') as string;
    const repos = doc.get('repositories');
    if (Array.isArray(repos)) {
      for (const r of repos) {
        if (!(r instanceof Map)) continue;
        const entry = newEntry({ name: '', url: '' });
        for (const [prop, key] of FIELDS) {
          const v = r.get(key);
          if (typeof v === typeof entry[prop]) (entry as unknown as Record<string, unknown>)[prop] = v;
        }
        file.repositories.push(entry);
      }
    }
    return file;
  }

  get(name: string): RepoEntry | undefined {
    return this.repositories.find((r) => r.name === name);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Adds or replaces the entry of that name. */
  update(entry: RepoEntry): void {
    const i = this.repositories.findIndex((r) => r.name === entry.name);
    if (i >= 0) this.repositories[i] = entry;
    else this.repositories.push(entry);
  }

  remove(name: string): boolean {
    const before = this.repositories.length;
    this.repositories = this.repositories.filter((r) => r.name !== name);
    return this.repositories.length !== before;
  }

  toYaml(): string {
    const repos: GoValue[] = this.repositories.map((r) => new Map<string, GoValue>(FIELDS.map(([prop, key]) => [key, r[prop]])));
    return marshalYaml(
      new Map<string, GoValue>([
        ['apiVersion', this.apiVersion],
        ['generated', this.generated],
        ['repositories', repos],
      ]),
    );
  }

  /** Writes atomically, readable by the owner only: the file holds credentials. */
  async write(path: string): Promise<void> {
    await atomicWriteFile(path, this.toYaml(), 0o600);
  }
}
