import { Migration } from '@mikro-orm/migrations';

/**
 * kube-extras (issue 16 items 4–6): runtime resources Marina created beside the apps (config
 * files, volumes, load balancers), per-instance AppKey hashes and declared permissions, and the
 * delivery / deployment mode of apps.
 */
export class Migration20261206190500KubeExtras extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "runtime_resources" (
      "id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(),
      "owner_id" uuid not null, "workspace_id" uuid not null, "runtime_id" uuid not null, "instance_id" uuid null,
      "kind" varchar(32) not null, "name" varchar(63) not null, "namespace" varchar(63) not null,
      "spec" jsonb not null, "observed" jsonb null,
      constraint "runtime_resources_pkey" primary key ("id"));`);
    this.addSql(
      `create unique index "runtime_resources_runtime_kind_name_unique" on "runtime_resources" ("runtime_id", "kind", "name");`,
    );
    this.addSql(`create index "runtime_resources_instance_id_index" on "runtime_resources" ("instance_id");`);
    this.addSql(
      `alter table "runtime_resources" add constraint "runtime_resources_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "runtime_resources" add constraint "runtime_resources_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "runtime_resources" add constraint "runtime_resources_runtime_id_foreign" foreign key ("runtime_id") references "runtimes" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "runtime_resources" add constraint "runtime_resources_instance_id_foreign" foreign key ("instance_id") references "instances" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "instances" add column "app_secret_hash" text null, add column "app_identity" jsonb null;`,
    );
    this.addSql(`create unique index "instances_app_key_unique" on "instances" ("app_key") where "app_key" is not null;`);

    this.addSql(
      `alter table "apps" add column "delivery_mode" varchar(32) null, add column "deployment_mode" varchar(32) null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "apps" drop column "delivery_mode", drop column "deployment_mode";`);
    this.addSql(`drop index "instances_app_key_unique";`);
    this.addSql(`alter table "instances" drop column "app_secret_hash", drop column "app_identity";`);
    this.addSql(`drop table if exists "runtime_resources" cascade;`);
  }
}
