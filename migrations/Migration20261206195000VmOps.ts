import { Migration } from '@mikro-orm/migrations';

/** vm-ops: per-node role health-check state (streak, last check, last failure) kept between checks. */
export class Migration20261206195000VmOps extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "instance_nodes" add column "health_state" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "instance_nodes" drop column if exists "health_state";`);
  }
}
