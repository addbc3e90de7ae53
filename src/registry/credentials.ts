// Registry credentials: Capstan's own file, in the docker config.json layout that helm also writes
// (so `--registry-config` can point at helm's file), kept private (0600, written atomically), and,
// only when asked, docker's own config.json as a read-only fallback.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Credential {
  username: string;
  password: string;
}

export interface CredentialSource {
  get(host: string): Promise<Credential | undefined>;
}

/** The credential file: $CAPSTAN_REGISTRY_CONFIG, else $XDG_CONFIG_HOME/capstan/registry/config.json. */
export function defaultRegistryConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CAPSTAN_REGISTRY_CONFIG) return env.CAPSTAN_REGISTRY_CONFIG;
  const configHome = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(configHome, 'capstan', 'registry', 'config.json');
}

/** Docker's config.json: $DOCKER_CONFIG/config.json, else ~/.docker/config.json. */
export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json');
}

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  [other: string]: unknown;
}

interface ConfigFile {
  auths?: Record<string, AuthEntry>;
  [other: string]: unknown;
}

async function readConfig(path: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message may quote the file's text, which holds secrets.
    throw new Error(`registry credential file ${path} is not valid JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`registry credential file ${path} is not a JSON object`);
  return parsed as ConfigFile;
}

/** The host an `auths` key names: docker keys may carry a scheme and a path (`https://host/v1/`). */
function keyHost(key: string): string {
  const noScheme = key.replace(/^[a-z]+:\/\//, '');
  const slash = noScheme.indexOf('/');
  return slash < 0 ? noScheme : noScheme.slice(0, slash);
}

function decodeEntry(entry: AuthEntry): Credential | undefined {
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string') return { username: entry.username, password: entry.password };
  return undefined;
}

function findEntry(config: ConfigFile, host: string): AuthEntry | undefined {
  const auths = config.auths ?? {};
  if (Object.hasOwn(auths, host)) return auths[host];
  for (const [key, entry] of Object.entries(auths)) if (keyHost(key) === host) return entry;
  return undefined;
}

/** Read-only credentials from a docker-style config.json (docker's own, for example). */
export class ConfigFileCredentials implements CredentialSource {
  constructor(readonly path: string) {}

  async get(host: string): Promise<Credential | undefined> {
    const entry = findEntry(await readConfig(this.path), host);
    return entry ? decodeEntry(entry) : undefined;
  }
}

/** Capstan's credential file: read, and written by `registry login` / `logout`. */
export class CredentialStore implements CredentialSource {
  private readonly fallbacks: CredentialSource[];

  constructor(
    readonly path: string = defaultRegistryConfigPath(),
    options: { fallbacks?: CredentialSource[] } = {},
  ) {
    this.fallbacks = options.fallbacks ?? [];
  }

  async get(host: string): Promise<Credential | undefined> {
    const entry = findEntry(await readConfig(this.path), host);
    const own = entry ? decodeEntry(entry) : undefined;
    if (own) return own;
    for (const source of this.fallbacks) {
      const found = await source.get(host);
      if (found) return found;
    }
    return undefined;
  }

  async save(host: string, credential: Credential): Promise<void> {
    const config = await readConfig(this.path);
    const auths = { ...(config.auths ?? {}) };
    auths[host] = { auth: Buffer.from(`${credential.username}:${credential.password}`, 'utf8').toString('base64') };
    await this.write({ ...config, auths });
  }

  /** Forgets a host's credentials; false when there were none. */
  async remove(host: string): Promise<boolean> {
    const config = await readConfig(this.path);
    const auths = { ...(config.auths ?? {}) };
    const keys = Object.keys(auths).filter((k) => k === host || keyHost(k) === host);
    if (keys.length === 0) return false;
    for (const k of keys) delete auths[k];
    await this.write({ ...config, auths });
    return true;
  }

  private async write(config: ConfigFile): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    // A temporary file created 0600 and renamed over: never a moment with a readable or half file.
    const temp = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, JSON.stringify(config, null, '\t') + '\n', { mode: 0o600, flag: 'wx' });
      await chmod(temp, 0o600);
      await rename(temp, this.path);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }
}
