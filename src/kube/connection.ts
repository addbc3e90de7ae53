// A connection to one cluster from the credentials a user registered. @kubernetes/client-node parses
// kubeconfigs and runs the authenticators (token file refresh, exec and auth-provider plugins); the
// requests themselves go through transport.ts with raw JSON, so no field of a manifest is lost.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KubeConfig, type User } from '@kubernetes/client-node';
import { KubeError } from './errors.js';
import { rawRequest, requestJson, streamLines, type RawResponse, type RequestSpec, type TransportOptions } from './transport.js';

export interface TlsSettings {
  /** CA bundle that signs the server's certificate (PEM). Without it the system CAs are used. */
  caPem?: string;
  /** Skip verification of the server's certificate (only when asked). */
  insecureSkipTLSVerify?: boolean;
  /** Server name to verify instead of the URL's host. */
  tlsServerName?: string;
}

export type Credentials =
  | {
      type: 'kubeconfig';
      /** The kubeconfig's text, or `path` to a file (relative file references resolve from it). */
      kubeconfig?: string;
      path?: string;
      /** The context to use; the kubeconfig's current-context without it. */
      context?: string;
      /** exec and auth-provider plugins run programs or reach identity providers: refused unless set. */
      allowPlugins?: boolean;
    }
  | ({ type: 'token'; server: string; token: string } & TlsSettings)
  | ({ type: 'basic'; server: string; username: string; password: string } & TlsSettings)
  | ({ type: 'clientCertificate'; server: string; certPem: string; keyPem: string } & TlsSettings)
  | {
      type: 'inCluster';
      /** Prefix of /var/run/secrets/kubernetes.io/serviceaccount (tests); env KUBERNETES_SERVICE_HOST/PORT give the server. */
      pathPrefix?: string;
    };

export interface ConnectionOptions {
  /** The cluster's name in messages (default: the context name, or the server URL). */
  name?: string;
  /** Limit of one ordinary request (ms). */
  timeoutMs?: number;
}

const PLUGIN_FREE_AUTH_PROVIDER = 'tokenFile';

/** A cluster reachable with resolved credentials; cheap to keep, safe to share. */
export class Connection {
  private staticTransport?: TransportOptions;

  private constructor(
    readonly name: string,
    readonly server: string,
    /** The namespace of the kubeconfig context (or the service account's), else "default". */
    readonly defaultNamespace: string,
    private readonly config: KubeConfig,
    private readonly timeoutMs: number | undefined,
  ) {}

