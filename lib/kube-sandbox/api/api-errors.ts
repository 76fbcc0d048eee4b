import type { JsonObject } from './kube-object.types';

/** Machine-readable `Status.reason` values the sandbox produces (the `code` of {@link KubeApiError}). */
export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Forbidden'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'Expired'
  | 'Gone'
  | 'UnsupportedMediaType'
  | 'NotAcceptable'
  | 'Unauthorized'
  | 'InternalError'
  | 'RequestEntityTooLarge';

const httpStatusOf: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  Forbidden: 403,
  BadRequest: 400,
  MethodNotAllowed: 405,
  Expired: 410,
  Gone: 410,
  UnsupportedMediaType: 415,
  NotAcceptable: 406,
  Unauthorized: 401,
  InternalError: 500,
  RequestEntityTooLarge: 413,
};

/** One entry of `Status.details.causes`. */
export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

/** Optional `Status.details`. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/**
 * An API failure that becomes a `Status` object on the wire. `code` is the Kubernetes
 * `reason` (NotFound, Conflict, Invalid …); `httpStatus` is the matching HTTP status.
 */
export class KubeApiError extends Error {
  readonly httpStatus: number;
  constructor(
    readonly code: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeApiError';
    this.httpStatus = httpStatusOf[code];
  }

  /** The `Status` object clients such as client-go and @kubernetes/client-node decode. */
  toStatus(): JsonObject {
    const status: JsonObject = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.code,
      code: this.httpStatus,
    };
    if (this.details) status.details = JSON.parse(JSON.stringify(this.details)) as JsonObject;
    return status;
  }
}

/** `<resource>.<group>` as the apiserver prints it (`deployments.apps`, `pods`). */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export const apiErrors = {
  notFound(resource: string, group: string, name: string): KubeApiError {
    return new KubeApiError('NotFound', `${qualifiedResource(resource, group)} "${name}" not found`, {
      name,
      group,
      kind: resource,
    });
  },
  alreadyExists(resource: string, group: string, name: string): KubeApiError {
    return new KubeApiError('AlreadyExists', `${qualifiedResource(resource, group)} "${name}" already exists`, {
      name,
      group,
      kind: resource,
    });
  },
  conflict(resource: string, group: string, name: string, why: string): KubeApiError {
    return new KubeApiError(
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": ${why}`,
      {
        name,
        group,
        kind: resource,
      },
    );
  },
  staleUpdate(resource: string, group: string, name: string): KubeApiError {
    return apiErrors.conflict(
      resource,
      group,
      name,
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  },
  invalid(kind: string, group: string, name: string, causes: StatusCause[]): KubeApiError {
    const what = group ? `${kind}.${group}` : kind;
    const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    const text = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
    return new KubeApiError('Invalid', `${what} "${name}" is invalid: ${text}`, { name, group, kind, causes });
  },
  forbidden(message: string, details?: StatusDetails): KubeApiError {
    return new KubeApiError('Forbidden', message, details);
  },
  badRequest(message: string): KubeApiError {
    return new KubeApiError('BadRequest', message);
  },
  methodNotAllowed(message: string): KubeApiError {
    return new KubeApiError('MethodNotAllowed', message);
  },
  expired(message: string): KubeApiError {
    return new KubeApiError('Expired', message);
  },
  unsupportedMediaType(contentType: string): KubeApiError {
    return new KubeApiError(
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got ${contentType})`,
    );
  },
  unauthorized(): KubeApiError {
    return new KubeApiError('Unauthorized', 'Unauthorized');
  },
  internal(message: string): KubeApiError {
    return new KubeApiError('InternalError', `Internal error occurred: ${message}`);
  },
};
