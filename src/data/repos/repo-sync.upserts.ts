/**
 * The set-based statements a repo sync applies in its transaction: each takes all rows of one
 * kind as a single JSON parameter, so the number of statements does not grow with the index.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppType, VersionStatus, Visibility } from '../../entities/enums';
import { DERIVED_APP_STATUS_SQL, STATUS_PRIORITY_SQL } from '../catalog/app-status.sql';
import { bulkExecute } from '../sql';

/** The repo the rows belong to, and the defaults of rows it creates. */
export interface SyncTarget {
  readonly repoId: string;
  readonly ownerId: string;
  readonly workspaceId: string;
  readonly visibility: Visibility;
  readonly defaultStatus: VersionStatus;
  /** The system user recorded as the actor of the audit rows of added and removed versions. */
  readonly actorId: string;
}

/** An app repo sync leaves alone: suspended as a whole (its versions are neither added, changed nor removed). */
const SYNCABLE_APP = `a.status <> 'SUSPENDED' and not a.suspended`;

/** Audit columns of the rows a sync statement writes for the versions it adds or removes. */
const AUDIT_INSERT = `insert into version_audits (id, version_id, action, from_status, to_status, actor_id, role, message)`;

/** One row of the apps upsert (metadata from the app's newest version). */
export interface AppRecord {
  name: string;
  type: AppType;
  description: string | null;
  home: string | null;
  icon: string | null;
  keywords: string[];
  sources: string[];
  screenshots: string[];
  maintainers: unknown;
}

/** One row of the versions upsert. */
export interface VersionRecord {
  app: string;
  version: string;
  type: AppType;
  app_version: string | null;
  description: string | null;
  digest: string;
  package_ref: string;
  metadata: Record<string, unknown>;
  seq: number;
}

/** A version of an app of the repo, by names. */
export interface VersionName {
  readonly app: string;
  readonly version: string;
}

/** Lists travel as one JSON parameter (knex would expand a JS array binding into a value list). */
const json = (v: unknown) => JSON.stringify(v);

/** Inserts new apps as DRAFT and refreshes the metadata of existing ones (by repo and name). */
export async function upsertApps(tx: EntityManager, target: SyncTarget, apps: readonly AppRecord[]): Promise<void> {
  if (apps.length === 0) return;
  await bulkExecute(
    tx,
    `insert into apps (id, owner_id, workspace_id, repo_id, name, type, status, visibility, description, home, icon, keywords, sources, screenshots, maintainers)
     select gen_random_uuid(), ?, ?, ?, r.name, r.type::app_type, 'DRAFT', ?::visibility, r.description, r.home, r.icon, r.keywords, r.sources, r.screenshots, r.maintainers
     from jsonb_to_recordset(?::jsonb) as r(name text, type text, description text, home text, icon text, keywords text[], sources text[], screenshots text[], maintainers jsonb)
     on conflict (repo_id, name) do update set type = excluded.type, visibility = excluded.visibility, description = excluded.description,
       home = excluded.home, icon = excluded.icon, keywords = excluded.keywords, sources = excluded.sources, screenshots = excluded.screenshots,
       maintainers = excluded.maintainers, updated_at = now()`,
    [target.ownerId, target.workspaceId, target.repoId, target.visibility, json(apps)],
  );
}

/**
 * Inserts new versions with the default status and updates existing ones; a status is never
 * downgraded (the higher OpenPitrix priority of the stored and the default status wins), a SUSPENDED
 * version stays suspended, and a changed digest resets the known package size. Every status the
 * statement sets gets an audit row by the sync actor: `sync_add` for a new or re-listed (DELETED)
 * version, `sync_update` otherwise. Versions of suspended apps are left alone. Returns how many
 * versions were added (new or re-listed).
 */
