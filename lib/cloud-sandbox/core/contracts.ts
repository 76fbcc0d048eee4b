/**
 * Contracts shared by the three cloud sandboxes (QingCloud, EC2, ECS). Each cloud's front end
 * (`../aws`, `../aliyun`, `../qingcloud`) owns its own resource model and wire format; the core
 * gives every VM a real host and gives every front end the same helpers for the behaviours that
 * the issue demands of all three clouds (asynchronous transitions, idempotency tokens, quotas,
 * injected faults, persisted state).
 */

/** A VM's host: a loopback address of its own, a working directory, and a real sshd on port 22. */
export interface VmHostSpec {
  /** The cloud's instance id (unique within one sandbox process). */
  readonly id: string;
  readonly hostname: string;
  /** OpenSSH public keys (one per line form) that may log in as root. */
  readonly authorizedKeys: readonly string[];
}

export interface VmHostAddress {
  /** A unique 127.x.y.z address (never 127.0.0.1). */
  readonly privateIp: string;
  /** 22 when the sandbox runs as root; otherwise a high port, announced on the sandbox's output. */
  readonly sshPort: number;
}

/**
 * Boots, stops and removes VM hosts. All methods are idempotent: booting a running host returns
 * its address, stopping a stopped one does nothing, terminating an unknown id does nothing.
 */
export interface VmHostPool {
  /** Allocates an address and directory (kept across stop/start) and starts the host's sshd. */
  boot(spec: VmHostSpec): Promise<VmHostAddress>;
  /** Kills every process the VM started (sshd sessions, daemons, etcd) and its sshd; keeps its directory and address. */
  stop(id: string): Promise<void>;
  /** Removes the directory, frees the address, detaches its volumes. */
  terminate(id: string): Promise<void>;
  /** The host of a running VM, if any. */
  address(id: string): VmHostAddress | undefined;
  /**
   * Makes a sandbox volume (backed by a directory of the sandbox) visible to the VM as a block
   * device path `device` (e.g. `/dev/vdb`, `/dev/xvdf`), so that the VM's own `mkfs`/`mount`
   * commands (intercepted in the VM's PATH) mount it at a path private to that VM.
   */
  attachVolume(vmId: string, volumeId: string, device: string): Promise<void>;
  detachVolume(vmId: string, volumeId: string): Promise<void>;
  /** Detaches the volume wherever it is attached and deletes its backing directory (DeleteVolume). */
  removeVolume?(volumeId: string): Promise<void>;
  /** Stops every process of every VM and frees all addresses (called on SIGTERM). */
  close(): Promise<void>;
}

/** A resource state that changes by itself after a delay (pending → running, creating → available…). */
export interface Transitions {
  /** After `delayMs`, runs `apply` unless `cancel`led or superseded by another schedule for the same key. */
  schedule(key: string, delayMs: number, apply: () => void | Promise<void>): void;
  cancel(key: string): void;
  close(): void;
}

/**
 * Client tokens: the same token with the same parameters returns the first result; the same token
 * with different parameters is the cloud's mismatch error (the front end maps `'mismatch'`).
 */
export interface IdempotencyRegistry {
  lookup(scope: string, token: string, paramsDigest: string): { resultIds: readonly string[] } | 'mismatch' | undefined;
  record(scope: string, token: string, paramsDigest: string, resultIds: readonly string[]): void;
}

/** A fault the tests inject through the sandbox's control endpoint or its in-process handle. */
export type InjectedFault =
  | { readonly kind: 'fail-once'; readonly action: string; readonly code?: string }
  | { readonly kind: 'throttle'; readonly action: string; readonly times: number }
  /** The action succeeds on the cloud side, then the response is lost (connection reset). */
  | { readonly kind: 'drop-response'; readonly action: string }
  | { readonly kind: 'stuck-pending'; readonly instanceId?: string };

export interface FaultInjector {
  add(fault: InjectedFault): void;
  /** Consumes and returns the fault matching this action, if any. */
  take(action: string): InjectedFault | undefined;
  isStuck(instanceId: string): boolean;
  clear(): void;
}

export interface SandboxQuotas {
  readonly maxInstances: number;
  readonly maxVolumes: number;
}

/** Options every cloud sandbox accepts. */
export interface CloudSandboxOptions {
  readonly host?: string;
  readonly port?: number;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly region?: string;
  readonly zone?: string;
  /** pending → running delay; 5 s at most by default. */
  readonly bootDelayMs?: number;
  readonly quotas?: Partial<SandboxQuotas>;
  /** When set, only these image ids are accepted; otherwise any id is accepted and recorded. */
  readonly images?: readonly string[];
  /** JSON state file: loaded at start, written on every change. */
  readonly stateFile?: string;
  /** Use an in-process ssh2 server instead of OpenSSH sshd (embedded profile). */
  readonly inProcessSsh?: boolean;
  /** Where VM directories and volumes live; default `<stateFile>.d`, or a temporary directory removed on close. */
  readonly dataDir?: string;
  /** The image listed first by DescribeImages and its peers (each front end has its own default). */
  readonly defaultImage?: string;
  /** Lines the sandbox announces (an SSH port other than 22, restored VMs); default: none. */
  readonly log?: (line: string) => void;
}

/** What `marina sandbox cloud --out PATH` writes, and what every sandbox's `start…` returns. */
export interface CloudSandboxInfo {
  readonly provider: 'qingcloud' | 'aws' | 'aliyun';
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly zone: string;
  readonly vpcId: string;
  readonly subnetId: string;
}

export interface RunningCloudSandbox {
  readonly info: CloudSandboxInfo;
  readonly faults: FaultInjector;
  /** Stops every VM process, sshd and timer, and closes the HTTP server. */
  stop(): Promise<void>;
}

/** Persists one front end's JSON-serialisable state (when `stateFile` is set); otherwise memory only. */
export interface StateStore<T> {
  load(): T | undefined;
  /** Schedules a write of the latest state (coalesced); `flush` forces it. */
  save(state: T): void;
  flush(): Promise<void>;
}

/** What the core hands to each cloud's front end. */
export interface SandboxCore {
  readonly hosts: VmHostPool;
  readonly transitions: Transitions;
  readonly tokens: IdempotencyRegistry;
  readonly faults: FaultInjector;
  readonly quotas: SandboxQuotas;
  /** Resolved boot delay (default ≤ 5 s). */
  readonly bootDelayMs: number;
  state<T>(): StateStore<T>;
  /** Accepts and records an image id (or checks it against the fixed list); false when refused. */
  acceptImage(imageId: string): boolean;
  /** Images seen so far plus the default image. */
  images(): readonly string[];
  close(): Promise<void>;
}

/**
 * Each front end (`lib/cloud-sandbox/<cloud>/index.ts`) exports
 * `startSandbox(options: CloudSandboxOptions, core: SandboxCore): Promise<RunningCloudSandbox>`;
 * `lib/cloud-sandbox/index.ts` builds the core (`createSandboxCore(options)`) and dispatches by provider
 * in `startCloudSandbox(provider, options)`.
 */
export type StartFrontEnd = (options: CloudSandboxOptions, core: SandboxCore) => Promise<RunningCloudSandbox>;
