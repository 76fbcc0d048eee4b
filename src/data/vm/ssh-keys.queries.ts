/** Owners' SSH key pairs (table vm_ssh_keys), one per owner and runtime; the private half is sealed. */
import type { EntityManager } from '@mikro-orm/core';
import { sqlRow, sqlRows } from '../sql';

export interface SshKeyRow {
  readonly public_key: string;
  readonly private_key_sealed: string;
  readonly key_pair_id: string | null;
}

export function sshKeyOf(em: EntityManager, ownerId: string, runtimeId: string): Promise<SshKeyRow | undefined> {
  return sqlRow<SshKeyRow>(
    em,
    'select public_key, private_key_sealed, key_pair_id from vm_ssh_keys where owner_id = ? and runtime_id = ?',
    [ownerId, runtimeId],
  );
}

/** Stores the pair unless one exists (a concurrent insert wins once); returns the stored one. */
export async function insertSshKey(
  em: EntityManager,
  ownerId: string,
  runtimeId: string,
  publicKey: string,
  privateKeySealed: string,
): Promise<SshKeyRow> {
  await sqlRows(
    em,
    'insert into vm_ssh_keys (owner_id, runtime_id, public_key, private_key_sealed) values (?, ?, ?, ?) on conflict do nothing',
    [ownerId, runtimeId, publicKey, privateKeySealed],
  );
  const row = await sshKeyOf(em, ownerId, runtimeId);
  if (!row) throw new Error('SSH key row vanished while being stored');
  return row;
}

export async function setKeyPairId(
  em: EntityManager,
  ownerId: string,
  runtimeId: string,
  keyPairId: string,
): Promise<void> {
  await sqlRows(em, 'update vm_ssh_keys set key_pair_id = ? where owner_id = ? and runtime_id = ?', [
    keyPairId,
    ownerId,
    runtimeId,
  ]);
}
