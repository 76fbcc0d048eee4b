/**
 * The one interface every runtime provider implements (Kubernetes today; the VM clouds later).
 * A driver is used only inside workers: it receives a {@link RuntimeTarget} whose secret was
 * decrypted by the worker, never by an API process. Every method is idempotent and returns
 * quickly: `wait` reports progress instead of blocking, so a task re-schedules itself.
 */
import type { Provider } from '../entities/enums';

/** A deploy target as a worker sees it. */
export interface RuntimeTarget {
  readonly runtimeId: string;
  readonly provider: Provider;
  /** Kubernetes namespace of the runtime (the instance's namespace), or null for clouds. */
  readonly namespace: string | null;
  readonly zone: string | null;
  /** The credential's decrypted secret: `{ kubeconfig }` or `{ secretAccessKey }`. Never logged or stored. */
  readonly secret: Readonly<Record<string, string>>;
  readonly endpoint: string | null;
  /**
   * True only for the embedded profile's demo sandbox runtime, identified by its id: its loopback
   * address is exempt from the SSRF policy. Every other target obeys the policy.
   */
  readonly trusted: boolean;
}

/** Health of one deployed resource, as a user means it. */
export type ResourceHealth = 'HEALTHY' | 'PROGRESSING' | 'DEGRADED' | 'MISSING';

/** One deployed resource with its readiness (GraphQL `KubeResource`, plus health and reason). */
export interface ResourceStatus {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | null;
  readonly ready: number | null;
  readonly desired: number | null;
  readonly health: ResourceHealth;
  /** Why it is not healthy, readable by a human ("ImagePullBackOff on container redis: …"). */
  readonly message: string | null;
}

/** A pod (Kubernetes) or a VM (clouds) of an instance. */
export interface NodeStatus {
  readonly role: string;
  readonly name: string;
  /** Pod uid or the cloud's instance id. */
  readonly providerId: string | null;
  readonly privateIp: string | null;
  readonly status: string;
  readonly health: ResourceHealth;
}

/** How users reach an instance. */
export interface Endpoint {
  readonly kind: 'NodePort' | 'LoadBalancer' | 'Ingress' | 'ClusterIP' | 'Host';
  readonly name: string;
  readonly address: string;
  readonly port: number | null;
  readonly protocol: string | null;
}

/** What `describe` returns: the live state stored for dashboards. */
export interface InstanceDescription {
  readonly resources: readonly ResourceStatus[];
  readonly nodes: readonly NodeStatus[];
  readonly endpoints: readonly Endpoint[];
}

/** Result of a non-blocking readiness check. */
export type Readiness =
  | { readonly state: 'ready'; readonly resources: readonly ResourceStatus[] }
  | { readonly state: 'progressing'; readonly resources: readonly ResourceStatus[]; readonly message: string }
  | { readonly state: 'failed'; readonly resources: readonly ResourceStatus[]; readonly reason: string };

/** What `validate` reports about a credential (GraphQL `CredentialValidation`). */
export interface CredentialCheck {
  readonly ok: boolean;
  /** The failure, readable: unreachable, TLS, unauthorized, forbidden, blocked address. */
  readonly message: string | null;
  /** Kubernetes namespaces, or the cloud's zones. */
  readonly zones: readonly string[];
  /** e.g. "Kubernetes v1.32.0". */
  readonly serverVersion?: string;
}

/**
 * A provider's driver. `Desired` is what the provider applies (Kubernetes: objects; VMs: a
 * cluster plan); `Ref` names one applied thing.
 */
export interface RuntimeDriver<Desired, Ref> {
  readonly provider: Provider;
  /** Contacts the provider with the credential; never throws for provider failures, reports them. */
  validate(target: RuntimeTarget): Promise<CredentialCheck>;
  /** Reads the live state of `refs` (null where absent). Never changes anything. */
  observe(target: RuntimeTarget, refs: readonly Ref[]): Promise<readonly (Desired | null)[]>;
  /** Creates or updates `desired` so the live state matches; a second call with the same input changes nothing. */
  apply(target: RuntimeTarget, desired: Desired): Promise<Desired>;
  /** One readiness check of `refs`; does not block. */
  wait(target: RuntimeTarget, refs: readonly Ref[]): Promise<Readiness>;
  /** Removes `refs`; absent ones are not an error. */
  delete(target: RuntimeTarget, refs: readonly Ref[]): Promise<void>;
  /** The live state of an instance's resources, nodes and endpoints. */
  describe(target: RuntimeTarget, refs: readonly Ref[]): Promise<InstanceDescription>;
}
