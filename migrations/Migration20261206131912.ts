import { Migration } from '@mikro-orm/migrations';

export class Migration20261206131912 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "invitation_status" as enum ('PENDING', 'ACCEPTED', 'DECLINED', 'REVOKED');`);
    this.addSql(`create table "workspace_invitations" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "workspace_id" uuid not null, "invitee_id" uuid not null, "invited_by_id" uuid not null, "role" "workspace_role" not null, "status" "invitation_status" not null default 'PENDING', "decided_at" timestamptz null, constraint "workspace_invitations_pkey" primary key ("id"));`);
    this.addSql(`create index "workspace_invitations_invitee_id_status_index" on "workspace_invitations" ("invitee_id", "status");`);
    this.addSql(`create unique index "workspace_invitations_one_pending" on "workspace_invitations" ("workspace_id", "invitee_id") where "status" = 'PENDING';`);

    this.addSql(`alter table "workspace_invitations" add constraint "workspace_invitations_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "workspace_invitations" add constraint "workspace_invitations_invitee_id_foreign" foreign key ("invitee_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "workspace_invitations" add constraint "workspace_invitations_invited_by_id_foreign" foreign key ("invited_by_id") references "users" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "workspace_invitations" cascade;`);

    this.addSql(`drop type "invitation_status";`);
  }

}
