/**
 * Platform statistics (PRODUCT.md F3), each figure set in one grouped statement whatever the size
 * of the catalogue. Deploys are rows of `instances` (every deploy, whatever its state now).
 */
import type { EntityManager } from '@mikro-orm/core';
import { sqlRows } from '../sql';

export interface PlatformTotals {
  readonly apps: number;
  readonly activeApps: number;
  readonly versions: number;
  readonly repos: number;
  readonly runtimes: number;
  readonly deploys: number;
  readonly liveInstances: number;
}

export interface CategoryAppCount {
  readonly categoryId: string;
  readonly name: string;
  readonly appCount: number;
}

export interface DeployCount {
  readonly appId: string;
  readonly appName: string;
  readonly versionId: string | null;
  readonly versionName: string | null;
  readonly deploys: number;
}

/** Counts of apps and versions (not deleted), repos and runtimes (not deleted), deploys and live instances. */
export async function platformTotals(em: EntityManager): Promise<PlatformTotals> {
  const [row] = await sqlRows<Record<keyof PlatformTotals, string>>(
    em,
    `select (select count(*) from apps where status <> 'DELETED') as "apps",
            (select count(*) from apps where status = 'ACTIVE') as "activeApps",
            (select count(*) from app_versions where status <> 'DELETED') as "versions",
            (select count(*) from repos where status <> 'deleted') as "repos",
            (select count(*) from runtimes where status <> 'deleted') as "runtimes",
            (select count(*) from instances) as "deploys",
            (select count(*) from instances where status not in ('DELETED', 'CEASED')) as "liveInstances"`,
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as PlatformTotals;
}

/** Every category with the number of its apps that are not deleted, by name. */
export async function appsPerCategory(em: EntityManager): Promise<CategoryAppCount[]> {
  const rows = await sqlRows<{ id: string; name: string; n: string }>(
    em,
    `select c.id, c.name, count(a.id) as n from categories c
     left join app_categories ac on ac.category_id = c.id
     left join apps a on a.id = ac.app_id and a.status <> 'DELETED'
     group by c.id, c.name order by c.name`,
  );
  return rows.map((r) => ({ categoryId: r.id, name: r.name, appCount: Number(r.n) }));
}

/** The `limit` most deployed apps (`byVersion` false) or versions, most deploys first. */
export async function deployCounts(em: EntityManager, byVersion: boolean, limit: number): Promise<DeployCount[]> {
  const rows = await sqlRows<{
    app_id: string;
    app_name: string;
    version_id: string | null;
    version_name: string | null;
    n: string;
  }>(
    em,
    byVersion
      ? `select a.id as app_id, a.name as app_name, v.id as version_id, v.name as version_name, d.n from
           (select version_id, count(*) n from instances group by version_id order by n desc, version_id limit ?) d
         join app_versions v on v.id = d.version_id join apps a on a.id = v.app_id order by d.n desc, v.id`
      : `select a.id as app_id, a.name as app_name, null as version_id, null as version_name, d.n from
           (select app_id, count(*) n from instances group by app_id order by n desc, app_id limit ?) d
         join apps a on a.id = d.app_id order by d.n desc, a.id`,
    [limit],
  );
  return rows.map((r) => ({
    appId: r.app_id,
    appName: r.app_name,
    versionId: r.version_id,
    versionName: r.version_name,
    deploys: Number(r.n),
  }));
}
