import { Entity, Opt, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * SSH host keys of cloud VMs, pinned on first contact (trust on first use) by the VM agent plane;
 * read and written only by data/vm/host-keys.queries.ts. Keyed by the cloud's instance id.
 */
@Entity({ tableName: 'vm_host_keys' })
export class VmHostKey {
  @PrimaryKey({ type: 'text' })
  instanceId!: string;

  /** OpenSSH SHA-256 fingerprint, "SHA256:<base64>". */
  @Property({ type: 'text' })
  fingerprint!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  pinnedAt!: Date & Opt;
}
