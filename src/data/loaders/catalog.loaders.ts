/**
 * Batch loaders of the catalog (repos, apps, versions, categories, reviews) for one request:
 * a page of N rows resolves each relation in one query, not N. Owned rows (repos, apps,
 * versions) and the counts over them only ever include rows within the request's ReadScope.
 */
import DataLoader from 'dataloader';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { AppVersion } from '../../entities/app-version.entity';
import { Repo } from '../../entities/repo.entity';
import { RepoEvent } from '../../entities/repo-event.entity';
import { Review } from '../../entities/review.entity';
import { ReviewPhase } from '../../entities/review-phase.entity';
import { Vendor } from '../../entities/vendor.entity';
import { VersionAudit } from '../../entities/version-audit.entity';
import type { OwnedEntity } from '../../entities/base.entity';
import { appCountsByCategory } from '../catalog/category.queries';
import { categoriesOfApps, newestVersionsOfApps } from '../catalog/store.queries';
import { reviewableIds } from '../catalog/review-access.queries';
import { STORE_VISIBLE } from '../catalog/store-visibility';
import type { CategoryRow, VersionRow } from '../catalog/store-rows';
import { scopeFilter, type ReadScope } from '../read-scope';
import { byId, groupBy, IDS, newestPer } from './batch';

/** One app's slice of versions: statuses (null: all) and how many. */
export interface VersionSliceKey {
  readonly appId: string;
  readonly statuses: readonly string[] | null;
  readonly limit: number;
}

export interface CatalogLoaders {
  /** Readable repos by id. */
  readonly repo: DataLoader<string, Repo | undefined>;
  /** Readable apps by id. */
  readonly app: DataLoader<string, App | undefined>;
  /** Readable versions by id. */
  readonly version: DataLoader<string, AppVersion | undefined>;
  readonly vendor: DataLoader<string, Vendor | undefined>;
  /** Categories of an app, by name. */
  readonly categoriesOfApp: DataLoader<string, CategoryRow[]>;
  /**
   * The newest versions (SemVer rank) of an app with the given statuses, up to `limit` — the
   * caller decides which statuses the reader may see; one statement per page of apps.
   */
  readonly newestVersionsOfApp: DataLoader<VersionSliceKey, VersionRow[], string>;
  /** Readable apps in a category that are not DELETED (one GROUP BY per page of categories). */
  readonly appCountOfCategory: DataLoader<string, number>;
  /** Highest SemVer rank among the app's versions that are not DELETED (when readable). */
  readonly latestVersionOfApp: DataLoader<string, AppVersion | undefined>;
  readonly latestEventOfRepo: DataLoader<string, RepoEvent | undefined>;
  /** The latest review of a version. */
  readonly reviewOfVersion: DataLoader<string, Review | undefined>;
  /** Phases of a review, oldest first. */
  readonly phasesOfReview: DataLoader<string, ReviewPhase[]>;
  /** Audit rows of a version, oldest first. */
  readonly auditsOfVersion: DataLoader<string, VersionAudit[]>;
}

