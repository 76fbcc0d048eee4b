import { Migration } from '@mikro-orm/migrations';

export class Migration20261206130846 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "login_throttle" ("key" text not null, "failures" int not null default 0, "blocked_until" timestamptz null, "expires_at" timestamptz not null, constraint "login_throttle_pkey" primary key ("key"));`);
    this.addSql(`create index "login_throttle_expires_at_index" on "login_throttle" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "login_throttle" cascade;`);
  }

}
