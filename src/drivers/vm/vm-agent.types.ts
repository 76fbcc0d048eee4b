/**
 * The VM agent plane's contract (PRODUCT.md H3): how a worker reaches a cluster's nodes over SSH
 * through the frontgate, keeps the frontgate's etcd running, registers cluster metadata in it and
 * runs role service commands. Implemented in `./agent/` (ssh2, etcd3); used by the VM driver's
 * tasks in `./deploy/`. Nothing here is a secret store: private keys come in from the worker's
 * decrypted runtime target and are never logged.
 */

/** A node as the agent plane addresses it. */
export interface VmHost {
  /** The cloud's instance id: the key host keys are pinned under. */
  readonly instanceId: string;
  /** Private IP inside the VPC. */
  readonly ip: string;
  /** SSH port (22 on real clouds; the sandbox may announce another). */
  readonly sshPort: number;
}

/** Login of every node of one owner's clusters (Marina generates the pair and gives the cloud the public half). */
export interface SshLogin {
  readonly username: string;
  /** OpenSSH or PEM private key text. */
  readonly privateKey: string;
}

/**
 * Host keys pinned on first contact (trust on first use) and checked on every later connection:
 * a changed key fails the connection with `HOST_KEY_CHANGED` and is never silently re-pinned.
 */
export interface HostKeyStore {
  /** The pinned SHA-256 fingerprint ("SHA256:…") of `instanceId`, or null before first contact. */
  get(instanceId: string): Promise<string | null>;
  /** Pins `fingerprint` if none is pinned; returns the pinned one (a concurrent pin wins once). */
  pin(instanceId: string, fingerprint: string): Promise<string>;
  /** Forgets an instance's key (the instance was terminated). */
  forget(instanceId: string): Promise<void>;
}

export interface CommandOptions {
  readonly env: Readonly<Record<string, string>>;
  /** Kill the command (and report `timedOut`) after this many ms. */
  readonly timeoutMs: number;
  /** Each complete output line as it arrives (task logs and events). */
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  readonly signal?: AbortSignal;
}

export interface CommandResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  /** Output tails (last 64 KiB of each), for errors and task results. */
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/**
 * SSH connections of one job: the frontgate directly, every other node through the frontgate as
 * a jump host (`forwardOut`). Connections are opened on first use, reused for later calls and
 * re-established once after a dropped connection. Errors are DriverErrors with codes
 * `SSH_UNREACHABLE`, `SSH_AUTH`, `HOST_KEY_CHANGED`, `SSH_TIMEOUT`.
 */
export interface SshSession {
  exec(host: VmHost, command: string, opts: CommandOptions): Promise<CommandResult>;
  /** Writes `content` to `path` on the host (creating parent directories), atomically (temp + rename). */
  writeFile(host: VmHost, path: string, content: string, mode?: number): Promise<void>;
  /** A local TCP port forwarded to `port` on `host` through the session (for etcd). */
  forward(host: VmHost, port: number): Promise<{ readonly localPort: number }>;
  /** Connections opened so far (reported by benches and the closing note). */
  readonly connectionsOpened: number;
  close(): Promise<void>;
}

export interface SshSessionOptions {
  readonly frontgate: VmHost;
  readonly login: SshLogin;
  readonly hostKeys: HostKeyStore;
  /** TCP connect + handshake deadline. */
  readonly connectTimeoutMs?: number;
}

/** The etcd a frontgate runs. */
export interface FrontgateEtcd {
  /** Client URL as seen from the nodes (`http://<frontgate ip>:2379`). */
  readonly endpoints: readonly string[];
  /** True when this call found etcd down and started it. */
  readonly restarted: boolean;
}

/** Keeps etcd running on a frontgate over SSH (binary path configurable; Debian's etcd-server in tests). */
export interface FrontgateControl {
  /** Health-checks etcd on the frontgate and starts it when down; idempotent. */
  ensureEtcd(session: SshSession, frontgate: VmHost): Promise<FrontgateEtcd>;
}

/** One host in the metadata (`hosts.<role>[]`), the keys PRODUCT.md H3 names. */
export interface MetadataHost {
  readonly node_id: string;
  readonly instance_id: string;
  readonly ip: string;
  readonly role: string;
  readonly cpu: number;
  readonly memory: number;
  readonly volume_size?: number;
  readonly [key: string]: unknown;
}

/** A cluster's metadata as stored under `/clusters/<id>/`. */
export interface ClusterMetadata {
  readonly cluster: {
    readonly cluster_id: string;
    readonly name: string;
    readonly app_version: string;
    readonly [key: string]: unknown;
  };
  readonly hosts: Readonly<Record<string, readonly MetadataHost[]>>;
  /** Env by role (`"*"` for the cluster's own env). */
  readonly env: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly links: Readonly<Record<string, string>>;
}

/** What `MARINA_METADATA_FILE` holds on a node: the cluster metadata plus `self`. */
export interface NodeMetadataView extends ClusterMetadata {
  readonly self: MetadataHost;
}

/** The cluster metadata in the frontgate's etcd (`etcd3` client), under `prefix` (default `/clusters/`). */
export interface MetadataRegistry {
  /** Writes the whole metadata of a cluster in one transaction (replacing what was there). */
  register(clusterId: string, metadata: ClusterMetadata): Promise<void>;
  read(clusterId: string): Promise<ClusterMetadata | null>;
  deregister(clusterId: string): Promise<void>;
  close(): Promise<void>;
}

/** The env every service command runs with (PRODUCT.md H3). */
export interface ServiceEnv {
  readonly MARINA_CLUSTER_ID: string;
  readonly MARINA_ROLE: string;
  readonly MARINA_NODE_ID: string;
  readonly MARINA_METADATA_FILE: string;
  readonly MARINA_ETCD_ENDPOINTS: string;
  readonly MARINA_ETCD_PREFIX: string;
}
