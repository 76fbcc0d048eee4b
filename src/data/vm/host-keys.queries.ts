/**
 * Pinned SSH host keys of cloud VMs (table vm_host_keys). Pinning is INSERT … ON CONFLICT DO
 * NOTHING followed by a read, so of two concurrent first contacts exactly one key wins and both
 * callers see it.
 */
import type { EntityManager } from '@mikro-orm/core';
import { sqlRow, sqlRows } from '../sql';

export async function pinnedHostKey(em: EntityManager, instanceId: string): Promise<string | null> {
  const row = await sqlRow<{ fingerprint: string }>(em, 'select fingerprint from vm_host_keys where instance_id = ?', [
    instanceId,
  ]);
  return row?.fingerprint ?? null;
}

/** Pins `fingerprint` unless a key is already pinned; returns the pinned one. */
export async function pinHostKey(em: EntityManager, instanceId: string, fingerprint: string): Promise<string> {
  await sqlRows(
    em,
    'insert into vm_host_keys (instance_id, fingerprint) values (?, ?) on conflict (instance_id) do nothing',
    [instanceId, fingerprint],
  );
  const pinned = await pinnedHostKey(em, instanceId);
  if (pinned === null) throw new Error(`host key of ${instanceId} vanished while being pinned`);
  return pinned;
}

export async function forgetHostKey(em: EntityManager, instanceId: string): Promise<void> {
  await sqlRows(em, 'delete from vm_host_keys where instance_id = ?', [instanceId]);
}
