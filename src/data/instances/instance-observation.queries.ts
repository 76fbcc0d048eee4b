/**
 * SQL of the live-state observer: which Kubernetes instances are settled enough to observe, and
 * storing one observation (resources, endpoints, pods as nodes) on an instance row locked by the
 * caller's transaction. The `resources` and `observed_at` columns belong to the instance schema.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { InstanceDescription, ResourceStatus } from '../../drivers/runtime-driver.types';
import { sqlRow, sqlRows } from '../sql';

/** A settled Kubernetes instance: where its release lives. */
export interface ObservableInstanceRow {
  readonly id: string;
  readonly releaseName: string;
  readonly namespace: string;
  readonly runtimeId: string;
}

/** ACTIVE, STOPPED and FAILED Kubernetes instances without a transition, on live runtimes. */
export async function observableKubeInstances(em: EntityManager): Promise<ObservableInstanceRow[]> {
  return sqlRows<ObservableInstanceRow>(
    em,
    `select i.id, i.name as "releaseName", coalesce(r.namespace, 'default') as namespace, r.id as "runtimeId"
       from instances i join runtimes r on r.id = i.runtime_id
      where r.provider = 'KUBERNETES' and r.status <> 'deleted'
        and i.status in ('ACTIVE', 'STOPPED', 'FAILED') and i.transition_status is null
      order by r.id, i.id`,
  );
}

/**
 * Row-locks the instance in `tx` and returns its last observed resources (null: never observed),
 * or undefined when it is gone or no longer settled (a job owns it now).
 */
export async function lockObservedInstance(
  tx: EntityManager,
  id: string,
): Promise<{ resources: ResourceStatus[] | null } | undefined> {
  const row = await sqlRow<{ resources: ResourceStatus[] | null }>(
    tx,
    `select resources from instances
      where id = ? and status in ('ACTIVE', 'STOPPED', 'FAILED') and transition_status is null
      for update`,
    [id],
  );
  return row;
}

/** Replaces the instance's observed resources, endpoints and nodes (pods) in `tx`. */
export async function storeObservation(tx: EntityManager, id: string, d: InstanceDescription): Promise<void> {
  await sqlRows(
    tx,
    'update instances set resources = ?::jsonb, endpoints = ?::jsonb, observed_at = now() where id = ?',
    [JSON.stringify(d.resources), JSON.stringify(d.endpoints), id],
  );
  await sqlRows(tx, 'delete from instance_nodes where instance_id = ?', [id]);
  for (const n of d.nodes)
    await sqlRows(
      tx,
      `insert into instance_nodes (id, instance_id, role, name, provider_instance_id, private_ip, status, health)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [randomUUID(), id, n.role.slice(0, 64), n.name, n.providerId, n.privateIp, n.status.slice(0, 32), n.health],
    );
}
