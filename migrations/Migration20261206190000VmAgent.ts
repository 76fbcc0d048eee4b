import { Migration } from '@mikro-orm/migrations';

/** vm-agent: SSH host keys of cloud VMs, pinned on first contact (VmHostKey). */
export class Migration20261206190000VmAgent extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "vm_host_keys" ("instance_id" text not null, "fingerprint" text not null, "pinned_at" timestamptz not null default now(), constraint "vm_host_keys_pkey" primary key ("instance_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "vm_host_keys" cascade;`);
  }

}
