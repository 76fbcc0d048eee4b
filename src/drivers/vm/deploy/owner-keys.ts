/**
 * The owners' SSH key pairs: one ed25519 pair per (owner, runtime), generated on first use, the
 * private half sealed with the platform's SecretBox (bound to its row), the public half imported
 * into the cloud once (by name, so a re-run finds it instead of importing again).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { utils } from 'ssh2';
import { insertSshKey, setKeyPairId, sshKeyOf } from '../../../data/vm/ssh-keys.queries';
import { DriverError } from '../../../jobs/errors';
import type { SecretBox } from '../../../services/secrets/secret-box';
import type { OwnerKeyPort } from './vm-ports';

const aadOf = (ownerId: string, runtimeId: string) => `vm_ssh_key:${ownerId}:${runtimeId}`;

/** The cloud's name of an owner's key pair. */
export const keyPairNameOf = (ownerId: string, runtimeId: string) =>
  `marina-${ownerId.slice(0, 8)}-${runtimeId.slice(0, 8)}`;

export function ownerKeys(secrets: SecretBox, sshUser: string): OwnerKeyPort {
  const open = (ownerId: string, runtimeId: string, sealed: string) => ({
    username: sshUser,
    privateKey: secrets.open(sealed, aadOf(ownerId, runtimeId)),
  });
  return {
    async ensure(em, ownerId, runtimeId, client) {
      let row = await sshKeyOf(em, ownerId, runtimeId);
      if (!row) {
        const pair = utils.generateKeyPairSync('ed25519', { comment: `marina:${ownerId}` });
        const sealed = secrets.seal(pair.private, aadOf(ownerId, runtimeId));
        row = await insertSshKey(em, ownerId, runtimeId, pair.public.trim(), sealed);
      }
      let keyPairId = row.key_pair_id;
      if (!keyPairId) {
        const name = keyPairNameOf(ownerId, runtimeId);
        const existing = (await client.describeKeyPairs()).find((k) => k.name === name || k.id === name);
        keyPairId = (existing ?? (await client.importKeyPair(name, row.public_key))).id;
        await setKeyPairId(em, ownerId, runtimeId, keyPairId);
      }
      return { login: open(ownerId, runtimeId, row.private_key_sealed), keyPairId };
    },
    async login(em: EntityManager, ownerId: string, runtimeId: string) {
      const row = await sshKeyOf(em, ownerId, runtimeId);
      if (!row?.key_pair_id)
        throw new DriverError('NO_KEYPAIR', `owner ${ownerId} has no SSH key pair for runtime ${runtimeId}`, false);
      return { login: open(ownerId, runtimeId, row.private_key_sealed), keyPairId: row.key_pair_id };
    },
  };
}
