import { Migration } from '@mikro-orm/migrations';

export class Migration20261123051202 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "repos" drop constraint "repos_workspace_id_name_unique";`);

    this.addSql(`alter table "repos" add column "index_etag" varchar(512) null;`);
    this.addSql(`create index "repos_next_sync_at_index" on "repos" ("next_sync_at");`);
    this.addSql(`create unique index "repos_workspace_id_name_live_unique" on "repos" ("workspace_id", "name") where "status" <> 'deleted';`);

    this.addSql(`alter table "repo_events" add column "job_id" uuid null;`);
    this.addSql(`create unique index "repo_events_one_active_per_repo" on "repo_events" ("repo_id") where "status" in ('PENDING', 'SYNCING');`);

    this.addSql(`alter table "apps" add column "visibility" "visibility" not null default 'PRIVATE';`);
    this.addSql(`create unique index "apps_workspace_id_name_uploaded_unique" on "apps" ("workspace_id", "name") where "repo_id" is null;`);

    this.addSql(`alter table "app_versions" add column "visibility" "visibility" not null default 'PRIVATE';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "app_versions" drop column "visibility";`);

    this.addSql(`drop index "apps_workspace_id_name_uploaded_unique";`);
    this.addSql(`alter table "apps" drop column "visibility";`);

    this.addSql(`drop index "repo_events_one_active_per_repo";`);
    this.addSql(`alter table "repo_events" drop column "job_id";`);

    this.addSql(`drop index "repos_next_sync_at_index";`);
    this.addSql(`drop index "repos_workspace_id_name_live_unique";`);
    this.addSql(`alter table "repos" drop column "index_etag";`);

    this.addSql(`alter table "repos" add constraint "repos_workspace_id_name_unique" unique ("workspace_id", "name");`);
  }

}
