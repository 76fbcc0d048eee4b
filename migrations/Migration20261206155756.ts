import { Migration } from '@mikro-orm/migrations';

export class Migration20261206155756 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "jobs" add column "concurrency_key" varchar(128) null, add column "concurrency_limit" int not null default 0;`);
    this.addSql(`create index "jobs_concurrency_key_index" on "jobs" ("concurrency_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "jobs_concurrency_key_index";`);
    this.addSql(`alter table "jobs" drop column "concurrency_key", drop column "concurrency_limit";`);
  }

}
