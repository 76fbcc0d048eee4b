import { Migration } from '@mikro-orm/migrations';

export class Migration20261206120000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "runtime_credentials" add column "region" varchar(64) null;`);

    this.addSql(`alter table "runtimes" drop constraint "runtimes_workspace_id_name_unique";`);
    this.addSql(`alter table "runtimes" add column "region" varchar(64) null, add column "vpc_id" varchar(128) null, add column "subnet_id" varchar(128) null;`);
    this.addSql(`create unique index "runtimes_workspace_id_name_live_unique" on "runtimes" ("workspace_id", "name") where "status" <> 'deleted';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "runtimes_workspace_id_name_live_unique";`);
    this.addSql(`alter table "runtimes" drop column "region", drop column "vpc_id", drop column "subnet_id";`);
    this.addSql(`alter table "runtimes" add constraint "runtimes_workspace_id_name_unique" unique ("workspace_id", "name");`);

    this.addSql(`alter table "runtime_credentials" drop column "region";`);
  }

}
