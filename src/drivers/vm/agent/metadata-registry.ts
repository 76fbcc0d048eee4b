/**
 * MetadataRegistry on the frontgate's etcd with the `etcd3` client, reached through
 * `session.forward(frontgate, 2379)` (etcd listens on the frontgate's private IP only). Key layout
 * in metadata-keys.ts; register replaces a cluster's keys in one transaction.
 */
import { Etcd3 } from 'etcd3';
import { DriverError } from '../../../jobs/errors';
import type { ClusterMetadata, MetadataRegistry, SshSession, VmHost } from '../vm-agent.types';
import { ETCD_CLIENT_PORT } from './etcd-script';
import { clusterKeyPrefix, DEFAULT_METADATA_PREFIX, fromEntries, toEntries } from './metadata-keys';

/** The key just after every key that starts with `prefix` (etcd's range_end for a prefix). */
function prefixEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i -= 1) {
    if (end[i] < 0xff) {
      end[i] += 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

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

  async register(clusterId: string, metadata: ClusterMetadata): Promise<void> {
    const base = clusterKeyPrefix(this.prefix, clusterId);
    const puts = toEntries(this.prefix, clusterId, metadata).map(([key, value]) => ({
      request_put: { key: Buffer.from(key), value: Buffer.from(value) },
    }));
    await this.call('register', () =>
      this.client.kv.txn({
        compare: [],
        success: [{ request_delete_range: { key: Buffer.from(base), range_end: prefixEnd(base) } }, ...puts],
        failure: [],
      }),
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