export async function upsertVersions(
  tx: EntityManager,
  target: SyncTarget,
  versions: readonly VersionRecord[],
): Promise<number> {
  if (versions.length === 0) return 0;
  const rows = await bulkExecute<{ added: string }>(
    tx,
    `with r as (select * from jsonb_to_recordset(?::jsonb) as r(app text, version text, type text, app_version text, description text, digest text, package_ref text, metadata jsonb, seq int)),
     listed as (select a.id as app_id, r.* from r join apps a on a.repo_id = ? and a.name = r.app and ${SYNCABLE_APP}),
     before as (select v.id, v.status from listed l join app_versions v on v.app_id = l.app_id and v.name = l.version),
     up as (
     insert into app_versions (id, owner_id, workspace_id, app_id, name, app_version, description, status, type, visibility, digest, package_ref, metadata, sequence)
     select gen_random_uuid(), ?, ?, l.app_id, l.version, l.app_version, l.description, ?::version_status, l.type::app_type, ?::visibility, l.digest, l.package_ref, l.metadata, l.seq
     from listed l
     on conflict (app_id, name) do update set app_version = excluded.app_version, description = excluded.description, type = excluded.type,
       visibility = excluded.visibility, package_ref = excluded.package_ref, metadata = excluded.metadata, sequence = excluded.sequence,
       package_size = case when app_versions.digest = excluded.digest then app_versions.package_size else 0 end, digest = excluded.digest,
       status = case when app_versions.status = 'SUSPENDED' or ${STATUS_PRIORITY_SQL('app_versions.status')} >= ${STATUS_PRIORITY_SQL('excluded.status')} then app_versions.status else excluded.status end,
       updated_at = now()
     returning id, status),
     changed as (select up.id, b.status as old, up.status as new from up left join before b on b.id = up.id where b.status is distinct from up.status),
     audited as (${AUDIT_INSERT}
       select gen_random_uuid(), c.id, case when c.old is null or c.old = 'DELETED' then 'sync_add' else 'sync_update' end, c.old, c.new, ?, 'sync',
              case when c.old is null then 'indexed from the repo' when c.old = 'DELETED' then 're-listed in the repo index' else 'status from the repo default' end
       from changed c returning action)
     select count(*) filter (where action = 'sync_add')::int as added from audited`,
    [
      json(versions),
      target.repoId,
      target.ownerId,
      target.workspaceId,
      target.defaultStatus,
      target.visibility,
      target.actorId,
    ],
  );
  return Number(rows[0]?.added ?? 0);
}

/**
 * Marks the listed versions of the repo's apps DELETED, each with a `sync_remove` audit row by the
 * sync actor; versions of suspended apps are left alone. Returns how many versions were removed.
 */
export async function markVersionsDeleted(
  tx: EntityManager,
  target: Pick<SyncTarget, 'repoId' | 'actorId'>,
  versions: readonly VersionName[],
): Promise<number> {
  if (versions.length === 0) return 0;
  const rows = await bulkExecute<{ removed: string }>(
    tx,
    `with listed as (
       select v.id, v.status as old from jsonb_to_recordset(?::jsonb) as r(app text, version text)
       join apps a on a.repo_id = ? and a.name = r.app and ${SYNCABLE_APP}
       join app_versions v on v.app_id = a.id and v.name = r.version and v.status <> 'DELETED'
       for update of v),
     gone as (update app_versions v set status = 'DELETED', updated_at = now() from listed l where v.id = l.id returning v.id, l.old),
     audited as (${AUDIT_INSERT}
       select gen_random_uuid(), gone.id, 'sync_remove', gone.old, 'DELETED', ?, 'sync', 'removed from the repo index' from gone
       returning 1)
     select count(*)::int as removed from audited`,
    [json(versions), target.repoId, target.actorId],
  );
  return Number(rows[0]?.removed ?? 0);
}

/** Sets the SemVer rank (`sequence`) of the listed versions where it differs. */
export async function setVersionRanks(
  tx: EntityManager,
  repoId: string,
  ranks: readonly (VersionName & { seq: number })[],
): Promise<void> {
  if (ranks.length === 0) return;
  await bulkExecute(
    tx,
    `update app_versions v set sequence = r.seq
     from jsonb_to_recordset(?::jsonb) as r(app text, version text, seq int), apps a
     where a.repo_id = ? and a.name = r.app and v.app_id = a.id and v.name = r.version and v.sequence <> r.seq`,
    [json(ranks), repoId],
  );
}

/** Links the named apps of the repo that have no category yet to the category `categoryName`. */
export async function linkAppsWithoutCategory(
  tx: EntityManager,
  repoId: string,
  names: readonly string[],
  categoryName: string,
): Promise<void> {
  if (names.length === 0) return;
  await bulkExecute(
    tx,
    `insert into app_categories (app_id, category_id)
     select a.id, c.id from apps a join categories c on c.name = ?
     where a.repo_id = ? and a.name in (select jsonb_array_elements_text(?::jsonb)) and not exists (select 1 from app_categories x where x.app_id = a.id)
     on conflict do nothing`,
    [categoryName, repoId, json(names)],
  );
}

/** Re-derives the status of the named apps of the repo from their versions. */
export async function rederiveAppStatuses(tx: EntityManager, repoId: string, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await bulkExecute(
    tx,
    `update apps a set status = s.status, updated_at = now()
     from (select a2.id, ${DERIVED_APP_STATUS_SQL('v.status')} as status
           from apps a2 left join app_versions v on v.app_id = a2.id
           where a2.repo_id = ? and a2.name in (select jsonb_array_elements_text(?::jsonb)) group by a2.id) s
     where a.id = s.id and a.status <> s.status`,
    [repoId, json(names)],
  );
}
