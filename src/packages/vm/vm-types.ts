/** package.json of an OpenPitrix VM package (fields as in OpenPitrix's opapp.Metadata). */
export interface VmPackageMetadata {
  readonly apiVersion: string | undefined;
  readonly name: string;
  readonly version: string;
  readonly appVersion: string | undefined;
  readonly description: string | undefined;
  readonly home: string | undefined;
  readonly icon: string | undefined;
  readonly maintainers: readonly { readonly name?: string; readonly email?: string }[];
  readonly screenshots: readonly string[];
  readonly keywords: readonly string[];
  readonly sources: readonly string[];
}

export const CONFIG_SCALAR_TYPES = ['string', 'password', 'integer', 'number', 'boolean'] as const;
export type ConfigScalarType = (typeof CONFIG_SCALAR_TYPES)[number];
/** QingCloud AppCenter reference types (another cluster, a load balancer); accepted for `.mustache` packages. */
export const APPCENTER_REF_TYPES = ['service', 'loadbalancer'] as const;
export type AppCenterRefType = (typeof APPCENTER_REF_TYPES)[number];
export type ConfigFieldType = ConfigScalarType | AppCenterRefType;

interface ConfigNodeBase {
  readonly key: string;
  readonly label?: string;
  readonly description?: string;
  readonly required: boolean;
  readonly changeable?: boolean;
}

/** A group (`"type": "array"` in config.json): its children are in `properties`. */
export interface ConfigGroup extends ConfigNodeBase {
  readonly type: 'array';
  readonly properties: readonly ConfigNode[];
}

/** A form field. `default` has already been checked against `type`, `min`, `max` and `step`. */
export interface ConfigField extends ConfigNodeBase {
  readonly type: ConfigFieldType;
  readonly default?: string | number | boolean;
  readonly min?: number;
  readonly max?: number;
  readonly step?: number;
  readonly range?: readonly (string | number | boolean)[];
  readonly pattern?: string;
  readonly multichoice?: boolean;
  readonly separator?: string;
}

export type ConfigNode = ConfigGroup | ConfigField;

/** Plain values of a config, shaped like the config tree (groups become objects). */
export type ConfigValues = { [key: string]: ConfigValue };
export type ConfigValue = string | number | boolean | null | ConfigValues;

export const SERVICE_NAMES = [
  'init',
  'start',
  'stop',
  'restart',
  'scale_out',
  'scale_in',
  'destroy',
  'upgrade',
  'backup',
  'restore',
  'delete_snapshot',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** One lifecycle command of a role. */
export interface ClusterService {
  readonly cmd?: string;
  readonly order: number;
  /** Seconds; OpenPitrix's default is 600. */
  readonly timeout: number;
  readonly nodesToExecuteOn?: number;
  readonly preCheck?: string;
  readonly postStartService?: boolean;
  readonly postStopService?: boolean;
  readonly allowForce?: boolean;
  readonly serviceParams?: Record<string, unknown>;
  /** True for AppCenter custom services (`"type": "custom"`). */
  readonly custom: boolean;
}

export interface ClusterVolume {
  readonly size: number;
  readonly mountPoint: readonly string[];
  readonly filesystem: 'ext4' | 'xfs' | 'ntfs';
  readonly mountOptions: string;
}

export interface HealthCheck {
  readonly enable: boolean;
  readonly intervalSec?: number;
  readonly timeoutSec?: number;
  readonly actionTimeoutSec?: number;
  readonly healthyThreshold?: number;
  readonly unhealthyThreshold?: number;
  readonly checkCmd?: string;
  readonly actionCmd?: string;
}

export interface ClusterRole {
  readonly role: string;
  readonly container: {
    readonly type: 'kvm' | 'docker' | 'lxc' | 'bm';
    readonly image: string;
    readonly zone?: string;
  };
  readonly count: number;
  readonly cpu?: number;
  readonly memory?: number;
  readonly gpu?: number;
  readonly instanceClass?: number;
  readonly volume?: ClusterVolume;
  readonly replica: number;
  readonly env: Record<string, unknown>;
  readonly services: Readonly<Record<string, ClusterService>>;
  readonly healthCheck?: HealthCheck;
  readonly verticalScalingPolicy?: 'sequential' | 'parallel';
  readonly advancedActions: readonly string[];
}

/** A rendered and validated cluster.json. Roles are unique by name. */
export interface ClusterDefinition {
  readonly name: string;
  readonly description: string;
  readonly subnet: string;
  readonly nodes: readonly ClusterRole[];
  readonly env: Record<string, unknown>;
  readonly links: Record<string, string>;
  readonly advancedActions: readonly string[];
  readonly healthCheck?: HealthCheck;
  readonly endpoints: Record<string, { readonly port: number; readonly protocol: string }>;
}
