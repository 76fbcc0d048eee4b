import { Migration } from '@mikro-orm/migrations';

export class Migration20261206143326 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "platform_settings" ("key" varchar(64) not null, "value" jsonb not null, "updated_at" timestamptz not null default now(), constraint "platform_settings_pkey" primary key ("key"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "platform_settings" cascade;`);
  }
}
