import type { EntityManager } from '@mikro-orm/postgresql';
import type { VersionStatus, Visibility } from '../../entities/enums';
import type { RepoIndex } from '../../repos/index/repo-index.types';
import type { SyncPlan } from '../../repos/sync/index-diff';
import { UNCATEGORIZED } from '../bootstrap.service';
import { DERIVED_APP_STATUS_SQL, STATUS_PRIORITY_SQL } from '../apps/app-status';
import { bulkExecute } from './bulk-sql';
import { appRecords, rankKey, versionRecords } from './repo-sync.records';

/** The repo as the writer needs it. */
export interface SyncTarget {
  readonly repoId: string;
  readonly ownerId: string;
  readonly workspaceId: string;
  readonly visibility: Visibility;
  readonly defaultStatus: VersionStatus;
}

export interface SyncCounts {
  readonly appsAdded: number;
  readonly versionsAdded: number;
  readonly versionsUpdated: number;
  readonly versionsRemoved: number;
}

/** Lists travel as one JSON parameter (knex would expand a JS array binding into a value list). */
const json = (v: unknown) => JSON.stringify(v);

/**
 * Applies a sync plan with a fixed number of set-based statements (independent of the index
 * size), inside the caller's transaction: upsert apps (metadata of the newest version), upsert
 * new and changed versions (statuses never downgraded: the higher OpenPitrix priority of the
 * stored and the default status wins), mark disappeared versions DELETED, re-rank versions of
 * changed apps by SemVer, link new apps to "uncategorized", and re-derive app statuses.
 */
export async function applySyncPlan(tx: EntityManager, target: SyncTarget, plan: SyncPlan, index: RepoIndex | null, knownApps: ReadonlySet<string>): Promise<SyncCounts> {
  const ranks = new Map<string, number>();
  for (const [app, list] of index?.entries ?? []) list.forEach((e, i) => ranks.set(rankKey(app, e.version), list.length - i));
  const apps = appRecords(plan);
  const { repoId } = target;
  if (apps.length > 0) {
    await bulkExecute(tx, 
      `insert into apps (id, owner_id, workspace_id, repo_id, name, type, status, visibility, description, home, icon, keywords, sources, screenshots, maintainers)
       select gen_random_uuid(), ?, ?, ?, r.name, r.type::app_type, 'DRAFT', ?::visibility, r.description, r.home, r.icon, r.keywords, r.sources, r.screenshots, r.maintainers
       from jsonb_to_recordset(?::jsonb) as r(name text, type text, description text, home text, icon text, keywords text[], sources text[], screenshots text[], maintainers jsonb)
       on conflict (repo_id, name) do update set type = excluded.type, visibility = excluded.visibility, description = excluded.description,
         home = excluded.home, icon = excluded.icon, keywords = excluded.keywords, sources = excluded.sources, screenshots = excluded.screenshots,
         maintainers = excluded.maintainers, updated_at = now()`,
      [target.ownerId, target.workspaceId, repoId, target.visibility, json(apps)],
    );
  }
  const versions = versionRecords(plan, ranks);
  if (versions.length > 0) {
    await bulkExecute(tx, 
      `insert into app_versions (id, owner_id, workspace_id, app_id, name, app_version, description, status, type, visibility, digest, package_ref, metadata, sequence)
       select gen_random_uuid(), ?, ?, a.id, r.version, r.app_version, r.description, ?::version_status, r.type::app_type, ?::visibility, r.digest, r.package_ref, r.metadata, r.seq
       from jsonb_to_recordset(?::jsonb) as r(app text, version text, type text, app_version text, description text, digest text, package_ref text, metadata jsonb, seq int)
       join apps a on a.repo_id = ? and a.name = r.app
       on conflict (app_id, name) do update set app_version = excluded.app_version, description = excluded.description, type = excluded.type,
         visibility = excluded.visibility, package_ref = excluded.package_ref, metadata = excluded.metadata, sequence = excluded.sequence,
         package_size = case when app_versions.digest = excluded.digest then app_versions.package_size else 0 end, digest = excluded.digest,
         status = case when ${STATUS_PRIORITY_SQL('app_versions.status')} >= ${STATUS_PRIORITY_SQL('excluded.status')} then app_versions.status else excluded.status end,
         updated_at = now()`,
      [target.ownerId, target.workspaceId, target.defaultStatus, target.visibility, json(versions), repoId],
    );
  }
  if (plan.deleteVersions.length > 0) {
    await bulkExecute(tx, 
      `update app_versions v set status = 'DELETED', updated_at = now()
       from jsonb_to_recordset(?::jsonb) as r(app text, version text), apps a
       where a.repo_id = ? and a.name = r.app and v.app_id = a.id and v.name = r.version and v.status <> 'DELETED'`,
      [json(plan.deleteVersions), repoId],
    );
  }
  await rerank(tx, repoId, plan, index, knownApps);
  const touched = [...plan.apps.map((a) => a.name), ...plan.deleteApps];
  await linkUncategorized(tx, repoId, plan.apps.filter((a) => !knownApps.has(a.name)).map((a) => a.name));
  await deriveStatuses(tx, repoId, touched);
  const created = plan.versions.filter((v) => v.change === 'create').length;
  return {
    appsAdded: plan.apps.filter((a) => !knownApps.has(a.name)).length,
    versionsAdded: created,
    versionsUpdated: plan.versions.length - created,
    versionsRemoved: plan.deleteVersions.length,
  };
}

/** SemVer ranks of every listed version of known apps that gained versions (new apps were inserted ranked). */
async function rerank(tx: EntityManager, repoId: string, plan: SyncPlan, index: RepoIndex | null, knownApps: ReadonlySet<string>): Promise<void> {
  const changed = new Set(plan.versions.filter((v) => v.change === 'create' && knownApps.has(v.app)).map((v) => v.app));
  const rows: { app: string; version: string; seq: number }[] = [];
  for (const app of changed) {
    const list = index?.entries.get(app) ?? [];
    list.forEach((e, i) => rows.push({ app, version: e.version, seq: list.length - i }));
  }
  if (rows.length === 0) return;
  await bulkExecute(tx, 
    `update app_versions v set sequence = r.seq
     from jsonb_to_recordset(?::jsonb) as r(app text, version text, seq int), apps a
     where a.repo_id = ? and a.name = r.app and v.app_id = a.id and v.name = r.version and v.sequence <> r.seq`,
    [json(rows), repoId],
  );
}

/** New apps go to "uncategorized" (apps that already have categories keep them). */
async function linkUncategorized(tx: EntityManager, repoId: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await bulkExecute(tx, 
    `insert into app_categories (app_id, category_id)
     select a.id, c.id from apps a join categories c on c.name = ?
     where a.repo_id = ? and a.name in (select jsonb_array_elements_text(?::jsonb)) and not exists (select 1 from app_categories x where x.app_id = a.id)
     on conflict do nothing`,
    [UNCATEGORIZED, repoId, json(names)],
  );
}

/** Re-derives the status of the named apps of a repo from their versions. */
async function deriveStatuses(tx: EntityManager, repoId: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await bulkExecute(tx, 
    `update apps a set status = s.status, updated_at = now()
     from (select a2.id, ${DERIVED_APP_STATUS_SQL('v.status')} as status
           from apps a2 left join app_versions v on v.app_id = a2.id
           where a2.repo_id = ? and a2.name in (select jsonb_array_elements_text(?::jsonb)) group by a2.id) s
     where a.id = s.id and a.status <> s.status`,
    [repoId, json(names)],
  );
}
