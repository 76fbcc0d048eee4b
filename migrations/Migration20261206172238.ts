import { Migration } from '@mikro-orm/migrations';

export class Migration20261206172238 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "instances" drop constraint "instances_owner_id_name_unique";`);

    this.addSql(`alter table "instances" add column "resources" jsonb null, add column "replicas" jsonb null, add column "observed_at" timestamptz null;`);
    this.addSql(`create unique index "instances_owner_id_name_live_unique" on "instances" ("owner_id", "name") where "status" <> 'CEASED';`);

    this.addSql(`alter table "instance_revisions" add column "action" varchar(32) not null default 'deploy', add column "job_id" uuid null, add column "removed_value_keys" text[] not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "instance_revisions" drop column "action", drop column "job_id", drop column "removed_value_keys";`);

    this.addSql(`drop index "instances_owner_id_name_live_unique";`);
    this.addSql(`alter table "instances" drop column "resources", drop column "replicas", drop column "observed_at";`);

    this.addSql(`alter table "instances" add constraint "instances_owner_id_name_unique" unique ("owner_id", "name");`);
  }

}
