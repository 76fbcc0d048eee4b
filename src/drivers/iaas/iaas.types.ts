/**
 * One IaaS interface for QingCloud, AWS and Aliyun. Adapters in `./qingcloud`, `./aws`, `./aliyun`
 * implement {@link IaasClient} through the cloud's real SDK (or, for QingCloud, our signed client)
 * and translate every provider error into an {@link IaasError}.
 */

export type IaasProvider = 'QINGCLOUD' | 'AWS' | 'ALIYUN';

export interface IaasCredential {
  readonly provider: IaasProvider;
  /** Base URL of the API (checked against the SSRF policy before any call). */
  readonly endpoint?: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
}

/** One normalised node state; each cloud maps its own states in a table (`<cloud>.states.ts`). */
export type NodeState = 'PENDING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'TERMINATING' | 'TERMINATED' | 'UNKNOWN';
export type VolumeState = 'CREATING' | 'AVAILABLE' | 'IN_USE' | 'DELETING' | 'DELETED' | 'ERROR' | 'UNKNOWN';

/** Tags Marina puts on every resource it creates, so orphans are found by tag. */
export interface MarinaTags {
  readonly 'marina:instance': string;
  readonly 'marina:task': string;
  readonly [key: string]: string;
}

export interface RunInstanceRequest {
  /** Idempotency token (derived from the task id): the same token never creates a second VM. */
  readonly token: string;
  readonly name: string;
  readonly zone: string;
  readonly imageId: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  /** A cloud instance type; when absent the adapter picks one from cpu/memory. */
  readonly instanceType?: string;
  readonly subnetId?: string;
  readonly keyPairId?: string;
  readonly userData?: string;
  readonly tags: MarinaTags;
}

export interface IaasNode {
  readonly id: string;
  readonly name: string;
  readonly state: NodeState;
  /** The cloud's own state word, kept for messages. */
  readonly rawState: string;
  readonly zone: string;
  readonly privateIp?: string;
  readonly instanceType?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface CreateVolumeRequest {
  readonly token: string;
  readonly name: string;
  readonly zone: string;
  readonly sizeGiB: number;
  readonly tags: MarinaTags;
}

export interface IaasVolume {
  readonly id: string;
  readonly name: string;
  readonly state: VolumeState;
  readonly rawState: string;
  readonly sizeGiB: number;
  readonly zone: string;
  readonly attachedTo?: string;
  readonly device?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface IaasNetwork {
  readonly id: string;
  readonly name: string;
  readonly cidr?: string;
}
export interface IaasSubnet {
  readonly id: string;
  readonly name: string;
  readonly vpcId: string;
  readonly zone?: string;
  readonly cidr?: string;
}
export interface IaasKeyPair {
  readonly id: string;
  readonly name: string;
  readonly fingerprint?: string;
}

export type IaasErrorCode =
  | 'BAD_CREDENTIALS'
  | 'FORBIDDEN'
  | 'QUOTA_EXCEEDED'
  | 'NOT_FOUND'
  | 'THROTTLED'
  | 'INVALID_PARAMETER'
  | 'IDEMPOTENCY_MISMATCH'
  | 'WRONG_REGION'
  | 'UNREACHABLE'
  | 'INCORRECT_STATE'
  | 'PROVIDER_ERROR';

/** A provider failure, normalised; `providerCode` keeps the cloud's own code. */
export class IaasError extends Error {
  constructor(
    readonly code: IaasErrorCode,
    readonly providerCode: string,
    message: string,
    readonly retryable: boolean = code === 'THROTTLED' || code === 'UNREACHABLE',
  ) {
    super(message);
    this.name = 'IaasError';
  }
}

/**
 * Every method observes or acts once; mutating calls are idempotent by token (run, create volume)
 * or by target state (start a running node, stop a stopped one, terminate a terminated one).
 * Throttled calls are retried with backoff inside the adapter before an IaasError escapes.
 */
export interface IaasClient {
  readonly provider: IaasProvider;
  /** Lists regions and zones; used by credential validation (bad keys vs wrong region vs unreachable). */
  describeRegions(): Promise<readonly string[]>;
  describeZones(): Promise<readonly string[]>;

  runInstance(req: RunInstanceRequest): Promise<IaasNode>;
  describeInstances(filter: {
    ids?: readonly string[];
    tags?: Readonly<Record<string, string>>;
  }): Promise<readonly IaasNode[]>;
  /** The instance created with this token, if the cloud accepted the call (recovery after a crash). */
  findInstanceByToken(token: string, tags: MarinaTags): Promise<IaasNode | undefined>;
  startInstances(ids: readonly string[]): Promise<void>;
  stopInstances(ids: readonly string[]): Promise<void>;
  terminateInstances(ids: readonly string[]): Promise<void>;
  resizeInstance(id: string, spec: { cpu: number; memoryMiB: number; instanceType?: string }): Promise<void>;

  createVolume(req: CreateVolumeRequest): Promise<IaasVolume>;
  describeVolumes(filter: {
    ids?: readonly string[];
    tags?: Readonly<Record<string, string>>;
  }): Promise<readonly IaasVolume[]>;
  attachVolume(volumeId: string, instanceId: string): Promise<void>;
  detachVolume(volumeId: string, instanceId: string): Promise<void>;
  deleteVolume(volumeId: string): Promise<void>;
  resizeVolume(volumeId: string, sizeGiB: number): Promise<void>;

  describeVpcs(): Promise<readonly IaasNetwork[]>;
  describeSubnets(vpcId?: string): Promise<readonly IaasSubnet[]>;
  importKeyPair(name: string, publicKey: string): Promise<IaasKeyPair>;
  describeKeyPairs(): Promise<readonly IaasKeyPair[]>;
  deleteKeyPair(id: string): Promise<void>;
  tagResources(ids: readonly string[], tags: Readonly<Record<string, string>>): Promise<void>;
}
