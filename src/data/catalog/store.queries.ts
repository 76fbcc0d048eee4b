/**
 * Set-based reads behind the store's batched field resolvers: the newest versions of many apps
 * and the categories of many apps, each in one statement whatever the number of apps.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppVersion } from '../../entities/app-version.entity';
import { Category } from '../../entities/category.entity';
import { sqlRows } from '../sql';

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
): Promise<Map<string, AppVersion[]>> {
  // One scan of the apps' versions: the window runs over the selected rows themselves (no self-join).
  const rows = await sqlRows<Record<string, unknown>>(
    em,
    `select * from (
       select v.*, row_number() over (partition by v.app_id order by v.sequence desc, v.id desc) as slice_rank
       from app_versions v
       where v.app_id = any(?::uuid[]) and (?::version_status[] is null or v.status = any(?::version_status[]))
     ) x where x.slice_rank <= ? order by x.app_id, x.sequence desc, x.id desc`,
    [uuids(appIds), statuses ? `{${statuses.join(',')}}` : null, statuses ? `{${statuses.join(',')}}` : null, limit],
  );
  const map = new Map<string, AppVersion[]>();
  for (const { slice_rank: _rank, ...row } of rows) {
    const version = em.map(AppVersion, row);
    const list = map.get(row.app_id as string) ?? [];
    list.push(version);
    map.set(row.app_id as string, list);
  }
  return map;
}

/** Per app id: its categories by name — one statement over the link table. */
export async function categoriesOfApps(em: EntityManager, appIds: readonly string[]): Promise<Map<string, Category[]>> {
  const rows = await sqlRows<Record<string, unknown> & { linked_app_id: string }>(
    em,
    `select ac.app_id linked_app_id, c.* from app_categories ac join categories c on c.id = ac.category_id
     where ac.app_id = any(?::uuid[]) order by c.name`,
    [uuids(appIds)],
  );
  const map = new Map<string, Category[]>();
  for (const { linked_app_id: appId, ...row } of rows) {
    const list = map.get(appId) ?? [];
    list.push(em.map(Category, row));
    map.set(appId, list);
  }
  return map;
}