  /** Builds a connection; credential problems (unknown context, refused plugin, expired certificate) throw here. */
  static fromCredentials(credentials: Credentials, options: ConnectionOptions = {}): Connection {
    const label = options.name ?? describeCredentials(credentials);
    let config: KubeConfig;
    try {
      config = loadConfig(credentials);
    } catch (err) {
      if (err instanceof KubeError) throw err;
      throw new KubeError(label, `invalid credentials: ${(err as Error).message}`, 'Credentials');
    }
    const cluster = config.getCurrentCluster();
    const user = config.getCurrentUser();
    const context = config.getContextObject(config.getCurrentContext());
    const name = options.name ?? context?.name ?? cluster?.server ?? label;
    if (!cluster || !cluster.server) throw new KubeError(name, 'the credentials name no cluster with a server URL', 'Credentials');
    if (!/^https?:\/\//.test(cluster.server)) throw new KubeError(name, `invalid server URL ${JSON.stringify(cluster.server)}`, 'Credentials');
    if (user) checkUser(name, user, credentials.type === 'kubeconfig' ? Boolean(credentials.allowPlugins) : true);
    let namespace = context?.namespace?.trim() || 'default';
    if (credentials.type !== 'kubeconfig' && credentials.type !== 'inCluster') namespace = 'default';
    return new Connection(name, cluster.server, namespace, config, options.timeoutMs);
  }

  /**
   * The plain-data transport settings with current authorization. Plugin and token-file users are
   * asked again each time (they cache and refresh their tokens); others are computed once.
   */
  async transport(): Promise<TransportOptions> {
    if (this.staticTransport) return this.staticTransport;
    const user = this.config.getCurrentUser();
    const opts: { headers?: Record<string, string>; ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized?: boolean; servername?: string; auth?: string } = {};
    try {
      await this.config.applyToHTTPSOptions(opts as never);
    } catch (err) {
      throw new KubeError(this.name, `cannot obtain credentials: ${(err as Error).message}`, 'Credentials');
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k] = String(v);
    if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    const transport: TransportOptions = {
      cluster: this.name,
      server: this.server,
      caPem: opts.ca?.toString('utf8'),
      certPem: opts.cert?.toString('utf8'),
      keyPem: opts.key?.toString('utf8'),
      insecureSkipTLSVerify: opts.rejectUnauthorized === false,
      tlsServerName: opts.servername,
      headers,
      timeoutMs: this.timeoutMs,
    };
    if (!user?.exec && !user?.authProvider) this.staticTransport = transport;
    return transport;
  }

  async request(spec: RequestSpec): Promise<RawResponse> {
    return rawRequest(await this.transport(), spec);
  }

  async requestJson<T = unknown>(spec: RequestSpec): Promise<T> {
    return requestJson<T>(await this.transport(), spec);
  }

  async stream(spec: RequestSpec, onLine: (line: string) => void): Promise<void> {
    return streamLines(await this.transport(), spec, onLine);
  }

  /** Checks that the server answers and accepts the credentials; resolves with its /version. */
  async ping(): Promise<{ gitVersion: string; major: string; minor: string }> {
    const version = await this.requestJson<{ gitVersion: string; major: string; minor: string }>({ method: 'GET', path: '/version' });
    // /version is readable anonymously: discovery needs an identity the server accepts.
    await this.requestJson({ method: 'GET', path: '/api' });
    return version;
  }
}

function describeCredentials(c: Credentials): string {
  switch (c.type) {
    case 'kubeconfig':
      return c.context ?? c.path ?? 'kubeconfig';
    case 'inCluster':
      return 'in-cluster';
    default:
      return c.server;
  }
}

function loadConfig(c: Credentials): KubeConfig {
  const config = new KubeConfig();
  switch (c.type) {
    case 'kubeconfig': {
      if (c.path !== undefined) config.loadFromFile(c.path);
      else if (c.kubeconfig !== undefined) config.loadFromString(c.kubeconfig);
      else throw new Error('a kubeconfig credential needs the kubeconfig text or its path');
      if (c.context !== undefined) {
        if (!config.getContextObject(c.context)) {
          const known = config.getContexts().map((x) => x.name);
          throw new Error(`context "${c.context}" not found in the kubeconfig (contexts: ${known.join(', ') || 'none'})`);
        }
        config.setCurrentContext(c.context);
      } else if (!config.getCurrentContext()) {
        throw new Error('the kubeconfig has no current-context: name a context');
      }
      if (!config.getContextObject(config.getCurrentContext())) {
        throw new Error(`current-context "${config.getCurrentContext()}" not found in the kubeconfig`);
      }
      return config;
    }
    case 'inCluster': {
      if (!process.env.KUBERNETES_SERVICE_HOST || !process.env.KUBERNETES_SERVICE_PORT) {
        throw new Error('not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set');
      }
      config.loadFromCluster(c.pathPrefix);
      return config;
    }
    default: {
      const cluster = {
        name: 'cluster',
        server: c.server,
        caData: c.caPem ? Buffer.from(c.caPem).toString('base64') : undefined,
        skipTLSVerify: Boolean(c.insecureSkipTLSVerify),
        tlsServerName: c.tlsServerName,
      };
      const user: User =
        c.type === 'token'
          ? { name: 'user', token: c.token }
          : c.type === 'basic'
            ? { name: 'user', username: c.username, password: c.password }
            : { name: 'user', certData: Buffer.from(c.certPem).toString('base64'), keyData: Buffer.from(c.keyPem).toString('base64') };
      config.loadFromClusterAndUser(cluster, user);
      return config;
    }
  }
}

function checkUser(cluster: string, user: User, allowPlugins: boolean): void {
  const provider = user.authProvider as { name?: string } | undefined;
  if (!allowPlugins && user.exec) {
    const command = (user.exec as { command?: string }).command ?? '?';
    throw new KubeError(cluster, `user "${user.name}" authenticates with an exec plugin (command "${command}"), which runs a program: refused unless plugins are allowed`, 'Credentials');
  }
  if (!allowPlugins && provider && provider.name !== PLUGIN_FREE_AUTH_PROVIDER) {
    throw new KubeError(cluster, `user "${user.name}" authenticates with the auth-provider plugin "${provider.name}": refused unless plugins are allowed`, 'Credentials');
  }
  const certPem = user.certFile || user.certData ? readPem(user.certFile, user.certData) : undefined;
  if (certPem) checkCertificate(cluster, certPem);
}

function readPem(file: string | undefined, data: string | undefined): string | undefined {
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  return file ? readFileSync(file, 'utf8') : undefined;
}

/** An expired or not-yet-valid client certificate would fail the handshake obscurely: say so up front. */
export function checkCertificate(cluster: string, certPem: string, now = new Date()): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch (err) {
    throw new KubeError(cluster, `the client certificate cannot be parsed: ${(err as Error).message}`, 'Credentials');
  }
  const subject = cert.subject.replace(/\n/g, ', ');
  if (new Date(cert.validTo) < now) throw new KubeError(cluster, `the client certificate (${subject}) expired on ${new Date(cert.validTo).toISOString()}`, 'Credentials');
  if (new Date(cert.validFrom) > now) throw new KubeError(cluster, `the client certificate (${subject}) is not valid before ${new Date(cert.validFrom).toISOString()}`, 'Credentials');
}
