/**
 * Set-based statements over categories and their links to apps: counts by one GROUP BY (never
 * loading apps), and the un-linking of a force-deleted category.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReadScope } from '../read-scope';
import { sqlRows } from '../sql';

/** SQL condition (alias `a`) and its parameters: the apps within `scope` (PUBLIC ones included). */
function appScopeSql(scope: ReadScope): { sql: string; params: unknown[] } {
  if (scope.all) return { sql: 'true', params: [] };
  return {
    sql: `(a.workspace_id = any(?::uuid[]) or a.visibility = 'PUBLIC')`,
    params: [`{${scope.workspaceIds.join(',')}}`],
  };
}

/** Per category id: the apps within `scope` that are not DELETED and link to it (one grouped statement). */
export async function appCountsByCategory(
  em: EntityManager,
  scope: ReadScope,
  categoryIds: readonly string[],
): Promise<Map<string, number>> {
  const where = appScopeSql(scope);
  const rows = await sqlRows<{ id: string; n: number }>(
    em,
    `select ac.category_id id, count(*)::int n from app_categories ac join apps a on a.id = ac.app_id
     where ac.category_id = any(?::uuid[]) and a.status <> 'DELETED' and ${where.sql} group by ac.category_id`,
    [`{${categoryIds.join(',')}}`, ...where.params],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** How many apps (any workspace, any status) link to the category. */
export async function linkedAppCount(em: EntityManager, categoryId: string): Promise<number> {
  const rows = await sqlRows<{ n: number }>(em, 'select count(*)::int n from app_categories where category_id = ?', [
    categoryId,
  ]);
  return rows[0]?.n ?? 0;
}

/**
 * Removes every link to the category; apps left without any category are linked to `fallbackId`
 * (the builtin "uncategorized"). Run inside the deleting transaction.
 */
export async function unlinkCategory(em: EntityManager, categoryId: string, fallbackId: string): Promise<void> {
  await sqlRows(
    em,
    `with gone as (delete from app_categories where category_id = ? returning app_id)
     insert into app_categories (app_id, category_id)
     select distinct g.app_id, ?::uuid from gone g
     where not exists (select 1 from app_categories x where x.app_id = g.app_id and x.category_id <> ?)
     on conflict do nothing`,
    [categoryId, fallbackId, categoryId],
  );
}
