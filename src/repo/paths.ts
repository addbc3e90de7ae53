// Where repository settings and caches live: Capstan's own files by default, helm's when asked.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface RepoPaths {
  /** The repositories file (helm's repositories.yaml format). */
  repositoryConfig: string;
  /** Cached indexes: `<name>-index.yaml`, `<name>-charts.txt`, and Capstan's compact `<name>-index.json`. */
  repositoryCache: string;
  /** Downloaded chart archives, by digest. */
  contentCache: string;
}

type Env = Record<string, string | undefined>;

/** Capstan's own files: $CAPSTAN_CONFIG_HOME/repositories.yaml and $CAPSTAN_CACHE_HOME/{repository,content}. */
export function capstanRepoPaths(env: Env = process.env): RepoPaths {
  const config = env.CAPSTAN_CONFIG_HOME || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'capstan');
  const cache = env.CAPSTAN_CACHE_HOME || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'capstan');
  return {
    repositoryConfig: join(config, 'repositories.yaml'),
    repositoryCache: join(cache, 'repository'),
    contentCache: join(cache, 'content'),
  };
}

/** helm's files, as helm finds them ($HELM_REPOSITORY_CONFIG, $HELM_REPOSITORY_CACHE, $HELM_*_HOME, XDG). */
export function helmRepoPaths(env: Env = process.env): RepoPaths {
  const config = env.HELM_CONFIG_HOME || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'helm');
  const cache = env.HELM_CACHE_HOME || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'helm');
  return {
    repositoryConfig: env.HELM_REPOSITORY_CONFIG || join(config, 'repositories.yaml'),
    repositoryCache: env.HELM_REPOSITORY_CACHE || join(cache, 'repository'),
    contentCache: env.HELM_CONTENT_CACHE || join(cache, 'content'),
  };
}

/** Paths from explicit overrides on top of Capstan's (or, with `useHelm`, helm's) defaults. */
export function repoPaths(overrides: Partial<RepoPaths> & { useHelm?: boolean } = {}, env: Env = process.env): RepoPaths {
  const base = overrides.useHelm ? helmRepoPaths(env) : capstanRepoPaths(env);
  return {
    repositoryConfig: overrides.repositoryConfig || base.repositoryConfig,
    repositoryCache: overrides.repositoryCache || base.repositoryCache,
    contentCache: overrides.contentCache || base.contentCache,
  };
}

export const cacheIndexFile = (name: string): string => `${name}-index.yaml`;
export const cacheChartsFile = (name: string): string => `${name}-charts.txt`;
export const compactIndexFile = (name: string): string => `${name}-index.json`;
