/**
 * Frontgates (table vm_frontgates): one per owner, runtime and subnet. Claiming is INSERT … ON
 * CONFLICT DO NOTHING followed by a read, so concurrent jobs share one record and its token.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { FrontgateKey, FrontgatePort, FrontgateRecord } from '../../drivers/vm/deploy/vm-ports';
import { sqlRow, sqlRows } from '../sql';

interface Row {
  id: string;
  owner_id: string;
  runtime_id: string;
  subnet_id: string;
  token: string;
  instance_id: string | null;
  private_ip: string | null;
  ssh_port: number;
  cluster_ids: string[];
}

const recordOf = (r: Row): FrontgateRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  runtimeId: r.runtime_id,
  subnetId: r.subnet_id,
  token: r.token,
  instanceId: r.instance_id,
  privateIp: r.private_ip,
  sshPort: r.ssh_port,
  clusterIds: r.cluster_ids,
});

async function find(em: EntityManager, key: FrontgateKey): Promise<FrontgateRecord | null> {
  const row = await sqlRow<Row>(
    em,
    'select * from vm_frontgates where owner_id = ? and runtime_id = ? and subnet_id = ?',
    [key.ownerId, key.runtimeId, key.subnetId],
  );
  return row ? recordOf(row) : null;
}

export const pgFrontgates: FrontgatePort = {
  find,
  async claim(em, key, token) {
    await sqlRows(
      em,
      'insert into vm_frontgates (owner_id, runtime_id, subnet_id, token) values (?, ?, ?, ?) on conflict do nothing',
      [key.ownerId, key.runtimeId, key.subnetId, token],
    );
    const rec = await find(em, key);
    if (!rec) throw new Error('frontgate record vanished while being claimed');
    return rec;
  },
  async setNode(em, id, node) {
    await sqlRows(
      em,
      'update vm_frontgates set instance_id = ?, private_ip = ?, token = coalesce(?, token) where id = ?',
      [node.instanceId, node.privateIp, node.token ?? null, id],
    );
  },
  async attach(em, id, clusterId) {
    await sqlRows(
      em,
      'update vm_frontgates set cluster_ids = array_append(cluster_ids, ?) where id = ? and not (? = any(cluster_ids))',
      [clusterId, id, clusterId],
    );
  },
  async detach(em, id, clusterId, removeIfIdle) {
    await sqlRows(em, 'update vm_frontgates set cluster_ids = array_remove(cluster_ids, ?) where id = ?', [
      clusterId,
      id,
    ]);
    if (!removeIfIdle) return null;
    const row = await sqlRow<Row>(
      em,
      'delete from vm_frontgates where id = ? and cardinality(cluster_ids) = 0 returning *',
      [id],
    );
    return row ? recordOf(row) : null;
  },
};
