import { Migration } from '@mikro-orm/migrations';

/** kube-kinds: sealed secret values (TEMPLATE `secret` variables) of instance revisions. */
export class Migration20261206191500KubeKinds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "instance_revisions" add column "sealed_values" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "instance_revisions" drop column "sealed_values";`);
  }
}
