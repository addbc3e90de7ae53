// Errors of the kube layer. Every message starts with the cluster it concerns and, where there is
// one, the object, so that an operation over many clusters and objects says which one failed.

/** What an API request was about, for error messages. */
export interface ObjectRef {
  kind: string;
  name?: string;
  namespace?: string;
}

export function describeObject(ref: ObjectRef): string {
  let text = ref.kind;
  if (ref.name) text += ` "${ref.name}"`;
  if (ref.namespace) text += ` in namespace "${ref.namespace}"`;
  return text;
}

/** The Kubernetes Status `reason` values callers branch on (plus the transport's own). */
export type KubeErrorReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Unauthorized'
  | 'Forbidden'
  | 'BadRequest'
  | 'Timeout'
  | 'Unreachable'
  | 'TLS'
  | 'NoKindMatch'
  | 'Credentials'
  | string;

export class KubeError extends Error {
  constructor(
    readonly cluster: string,
    /** The message without the cluster and object. */
    readonly detail: string,
    readonly reason: KubeErrorReason,
    readonly status?: number,
    readonly object?: ObjectRef,
    readonly details?: unknown,
  ) {
    super(`cluster "${cluster}": ${object ? describeObject(object) + ': ' : ''}${detail}`);
    this.name = 'KubeError';
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeError && err.reason === 'NotFound';
}

export function isConflict(err: unknown): boolean {
  return err instanceof KubeError && err.reason === 'Conflict';
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  details?: unknown;
}

const REASON_BY_CODE: Record<number, KubeErrorReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The error of a non-2xx answer: the server's Status message when it sent one. */
export function statusError(cluster: string, status: number, body: unknown, rawText: string, object?: ObjectRef): KubeError {
  const s = (typeof body === 'object' && body !== null ? body : {}) as StatusBody;
  let reason: KubeErrorReason = s.reason || REASON_BY_CODE[status] || `HTTP${status}`;
  // A 409 that is not an optimistic-lock conflict (e.g. "already exists") carries its own reason.
  if (status === 409 && s.reason === 'AlreadyExists') reason = 'AlreadyExists';
  let message = s.kind === 'Status' && s.message ? s.message : rawText.trim().slice(0, 500) || `HTTP ${status}`;
  if (status === 401) message = `Unauthorized: the server rejected the credentials (${message})`;
  return new KubeError(cluster, message, reason, status, object, s.details);
}
