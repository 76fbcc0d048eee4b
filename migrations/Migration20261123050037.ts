import { Migration } from '@mikro-orm/migrations';

export class Migration20261123050037 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "job_transitions" ("id" bigserial primary key, "job_id" uuid not null, "task_id" uuid null, "task_key" varchar(64) null, "from_status" "job_status" not null, "action" varchar(32) not null, "to_status" "job_status" not null, "actor" varchar(128) null, "detail" text null, "at" timestamptz not null default clock_timestamp());`);
    this.addSql(`create index "job_transitions_job_id_id_index" on "job_transitions" ("job_id", "id");`);

    this.addSql(`create index "outbox_pending_idx" on "outbox" ("id") where "dispatched_at" is null;`);

    this.addSql(`alter table "jobs" add column "version" int not null default 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "job_transitions" cascade;`);

    this.addSql(`alter table "jobs" drop column "version";`);

    this.addSql(`drop index "outbox_pending_idx";`);
  }

}
