import { Migration } from '@mikro-orm/migrations';

export class Migration20261123041320 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "vendor_status" as enum ('DRAFT', 'SUBMITTED', 'PASSED', 'REJECTED');`);
    this.addSql(`create type "provider" as enum ('KUBERNETES', 'QINGCLOUD', 'AWS', 'ALIYUN');`);
    this.addSql(`create type "runtime_environment" as enum ('TEST', 'PRODUCTION');`);
    this.addSql(`create type "repo_type" as enum ('S3', 'HTTP', 'HTTPS');`);
    this.addSql(`create type "visibility" as enum ('PUBLIC', 'PRIVATE');`);
    this.addSql(`create type "version_status" as enum ('DRAFT', 'SUBMITTED', 'IN_REVIEW', 'PASSED', 'REJECTED', 'ACTIVE', 'SUSPENDED', 'DELETED');`);
    this.addSql(`create type "sync_status" as enum ('PENDING', 'SYNCING', 'SUCCEEDED', 'FAILED');`);
    this.addSql(`create type "workspace_role" as enum ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER');`);
    this.addSql(`create type "app_type" as enum ('HELM', 'VM', 'TEMPLATE', 'COMPOSED');`);
    this.addSql(`create type "app_status" as enum ('DRAFT', 'ACTIVE', 'SUSPENDED', 'DELETED');`);
    this.addSql(`create type "review_stage" as enum ('ISV', 'BUSINESS', 'TECHNICAL', 'APP_REVIEW');`);
    this.addSql(`create type "instance_status" as enum ('PENDING', 'ACTIVE', 'STOPPED', 'FAILED', 'DELETED', 'CEASED');`);
    this.addSql(`create type "transition_status" as enum ('CREATING', 'STARTING', 'STOPPING', 'UPGRADING', 'ROLLING_BACK', 'UPDATING', 'RESIZING', 'SCALING', 'DELETING', 'RECOVERING', 'CEASING');`);
    this.addSql(`create type "job_status" as enum ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');`);
    this.addSql(`create table "categories" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(128) not null, "description" text null, "icon" varchar(64) null, "builtin" boolean not null default false, constraint "categories_pkey" primary key ("id"));`);
    this.addSql(`alter table "categories" add constraint "categories_name_unique" unique ("name");`);

    this.addSql(`create table "outbox" ("id" bigserial primary key, "kind" varchar(64) not null, "payload" jsonb not null, "created_at" timestamptz not null default now(), "dispatched_at" timestamptz null);`);
    this.addSql(`create index "outbox_dispatched_at_id_index" on "outbox" ("dispatched_at", "id");`);

    this.addSql(`create table "roles" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(64) not null, "description" text null, "builtin" boolean not null default false, "permissions" text[] not null, constraint "roles_pkey" primary key ("id"));`);
    this.addSql(`alter table "roles" add constraint "roles_name_unique" unique ("name");`);

    this.addSql(`create table "workspaces" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(128) not null, "created_by_id" uuid null, constraint "workspaces_pkey" primary key ("id"));`);
    this.addSql(`alter table "workspaces" add constraint "workspaces_name_unique" unique ("name");`);

    this.addSql(`create table "users" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "username" varchar(64) not null, "email" varchar(254) not null, "password_hash" text not null, "workspace_id" uuid null, "token_version" int not null default 0, "disabled" boolean not null default false, constraint "users_pkey" primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_username_unique" unique ("username");`);
    this.addSql(`create index "users_email_index" on "users" ("email");`);

    this.addSql(`create table "vendors" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "company_name" varchar(256) not null, "website" varchar(512) null, "description" text null, "contact" varchar(256) null, "status" "vendor_status" not null default 'SUBMITTED', "message" text null, "approver_id" uuid null, "submitted_at" timestamptz null, "decided_at" timestamptz null, constraint "vendors_pkey" primary key ("id"));`);
    this.addSql(`alter table "vendors" add constraint "vendors_user_id_unique" unique ("user_id");`);

    this.addSql(`create table "user_roles" ("user_id" uuid not null, "role_definition_id" uuid not null, constraint "user_roles_pkey" primary key ("user_id", "role_definition_id"));`);

    this.addSql(`create table "api_tokens" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "name" varchar(128) not null, "token_hash" varchar(64) not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_tokens_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_tokens" add constraint "api_tokens_token_hash_unique" unique ("token_hash");`);

    this.addSql(`create table "runtime_credentials" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "owner_id" uuid not null, "workspace_id" uuid not null, "name" varchar(128) not null, "provider" "provider" not null, "endpoint" text null, "access_key_id" varchar(128) null, "secret_ciphertext" text not null, constraint "runtime_credentials_pkey" primary key ("id"));`);
    this.addSql(`alter table "runtime_credentials" add constraint "runtime_credentials_workspace_id_name_unique" unique ("workspace_id", "name");`);

    this.addSql(`create table "runtimes" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "owner_id" uuid not null, "workspace_id" uuid not null, "name" varchar(128) not null, "description" text null, "provider" "provider" not null, "credential_id" uuid not null, "zone" varchar(128) null, "namespace" varchar(128) null, "environment" "runtime_environment" not null default 'TEST', "labels" jsonb null, "status" varchar(32) not null default 'active', "concurrency" int not null default 0, constraint "runtimes_pkey" primary key ("id"));`);
    this.addSql(`alter table "runtimes" add constraint "runtimes_workspace_id_name_unique" unique ("workspace_id", "name");`);

    this.addSql(`create table "repos" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "owner_id" uuid not null, "workspace_id" uuid not null, "name" varchar(128) not null, "description" text null, "type" "repo_type" not null, "url" text not null, "credential_ciphertext" text null, "providers" "provider"[] not null, "visibility" "visibility" not null default 'PRIVATE', "sync_period_seconds" int not null default 0, "app_default_status" "version_status" not null default 'ACTIVE', "status" varchar(32) not null default 'active', "index_checksum" varchar(64) null, "last_synced_at" timestamptz null, "next_sync_at" timestamptz null, constraint "repos_pkey" primary key ("id"));`);
    this.addSql(`alter table "repos" add constraint "repos_workspace_id_name_unique" unique ("workspace_id", "name");`);

    this.addSql(`create table "repo_events" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "repo_id" uuid not null, "status" "sync_status" not null default 'PENDING', "message" text null, "apps_added" int not null default 0, "versions_added" int not null default 0, "versions_updated" int not null default 0, "versions_removed" int not null default 0, "skipped" boolean not null default false, "started_at" timestamptz null, "finished_at" timestamptz null, constraint "repo_events_pkey" primary key ("id"));`);
    this.addSql(`create index "repo_events_repo_id_created_at_index" on "repo_events" ("repo_id", "created_at");`);

    this.addSql(`create table "memberships" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "workspace_id" uuid not null, "role" "workspace_role" not null, constraint "memberships_pkey" primary key ("id"));`);
    this.addSql(`alter table "memberships" add constraint "memberships_user_id_workspace_id_unique" unique ("user_id", "workspace_id");`);

    this.addSql(`create table "attachments" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "owner_id" uuid not null, "workspace_id" uuid not null, "sha256" varchar(64) not null, "file_name" varchar(255) not null, "content_type" varchar(128) not null, "size" int not null, "purpose" varchar(32) not null, constraint "attachments_pkey" primary key ("id"));`);
    this.addSql(`create index "attachments_sha256_index" on "attachments" ("sha256");`);

    this.addSql(`create table "apps" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "owner_id" uuid not null, "workspace_id" uuid not null, "name" varchar(128) not null, "type" "app_type" not null, "status" "app_status" not null default 'DRAFT', "suspended" boolean not null default false, "description" text null, "abstraction" text null, "readme" text null, "home" text null, "icon" text null, "screenshots" text[] not null default '{}', "keywords" text[] not null default '{}', "sources" text[] not null default '{}', "maintainers" jsonb null, "repo_id" uuid null, "vendor_id" uuid null, "deploy_count" int not null default 0, constraint "apps_pkey" primary key ("id"));`);
    this.addSql(`create index "apps_status_created_at_index" on "apps" ("status", "created_at");`);
    this.addSql(`alter table "apps" add constraint "apps_repo_id_name_unique" unique ("repo_id", "name");`);

    this.addSql(`create table "app_versions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "owner_id" uuid not null, "workspace_id" uuid not null, "app_id" uuid not null, "name" varchar(128) not null, "app_version" varchar(128) null, "description" text null, "changelog" text null, "status" "version_status" not null default 'DRAFT', "type" "app_type" not null, "digest" varchar(64) not null default '', "package_size" int not null default 0, "package_attachment_id" varchar(64) null, "package_ref" text null, "metadata" jsonb null, "sequence" int not null default 0, "deploy_count" int not null default 0, constraint "app_versions_pkey" primary key ("id"));`);
    this.addSql(`create index "app_versions_status_index" on "app_versions" ("status");`);
    this.addSql(`alter table "app_versions" add constraint "app_versions_app_id_name_unique" unique ("app_id", "name");`);

    this.addSql(`create table "version_audits" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version_id" uuid not null, "action" varchar(32) not null, "from_status" "version_status" null, "to_status" "version_status" not null, "actor_id" uuid not null, "role" varchar(32) null, "message" text null, constraint "version_audits_pkey" primary key ("id"));`);
    this.addSql(`create index "version_audits_version_id_created_at_index" on "version_audits" ("version_id", "created_at");`);

    this.addSql(`create table "reviews" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version_id" uuid not null, "status" varchar(32) not null, "current_stage" "review_stage" null, "stages" "review_stage"[] not null, "submitted_by_id" uuid not null, "submitted_at" timestamptz not null, constraint "reviews_pkey" primary key ("id"));`);

    this.addSql(`create table "review_phases" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "review_id" uuid not null, "stage" "review_stage" not null, "status" varchar(32) not null, "reviewer_id" uuid null, "message" text null, "started_at" timestamptz null, "finished_at" timestamptz null, constraint "review_phases_pkey" primary key ("id"));`);
    this.addSql(`alter table "review_phases" add constraint "review_phases_review_id_stage_unique" unique ("review_id", "stage");`);

    this.addSql(`create table "instances" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "owner_id" uuid not null, "workspace_id" uuid not null, "name" varchar(128) not null, "description" text null, "app_id" uuid not null, "version_id" uuid not null, "runtime_id" uuid not null, "status" "instance_status" not null default 'PENDING', "transition_status" "transition_status" null, "config" jsonb null, "revision" int not null default 0, "endpoints" jsonb null, "last_error" text null, "app_key" varchar(64) null, "app_secret_ciphertext" text null, "event_seq" int not null default 0, constraint "instances_pkey" primary key ("id"));`);
    this.addSql(`create index "instances_workspace_id_status_index" on "instances" ("workspace_id", "status");`);
    this.addSql(`alter table "instances" add constraint "instances_owner_id_name_unique" unique ("owner_id", "name");`);

    this.addSql(`create table "jobs" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "action" varchar(64) not null, "status" "job_status" not null default 'PENDING', "instance_id" uuid null, "subject" varchar(128) null, "owner_id" uuid null, "workspace_id" uuid null, "input" jsonb null, "error" text null, "cancel_requested" boolean not null default false, "started_at" timestamptz null, "finished_at" timestamptz null, constraint "jobs_pkey" primary key ("id"));`);
    this.addSql(`create index "jobs_status_index" on "jobs" ("status");`);

    this.addSql(`create table "tasks" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "job_id" uuid not null, "key" varchar(64) not null, "action" varchar(64) not null, "target" varchar(256) null, "depends_on" text[] not null default '{}', "status" "job_status" not null default 'PENDING', "input" jsonb null, "state" jsonb null, "result" jsonb null, "attempt" int not null default 0, "max_attempts" int not null default 3, "timeout_ms" int not null default 300000, "failure_allowed" boolean not null default false, "reschedules" int not null default 0, "error" text null, "logs" text[] not null default '{}', "locked_by" varchar(128) null, "heartbeat_at" timestamptz null, "run_after" timestamptz null, "started_at" timestamptz null, "finished_at" timestamptz null, constraint "tasks_pkey" primary key ("id"));`);
    this.addSql(`create index "tasks_status_heartbeat_at_index" on "tasks" ("status", "heartbeat_at");`);
    this.addSql(`alter table "tasks" add constraint "tasks_job_id_key_unique" unique ("job_id", "key");`);

    this.addSql(`create table "instance_revisions" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "instance_id" uuid not null, "revision" int not null, "version_id" uuid not null, "config" jsonb null, "status" varchar(32) not null, "manifest_digest" text null, constraint "instance_revisions_pkey" primary key ("id"));`);
    this.addSql(`alter table "instance_revisions" add constraint "instance_revisions_instance_id_revision_unique" unique ("instance_id", "revision");`);

    this.addSql(`create table "instance_nodes" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "instance_id" uuid not null, "role" varchar(64) not null, "name" varchar(253) not null, "provider_instance_id" varchar(128) null, "private_ip" varchar(64) null, "public_ip" varchar(64) null, "cpu" int null, "memory" int null, "volume_size" int null, "volume_id" varchar(128) null, "status" varchar(32) not null default 'pending', "transition_status" varchar(32) null, "health" varchar(32) null, constraint "instance_nodes_pkey" primary key ("id"));`);

    this.addSql(`create table "instance_events" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "instance_id" uuid not null, "seq" int not null, "job_id" uuid null, "task_id" uuid null, "kind" varchar(64) not null, "status" varchar(64) null, "progress" double precision null, "message" text null, constraint "instance_events_pkey" primary key ("id"));`);
    this.addSql(`alter table "instance_events" add constraint "instance_events_instance_id_seq_unique" unique ("instance_id", "seq");`);

    this.addSql(`create table "app_categories" ("app_id" uuid not null, "category_id" uuid not null, constraint "app_categories_pkey" primary key ("app_id", "category_id"));`);

    this.addSql(`alter table "workspaces" add constraint "workspaces_created_by_id_foreign" foreign key ("created_by_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "users" add constraint "users_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "vendors" add constraint "vendors_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "vendors" add constraint "vendors_approver_id_foreign" foreign key ("approver_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "user_roles" add constraint "user_roles_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "user_roles" add constraint "user_roles_role_definition_id_foreign" foreign key ("role_definition_id") references "roles" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_tokens" add constraint "api_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "runtime_credentials" add constraint "runtime_credentials_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "runtime_credentials" add constraint "runtime_credentials_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "runtimes" add constraint "runtimes_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "runtimes" add constraint "runtimes_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "runtimes" add constraint "runtimes_credential_id_foreign" foreign key ("credential_id") references "runtime_credentials" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "repos" add constraint "repos_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "repos" add constraint "repos_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "repo_events" add constraint "repo_events_repo_id_foreign" foreign key ("repo_id") references "repos" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "memberships" add constraint "memberships_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "memberships" add constraint "memberships_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "attachments" add constraint "attachments_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "attachments" add constraint "attachments_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "apps" add constraint "apps_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "apps" add constraint "apps_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "apps" add constraint "apps_repo_id_foreign" foreign key ("repo_id") references "repos" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "apps" add constraint "apps_vendor_id_foreign" foreign key ("vendor_id") references "vendors" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "app_versions" add constraint "app_versions_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "app_versions" add constraint "app_versions_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "app_versions" add constraint "app_versions_app_id_foreign" foreign key ("app_id") references "apps" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "version_audits" add constraint "version_audits_version_id_foreign" foreign key ("version_id") references "app_versions" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "version_audits" add constraint "version_audits_actor_id_foreign" foreign key ("actor_id") references "users" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "reviews" add constraint "reviews_version_id_foreign" foreign key ("version_id") references "app_versions" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reviews" add constraint "reviews_submitted_by_id_foreign" foreign key ("submitted_by_id") references "users" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "review_phases" add constraint "review_phases_review_id_foreign" foreign key ("review_id") references "reviews" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "review_phases" add constraint "review_phases_reviewer_id_foreign" foreign key ("reviewer_id") references "users" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "instances" add constraint "instances_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "instances" add constraint "instances_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "instances" add constraint "instances_app_id_foreign" foreign key ("app_id") references "apps" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "instances" add constraint "instances_version_id_foreign" foreign key ("version_id") references "app_versions" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "instances" add constraint "instances_runtime_id_foreign" foreign key ("runtime_id") references "runtimes" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "jobs" add constraint "jobs_instance_id_foreign" foreign key ("instance_id") references "instances" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "jobs" add constraint "jobs_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "jobs" add constraint "jobs_workspace_id_foreign" foreign key ("workspace_id") references "workspaces" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "tasks" add constraint "tasks_job_id_foreign" foreign key ("job_id") references "jobs" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "instance_revisions" add constraint "instance_revisions_instance_id_foreign" foreign key ("instance_id") references "instances" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "instance_revisions" add constraint "instance_revisions_version_id_foreign" foreign key ("version_id") references "app_versions" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "instance_nodes" add constraint "instance_nodes_instance_id_foreign" foreign key ("instance_id") references "instances" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "instance_events" add constraint "instance_events_instance_id_foreign" foreign key ("instance_id") references "instances" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "app_categories" add constraint "app_categories_app_id_foreign" foreign key ("app_id") references "apps" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "app_categories" add constraint "app_categories_category_id_foreign" foreign key ("category_id") references "categories" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "app_categories" drop constraint "app_categories_category_id_foreign";`);

    this.addSql(`alter table "user_roles" drop constraint "user_roles_role_definition_id_foreign";`);

    this.addSql(`alter table "users" drop constraint "users_workspace_id_foreign";`);

    this.addSql(`alter table "runtime_credentials" drop constraint "runtime_credentials_workspace_id_foreign";`);

    this.addSql(`alter table "runtimes" drop constraint "runtimes_workspace_id_foreign";`);

    this.addSql(`alter table "repos" drop constraint "repos_workspace_id_foreign";`);

    this.addSql(`alter table "memberships" drop constraint "memberships_workspace_id_foreign";`);

    this.addSql(`alter table "attachments" drop constraint "attachments_workspace_id_foreign";`);

    this.addSql(`alter table "apps" drop constraint "apps_workspace_id_foreign";`);

    this.addSql(`alter table "app_versions" drop constraint "app_versions_workspace_id_foreign";`);

    this.addSql(`alter table "instances" drop constraint "instances_workspace_id_foreign";`);

    this.addSql(`alter table "jobs" drop constraint "jobs_workspace_id_foreign";`);

    this.addSql(`alter table "workspaces" drop constraint "workspaces_created_by_id_foreign";`);

    this.addSql(`alter table "vendors" drop constraint "vendors_user_id_foreign";`);

    this.addSql(`alter table "vendors" drop constraint "vendors_approver_id_foreign";`);

    this.addSql(`alter table "user_roles" drop constraint "user_roles_user_id_foreign";`);

    this.addSql(`alter table "api_tokens" drop constraint "api_tokens_user_id_foreign";`);

    this.addSql(`alter table "runtime_credentials" drop constraint "runtime_credentials_owner_id_foreign";`);

    this.addSql(`alter table "runtimes" drop constraint "runtimes_owner_id_foreign";`);

    this.addSql(`alter table "repos" drop constraint "repos_owner_id_foreign";`);

    this.addSql(`alter table "memberships" drop constraint "memberships_user_id_foreign";`);

    this.addSql(`alter table "attachments" drop constraint "attachments_owner_id_foreign";`);

    this.addSql(`alter table "apps" drop constraint "apps_owner_id_foreign";`);

    this.addSql(`alter table "app_versions" drop constraint "app_versions_owner_id_foreign";`);

    this.addSql(`alter table "version_audits" drop constraint "version_audits_actor_id_foreign";`);

    this.addSql(`alter table "reviews" drop constraint "reviews_submitted_by_id_foreign";`);

    this.addSql(`alter table "review_phases" drop constraint "review_phases_reviewer_id_foreign";`);

    this.addSql(`alter table "instances" drop constraint "instances_owner_id_foreign";`);

    this.addSql(`alter table "jobs" drop constraint "jobs_owner_id_foreign";`);

    this.addSql(`alter table "apps" drop constraint "apps_vendor_id_foreign";`);

    this.addSql(`alter table "runtimes" drop constraint "runtimes_credential_id_foreign";`);

    this.addSql(`alter table "instances" drop constraint "instances_runtime_id_foreign";`);

    this.addSql(`alter table "repo_events" drop constraint "repo_events_repo_id_foreign";`);

    this.addSql(`alter table "apps" drop constraint "apps_repo_id_foreign";`);

    this.addSql(`alter table "app_versions" drop constraint "app_versions_app_id_foreign";`);

    this.addSql(`alter table "instances" drop constraint "instances_app_id_foreign";`);

    this.addSql(`alter table "app_categories" drop constraint "app_categories_app_id_foreign";`);

    this.addSql(`alter table "version_audits" drop constraint "version_audits_version_id_foreign";`);

    this.addSql(`alter table "reviews" drop constraint "reviews_version_id_foreign";`);

    this.addSql(`alter table "instances" drop constraint "instances_version_id_foreign";`);

    this.addSql(`alter table "instance_revisions" drop constraint "instance_revisions_version_id_foreign";`);

    this.addSql(`alter table "review_phases" drop constraint "review_phases_review_id_foreign";`);

    this.addSql(`alter table "jobs" drop constraint "jobs_instance_id_foreign";`);

    this.addSql(`alter table "instance_revisions" drop constraint "instance_revisions_instance_id_foreign";`);

    this.addSql(`alter table "instance_nodes" drop constraint "instance_nodes_instance_id_foreign";`);

    this.addSql(`alter table "instance_events" drop constraint "instance_events_instance_id_foreign";`);

    this.addSql(`alter table "tasks" drop constraint "tasks_job_id_foreign";`);

    this.addSql(`drop table if exists "categories" cascade;`);

    this.addSql(`drop table if exists "outbox" cascade;`);

    this.addSql(`drop table if exists "roles" cascade;`);

    this.addSql(`drop table if exists "workspaces" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "vendors" cascade;`);

    this.addSql(`drop table if exists "user_roles" cascade;`);

    this.addSql(`drop table if exists "api_tokens" cascade;`);

    this.addSql(`drop table if exists "runtime_credentials" cascade;`);

    this.addSql(`drop table if exists "runtimes" cascade;`);

    this.addSql(`drop table if exists "repos" cascade;`);

    this.addSql(`drop table if exists "repo_events" cascade;`);

    this.addSql(`drop table if exists "memberships" cascade;`);

    this.addSql(`drop table if exists "attachments" cascade;`);

    this.addSql(`drop table if exists "apps" cascade;`);

    this.addSql(`drop table if exists "app_versions" cascade;`);

    this.addSql(`drop table if exists "version_audits" cascade;`);

    this.addSql(`drop table if exists "reviews" cascade;`);

    this.addSql(`drop table if exists "review_phases" cascade;`);

    this.addSql(`drop table if exists "instances" cascade;`);

    this.addSql(`drop table if exists "jobs" cascade;`);

    this.addSql(`drop table if exists "tasks" cascade;`);

    this.addSql(`drop table if exists "instance_revisions" cascade;`);

    this.addSql(`drop table if exists "instance_nodes" cascade;`);

    this.addSql(`drop table if exists "instance_events" cascade;`);

    this.addSql(`drop table if exists "app_categories" cascade;`);

    this.addSql(`drop type "vendor_status";`);
    this.addSql(`drop type "provider";`);
    this.addSql(`drop type "runtime_environment";`);
    this.addSql(`drop type "repo_type";`);
    this.addSql(`drop type "visibility";`);
    this.addSql(`drop type "version_status";`);
    this.addSql(`drop type "sync_status";`);
    this.addSql(`drop type "workspace_role";`);
    this.addSql(`drop type "app_type";`);
    this.addSql(`drop type "app_status";`);
    this.addSql(`drop type "review_stage";`);
    this.addSql(`drop type "instance_status";`);
    this.addSql(`drop type "transition_status";`);
    this.addSql(`drop type "job_status";`);
  }

}