export function createCatalogLoaders(em: EntityManager, scope: ReadScope): CatalogLoaders {
  /** Owned rows of `entity` with these ids that lie in the scope. */
  const readable = <T extends OwnedEntity>(entity: new () => T, ids: readonly string[]): Promise<T[]> =>
    em.find(entity, {
      $and: [{ id: { $in: [...ids] } }, scopeFilter<T>(scope, { publicVisible: true })],
    } as FilterQuery<T>);
  /** Readable rows plus, for a reviewer, the ones in its review queues (data/catalog/review-access). */
  const withQueued = async <T extends OwnedEntity>(
    entity: new () => T,
    kind: 'app' | 'version',
    ids: readonly string[],
  ): Promise<T[]> => {
    const rows = await readable(entity, ids);
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    const queued = [...(await reviewableIds(em, scope, kind, missing))];
    const found = queued.length
      ? [...rows, ...(await em.find(entity, { id: { $in: queued } } as unknown as FilterQuery<T>))]
      : rows;
    const unseen = missing.filter((id) => !found.some((r) => r.id === id));
    return unseen.length ? [...found, ...((await inStore(kind, unseen)) as unknown as T[])] : found;
  };
  /**
   * What the store shows every signed-in user: ACTIVE apps and their ACTIVE versions (so an app or
   * version reached through a store page or an instance deployed from the store resolves).
   */
  const inStore = async (kind: 'app' | 'version', ids: readonly string[]): Promise<OwnedEntity[]> => {
    if (scope.all || scope.workspaceIds.length === 0) return [];
    if (kind === 'app') return em.find(App, { id: { $in: [...ids] }, status: STORE_VISIBLE.app });
    return em.find(AppVersion, {
      id: { $in: [...ids] },
      status: STORE_VISIBLE.version,
      app: { status: STORE_VISIBLE.app },
    });
  };
  return {
    repo: new DataLoader(async (ids) => byId(await readable(Repo, ids), ids)),
    app: new DataLoader(async (ids) => byId(await withQueued(App, 'app', ids), ids)),
    version: new DataLoader(async (ids) => byId(await withQueued(AppVersion, 'version', ids), ids)),
    vendor: new DataLoader(async (ids) => byId(await em.find(Vendor, { id: { $in: [...ids] } }), ids)),
    categoriesOfApp: new DataLoader(async (ids) => {
      const map = await categoriesOfApps(em, ids);
      return ids.map((id) => map.get(id) ?? []);
    }),
    newestVersionsOfApp: new DataLoader(
      async (keys) => {
        const out = new Map<VersionSliceKey, VersionRow[]>();
        const groups = new Map<string, VersionSliceKey[]>();
        for (const k of keys) {
          const g = JSON.stringify([k.statuses, k.limit]);
          groups.set(g, [...(groups.get(g) ?? []), k]);
        }
        for (const group of groups.values()) {
          const { statuses, limit } = group[0];
          const map = await newestVersionsOfApps(em, [...new Set(group.map((k) => k.appId))], statuses, limit);
          for (const k of group) out.set(k, map.get(k.appId) ?? []);
        }
        return keys.map((k) => out.get(k) ?? []);
      },
      { cacheKeyFn: (k) => JSON.stringify([k.appId, k.statuses, k.limit]) },
    ),
    appCountOfCategory: new DataLoader(async (ids) => {
      const counts = await appCountsByCategory(em, scope, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    latestVersionOfApp: new DataLoader((ids) =>
      newestPer(
        em,
        `select distinct on (app_id) id from app_versions where app_id in (${IDS}) and status <> 'DELETED' order by app_id, sequence desc, created_at desc`,
        ids,
        (picked) => readable(AppVersion, picked),
        (v) => v.app.id,
      ),
    ),
    latestEventOfRepo: new DataLoader((ids) =>
      newestPer(
        em,
        `select distinct on (repo_id) id from repo_events where repo_id in (${IDS}) order by repo_id, created_at desc, id desc`,
        ids,
        (picked) => em.find(RepoEvent, { id: { $in: picked } }),
        (e) => e.repo.id,
      ),
    ),
    reviewOfVersion: new DataLoader((ids) =>
      newestPer(
        em,
        `select distinct on (version_id) id from reviews where version_id in (${IDS}) order by version_id, submitted_at desc`,
        ids,
        (picked) => em.find(Review, { id: { $in: picked } }),
        (r) => r.version.id,
      ),
    ),
    phasesOfReview: new DataLoader(async (ids) =>
      groupBy(
        await em.find(ReviewPhase, { review: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } }),
        ids,
        (p) => p.review.id,
      ),
    ),
    auditsOfVersion: new DataLoader(async (ids) =>
      groupBy(
        await em.find(VersionAudit, { version: { $in: [...ids] } }, { orderBy: { createdAt: 'asc', id: 'asc' } }),
        ids,
        (a) => a.version.id,
      ),
    ),
  };
}
