import { Migration } from '@mikro-orm/migrations';

/** vm-driver: owners' SSH key pairs (private half sealed) and frontgates per owner, runtime and subnet. */
export class Migration20261206193000VmDriver extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "vm_ssh_keys" ("owner_id" uuid not null, "runtime_id" uuid not null, "public_key" text not null, "private_key_sealed" text not null, "key_pair_id" text null, "created_at" timestamptz not null default now(), constraint "vm_ssh_keys_pkey" primary key ("owner_id", "runtime_id"));`);
    this.addSql(`create table "vm_frontgates" ("id" uuid not null default gen_random_uuid(), "owner_id" uuid not null, "runtime_id" uuid not null, "subnet_id" text not null default '', "token" text not null, "instance_id" text null, "private_ip" text null, "ssh_port" int not null default 22, "cluster_ids" text[] not null default '{}', "created_at" timestamptz not null default now(), constraint "vm_frontgates_pkey" primary key ("id"), constraint "vm_frontgates_owner_runtime_subnet_unique" unique ("owner_id", "runtime_id", "subnet_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "vm_frontgates" cascade;`);
    this.addSql(`drop table if exists "vm_ssh_keys" cascade;`);
  }

}
