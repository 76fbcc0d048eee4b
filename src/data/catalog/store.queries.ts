/**
 * Set-based reads behind the store's batched field resolvers: the newest versions of many apps
 * and the categories of many apps, each in one statement whatever the number of apps, as plain
 * rows (store-rows), not managed entities.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRows } from '../sql';
import { type CategoryRow, dateParser, opt, type ParseDate, type VersionRow } from './store-rows';

const uuids = (ids: readonly string[]) => `{${ids.join(',')}}`;

/**
 * Per app id: its versions with one of `statuses` (all when null), newest SemVer rank first
 * (sequence desc, id desc), at most `limit` each — one statement (row_number over app_id).
 */
export async function newestVersionsOfApps(
  em: EntityManager,
  appIds: readonly string[],
  statuses: readonly string[] | null,
  limit: number,
): Promise<Map<string, VersionRow[]>> {
  // One scan of the apps' versions: the window runs over the selected rows themselves (no self-join).
  const rows = await sqlRows<VersionSql>(
    em,
    `select * from (
       select v.id, v.app_id, v.name, v.app_version, v.description, v.changelog, v.status, v.type, v.digest,
         v.sequence, v.created_at, v.updated_at, row_number() over (partition by v.app_id order by v.sequence desc, v.id desc) as slice_rank
       from app_versions v
       where v.app_id = any(?::uuid[]) and (?::version_status[] is null or v.status = any(?::version_status[]))
     ) x where x.slice_rank <= ? order by x.app_id, x.sequence desc, x.id desc`,
    [uuids(appIds), statuses ? `{${statuses.join(',')}}` : null, statuses ? `{${statuses.join(',')}}` : null, limit],
  );
  const map = new Map<string, VersionRow[]>();
  const date = dateParser(em);
  for (const row of rows) {
    const list = map.get(row.app_id) ?? [];
    list.push(toVersion(row, date));
    map.set(row.app_id, list);
  }
  return map;
}

/** A row of the versions statement above. */
interface VersionSql {
  id: string;
  app_id: string;
  name: string;
  app_version: string | null;
  description: string | null;
  changelog: string | null;
  status: VersionRow['status'];
  type: VersionRow['type'];
  digest: string;
  sequence: number;
  created_at: string;
  updated_at: string;
}

const toVersion = (r: VersionSql, date: ParseDate): VersionRow => ({
  id: r.id,
  name: r.name,
  appVersion: opt(r.app_version),
  description: opt(r.description),
  changelog: opt(r.changelog),
  status: r.status,
  type: r.type,
  digest: r.digest,
  sequence: r.sequence,
  createdAt: date(r.created_at),
  updatedAt: date(r.updated_at),
  app: { id: r.app_id },
});

/** Per app id: its categories by name — one statement over the link table. */
export async function categoriesOfApps(
  em: EntityManager,
  appIds: readonly string[],
): Promise<Map<string, CategoryRow[]>> {
  const rows = await sqlRows<{
    app_id: string;
    id: string;
    name: string;
    description: string | null;
    icon: string | null;
  }>(
    em,
    `select ac.app_id, c.id, c.name, c.description, c.icon from app_categories ac join categories c on c.id = ac.category_id
     where ac.app_id = any(?::uuid[]) order by c.name`,
    [uuids(appIds)],
  );
  const map = new Map<string, CategoryRow[]>();
  for (const r of rows) {
    const list = map.get(r.app_id) ?? [];
    list.push({ id: r.id, name: r.name, description: opt(r.description), icon: opt(r.icon) });
    map.set(r.app_id, list);
  }
  return map;
}
