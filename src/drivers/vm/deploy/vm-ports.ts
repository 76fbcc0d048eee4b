/**
 * What the VM tasks need from the rest of the application, as narrow ports: the IaaS client of
 * a runtime (credential opened inside the worker), the owner's SSH login (generated once, sealed
 * at rest, public half imported to the cloud), the frontgate records, pinned host keys and the
 * agent plane (SSH sessions, etcd on the frontgate, the metadata registry). The production wiring
 * is src/app/vm-wiring.ts; tests pass the same wiring with sandbox settings.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { IaasClient } from '../../iaas/iaas.types';
import type {
  FrontgateControl,
  HostKeyStore,
  MetadataRegistry,
  SshLogin,
  SshSession,
  SshSessionOptions,
  VmHost,
} from '../vm-agent.types';

/** The owner's key pair as the tasks see it: the private half only inside the worker. */
export interface OwnerLogin {
  readonly login: SshLogin;
  /** The cloud's id of the imported public key. */
  readonly keyPairId: string;
}

/** The key pairs of owners, one per (owner, runtime). */
export interface OwnerKeyPort {
  /** Generates (once) the owner's key pair, sealed at rest, and imports its public half into the cloud (once). */
  ensure(em: EntityManager, ownerId: string, runtimeId: string, client: IaasClient): Promise<OwnerLogin>;
  /** The stored login; NO_KEYPAIR (not retried) when `ensure` never ran. */
  login(em: EntityManager, ownerId: string, runtimeId: string): Promise<OwnerLogin>;
}

/** A frontgate record: one per (owner, runtime, subnet). */
export interface FrontgateRecord {
  readonly id: string;
  readonly ownerId: string;
  readonly runtimeId: string;
  readonly subnetId: string;
  /** Idempotency token of its RunInstances (every job asking for it uses this one). */
  readonly token: string;
  readonly instanceId: string | null;
  readonly privateIp: string | null;
  readonly sshPort: number;
  readonly clusterIds: readonly string[];
}

export interface FrontgateKey {
  readonly ownerId: string;
  readonly runtimeId: string;
  readonly subnetId: string;
}

export interface FrontgatePort {
  /** The record of `key`, created with `token` when there is none (a concurrent claim wins once). */
  claim(em: EntityManager, key: FrontgateKey, token: string): Promise<FrontgateRecord>;
  find(em: EntityManager, key: FrontgateKey): Promise<FrontgateRecord | null>;
  /** Records the frontgate's node (or forgets it with nulls, taking `token` for the next one). */
  setNode(
    em: EntityManager,
    id: string,
    node: { instanceId: string | null; privateIp: string | null; token?: string },
  ): Promise<void>;
  /** Adds a cluster (idempotent). */
  attach(em: EntityManager, id: string, clusterId: string): Promise<void>;
  /**
   * Removes a cluster; when `removeIfIdle` and no cluster is left, deletes the record in the same
   * statement and returns it (the caller terminates its node), else returns null.
   */
  detach(em: EntityManager, id: string, clusterId: string, removeIfIdle: boolean): Promise<FrontgateRecord | null>;
}

/** The agent plane (implemented in ../agent). */
export interface VmAgentPort {
  openSession(opts: SshSessionOptions): SshSession;
  readonly frontgate: FrontgateControl;
  /** The metadata registry on `frontgate`'s etcd, reached through the session. */
  openRegistry(session: SshSession, frontgate: VmHost): Promise<MetadataRegistry>;
  /** `MARINA_ETCD_PREFIX`. */
  readonly etcdPrefix: string;
}

/** What the frontgate node is made of. */
export interface FrontgateSpec {
  readonly imageId: string | null;
  readonly cpu: number;
  readonly memoryMiB: number;
}

export interface VmPorts {
  /** The IaaS client of a runtime; the credential is opened here, inside the worker. */
  cloud(em: EntityManager, runtimeId: string): Promise<IaasClient>;
  readonly keys: OwnerKeyPort;
  readonly frontgates: FrontgatePort;
  hostKeys(em: EntityManager): HostKeyStore;
  readonly agent: VmAgentPort;
  readonly frontgateSpec: FrontgateSpec;
  /** Cease removes a frontgate when its last cluster is ceased. */
  readonly removeIdleFrontgates: boolean;
  /** Delay between two observations of a cloud transition. */
  readonly pollMs: number;
  /** Login user on the nodes. */
  readonly sshUser: string;
}
