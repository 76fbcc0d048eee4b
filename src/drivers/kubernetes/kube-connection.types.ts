/**
 * A live connection to one cluster, made from a decrypted kubeconfig inside a worker (see
 * `connectKube` in ./kube-connection.ts). Everything goes through @kubernetes/client-node.
 * Failures are `DriverError`s with codes KUBE_UNREACHABLE, KUBE_TLS, KUBE_UNAUTHORIZED,
 * KUBE_FORBIDDEN, KUBE_NOT_FOUND, KUBE_CONFLICT, KUBE_INVALID, KUBE_THROTTLED (429),
 * KUBE_SERVER_ERROR (5xx), KUBECONFIG_INVALID, SSRF_BLOCKED (see ./kube-errors.ts); transport
 * failures, 429 and 5xx are retryable, the rest are not.
 */
import type { AsyncLookupFn } from '@marina/helm';
import type { NodeStatus, ResourceStatus, Endpoint, Readiness } from '../runtime-driver.types';
import type { KubeObject, ObjectRef } from './kube-object.types';

export interface ServerVersion {
  readonly major: string;
  readonly minor: string;
  readonly gitVersion: string;
}

export interface ApplyOptions {
  /** Server-side apply field manager (the Helm-compatible one unless told otherwise). */
  readonly fieldManager: string;
  /** Take over fields owned by other managers. */
  readonly force: boolean;
  /** Server dry-run (`dryRun=All`): validated and admitted, never persisted. */
  readonly dryRun?: boolean;
  /** Server-side field validation (`Strict`: unknown or duplicate fields refused). */
  readonly fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

export interface KubeConnection {
  /** `/version`. */
  serverVersion(): Promise<ServerVersion>;
  /**
   * Discovery, in Helm's `Capabilities.APIVersions` form: every "group/version" and
   * "group/version/Kind" the server serves (replacing, not added to, Helm's defaults).
   */
  apiVersions(): Promise<string[]>;
  namespaces(): Promise<string[]>;
  /** Creates the namespace with `labels` if missing; an existing one is left as it is. */
  ensureNamespace(name: string, labels: Readonly<Record<string, string>>): Promise<'created' | 'exists'>;
  get(ref: ObjectRef): Promise<KubeObject | null>;
  list(apiVersion: string, kind: string, namespace: string | null, labelSelector?: string): Promise<KubeObject[]>;
  /** Server-side apply; returns the live object. Namespaced objects without a namespace go to `defaultNamespace`. */
  apply(obj: KubeObject, defaultNamespace: string | null, opts: ApplyOptions): Promise<KubeObject>;
  /** Create-only (Helm storage writes): KUBE_CONFLICT when it exists. */
  create(obj: KubeObject, defaultNamespace: string | null): Promise<KubeObject>;
  /** Full replace with optimistic concurrency (metadata.resourceVersion must be set). */
  replace(obj: KubeObject): Promise<KubeObject>;
  /** Deletes with background propagation; 'absent' when it did not exist. */
  remove(ref: ObjectRef, propagation?: 'Background' | 'Foreground' | 'Orphan'): Promise<'deleted' | 'absent'>;
  /** Sets `spec.replicas` through the scale subresource (Deployments, StatefulSets, ReplicaSets). */
  scale(ref: ObjectRef, replicas: number): Promise<void>;
  /** One non-blocking readiness check of `refs` (see ./readiness/). */
  readiness(refs: readonly ObjectRef[], opts: { readonly since: Date; readonly crGraceMs: number }): Promise<Readiness>;
  /** Resources with health, pods as nodes, and endpoints of the objects `refs` name. */
  describe(refs: readonly ObjectRef[]): Promise<{
    resources: ResourceStatus[];
    nodes: NodeStatus[];
    endpoints: Endpoint[];
  }>;
  /** Helm's live `lookup` against this cluster. */
  readonly lookup: AsyncLookupFn;
  /** Closes watches and sockets. */
  close(): void;
}
