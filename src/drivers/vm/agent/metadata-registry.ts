/**
 * MetadataRegistry on the frontgate's etcd with the `etcd3` client, reached through
 * `session.forward(frontgate, 2379)` (etcd listens on the frontgate's private IP only). Key layout
 * in metadata-keys.ts; register replaces a cluster's keys in one transaction.
 */
import { Etcd3, type ICompare, type IRequestOp } from 'etcd3';
import { DriverError } from '../../../jobs/errors';
import type { ClusterMetadata, MetadataRegistry, SshSession, VmHost } from '../vm-agent.types';
import { ETCD_CLIENT_PORT } from './etcd-script';
import { clusterKeyPrefix, DEFAULT_METADATA_PREFIX, fromEntries, toEntries } from './metadata-keys';

const REGISTER_ATTEMPTS = 5;

export class EtcdMetadataRegistry implements MetadataRegistry {
  private constructor(
    private readonly client: Etcd3,
    private readonly where: string,
    readonly prefix: string,
  ) {}

  /** Opens a registry on `frontgate`'s etcd through the session's forward. */
  static async open(
    session: SshSession,
    frontgate: VmHost,
    prefix: string = DEFAULT_METADATA_PREFIX,
  ): Promise<EtcdMetadataRegistry> {
    const { localPort } = await session.forward(frontgate, ETCD_CLIENT_PORT);
    const client = new Etcd3({ hosts: `http://127.0.0.1:${localPort}`, dialTimeout: 10_000 });
    return new EtcdMetadataRegistry(client, `etcd on frontgate ${frontgate.instanceId} (${frontgate.ip})`, prefix);
  }

  /**
   * Replaces the cluster's keys in one transaction: puts every key of `metadata` and deletes the
   * ones no longer there (etcd refuses a delete range overlapping a put in one transaction). The
   * transaction only applies if none of the keys read before it changed meanwhile; else it is
   * read and tried again.
   */
  async register(clusterId: string, metadata: ClusterMetadata): Promise<void> {
    const base = clusterKeyPrefix(this.prefix, clusterId);
    const entries = toEntries(this.prefix, clusterId, metadata);
    const wanted = new Set(entries.map(([key]) => key));
    const puts: IRequestOp[] = entries.map(([key, value]) => ({
      request_put: { key: Buffer.from(key), value: Buffer.from(value) },
    }));
    for (let attempt = 1; attempt <= REGISTER_ATTEMPTS; attempt += 1) {
      const current = await this.call('register', () => this.client.getAll().prefix(base).exec());
      const compare: ICompare[] = current.kvs.map((kv) => ({
        key: kv.key,
        target: 'Mod',
        result: 'Equal',
        mod_revision: kv.mod_revision,
      }));
      const deletes: IRequestOp[] = current.kvs
        .filter((kv) => !wanted.has(kv.key.toString()))
        .map((kv) => ({ request_delete_range: { key: kv.key } }));
      const result = await this.call('register', () =>
        this.client.kv.txn({ compare, success: [...deletes, ...puts], failure: [] }),
      );
      if (result.succeeded) return;
    }
    throw new DriverError(
      'ETCD_CONFLICT',
      `Metadata of cluster ${clusterId} on ${this.where} kept changing during ${REGISTER_ATTEMPTS} registration attempts`,
      true,
    );
  }

  async read(clusterId: string): Promise<ClusterMetadata | null> {
    const base = clusterKeyPrefix(this.prefix, clusterId);
    const values = await this.call('read', () => this.client.getAll().prefix(base).strings());
    return fromEntries(this.prefix, clusterId, Object.entries(values));
  }

  async deregister(clusterId: string): Promise<void> {
    const base = clusterKeyPrefix(this.prefix, clusterId);
    await this.call('deregister', () => this.client.delete().prefix(base).exec());
  }

  async close(): Promise<void> {
    this.client.close();
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof DriverError) throw err;
      throw new DriverError(
        'ETCD_UNAVAILABLE',
        `Metadata ${what} on ${this.where} failed: ${(err as Error).message}`,
        true,
        { cause: err },
      );
    }
  }
}
