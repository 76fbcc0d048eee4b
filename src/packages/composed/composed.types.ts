/**
 * A composed app (PRODUCT.md C4, seed 003 "visual orchestration"): nodes joined by deployment-order
 * edges. One discriminated union per node kind, so a node carries only what its kind can use:
 * an INIT node has no Service, replicas or ingress; a CLOUD_DATABASE node has no image; only
 * CUSTOM and INIT nodes run a user's image with a command.
 */

export const NODE_KINDS = ['CUSTOM', 'MIDDLEWARE', 'CLOUD_DATABASE', 'INIT'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const ENGINES = ['mysql', 'redis', 'postgresql', 'rabbitmq', 'elasticsearch'] as const;
export type Engine = (typeof ENGINES)[number];

/** Engines a CLOUD_DATABASE node provisions (the managed databases standing in for RDS). */
export const DATABASE_ENGINES = ['mysql', 'postgresql'] as const;
export type DatabaseEngine = (typeof DATABASE_ENGINES)[number];

export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Kubernetes HostPathType names ('' = no check). */
export const HOST_PATH_TYPES = [
  '',
  'DirectoryOrCreate',
  'Directory',
  'FileOrCreate',
  'File',
  'Socket',
  'CharDevice',
  'BlockDevice',
] as const;
export type HostPathType = (typeof HOST_PATH_TYPES)[number];

/** One port pair: `port` is what others use (Service port), `targetPort` what the container listens on. */
export interface PortPair {
  readonly port: number;
  readonly targetPort: number;
  /** NodePort / LoadBalancer services only (30000-32767). */
  readonly nodePort?: number;
  readonly protocol: 'TCP' | 'UDP';
}

export interface ServiceSpec {
  /** The DNS name other nodes use: the Service is named exactly so. */
  readonly name: string;
  readonly type: ServiceType;
  readonly ports: readonly PortPair[];
}

export interface Quantities {
  readonly cpu?: string;
  readonly memory?: string;
}

export interface Resources {
  readonly requests: Quantities;
  readonly limits: Quantities;
}

export interface HostPathMount {
  readonly containerPath: string;
  readonly hostPath: string;
  readonly type: HostPathType;
  readonly readOnly: boolean;
}

/** A storage directory: a PVC mounted at `containerPath`. */
export interface StorageDir {
  readonly name: string;
  readonly containerPath: string;
  readonly size: string;
  readonly storageClass?: string;
}

/** A config file mounted by subPath (the directory around it stays visible). */
export type ConfigFile =
  | { readonly source: 'inline'; readonly name: string; readonly mountPath: string; readonly content: string }
  /** A config file managed beside the apps (a ConfigMap in the runtime's namespace), by name and key. */
  | {
      readonly source: 'configMap';
      readonly name: string;
      readonly mountPath: string;
      readonly configMap: string;
      readonly key: string;
    };

export interface IngressRule {
  readonly host: string;
  readonly path: string;
  /** Service port the rule routes to (default: the first). */
  readonly port: number;
}

/** Scheduling: no field set means any host. */
export interface Scheduling {
  /** Node labels the host must carry. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Named hosts (kubernetes.io/hostname). */
  readonly hosts: readonly string[];
  /** Nodes of this app whose pods this node's pods run beside (same host). */
  readonly affinity: readonly string[];
  /** Nodes of this app whose pods this node's pods avoid (a node naming itself spreads its replicas). */
  readonly antiAffinity: readonly string[];
}

export interface RollingStrategy {
  readonly type: 'RollingUpdate' | 'Recreate';
  /** Integer or percentage ("25%"); RollingUpdate only. */
  readonly maxUnavailable?: number | string;
  readonly maxSurge?: number | string;
}

/** What every node that runs containers has. */
interface WorkloadFields {
  readonly name: string;
  readonly resources?: Resources;
  /** Values may hold `${nodes.<name>.service}` and `${secrets.<node>.<key>}` references. */
  readonly env: Readonly<Record<string, string>>;
  readonly logDir?: string;
  readonly hostPaths: readonly HostPathMount[];
  readonly storage: readonly StorageDir[];
  readonly configFiles: readonly ConfigFile[];
  readonly scheduling: Scheduling;
}

/** What long-running, reachable nodes add. */
interface ServingFields extends WorkloadFields {
  readonly service?: ServiceSpec;
  readonly replicas: number;
  readonly hostNetwork: boolean;
  readonly ingress: readonly IngressRule[];
}

export interface CustomNode extends ServingFields {
  readonly kind: 'CUSTOM';
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly strategy?: RollingStrategy;
}

export interface MiddlewareNode extends ServingFields {
  readonly kind: 'MIDDLEWARE';
  readonly middleware: Engine;
  /** Overrides the catalogue's image (e.g. a mirror or another tag). */
  readonly image?: string;
}

export interface CloudDatabaseNode {
  readonly kind: 'CLOUD_DATABASE';
  readonly name: string;
  readonly middleware: DatabaseEngine;
  /** The provisioning provider (default "kubernetes": a managed workload in the runtime's cluster). */
  readonly provider: string;
  /** Service name of the database endpoint (default: the node name). */
  readonly serviceName: string;
  readonly size: string;
  readonly resources?: Resources;
}

export interface InitNode extends WorkloadFields {
  readonly kind: 'INIT';
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
}

export type ComposedNode = CustomNode | MiddlewareNode | CloudDatabaseNode | InitNode;
export type WorkloadNode = CustomNode | MiddlewareNode | InitNode;

/** "`from` deploys after `to`" (the arrow points at the node that deploys first). */
export interface ComposedEdge {
  readonly from: string;
  readonly to: string;
}

export interface ComposedDefinition {
  readonly nodes: readonly ComposedNode[];
  readonly edges: readonly ComposedEdge[];
}

/** package.json of a composed package. */
export interface ComposedMetadata {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly appVersion?: string;
}

export const isWorkload = (n: ComposedNode): n is WorkloadNode => n.kind !== 'CLOUD_DATABASE';
export const isServing = (n: ComposedNode): n is CustomNode | MiddlewareNode =>
  n.kind === 'CUSTOM' || n.kind === 'MIDDLEWARE';
