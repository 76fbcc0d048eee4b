import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../entities/app.entity';
import { AppVersion } from '../entities/app-version.entity';
import { Category } from '../entities/category.entity';
import { Repo } from '../entities/repo.entity';
import { RepoEvent } from '../entities/repo-event.entity';
import { Review } from '../entities/review.entity';
import { ReviewPhase } from '../entities/review-phase.entity';
import { Vendor } from '../entities/vendor.entity';
import { VersionAudit } from '../entities/version-audit.entity';

/** Batch loaders of repos, apps and versions: a page of N rows resolves each relation in one query, not N. */
export interface CatalogLoaders {
  repo: DataLoader<string, Repo | undefined>;
  app: DataLoader<string, App | undefined>;
  vendor: DataLoader<string, Vendor | undefined>;
  categoriesOfApp: DataLoader<string, Category[]>;
  /** Highest SemVer rank among the app's versions that are not DELETED. */
  latestVersionOfApp: DataLoader<string, AppVersion | undefined>;
  latestEventOfRepo: DataLoader<string, RepoEvent | undefined>;
  /** The latest review of a version. */
  reviewOfVersion: DataLoader<string, Review | undefined>;
  phasesOfReview: DataLoader<string, ReviewPhase[]>;
  auditsOfVersion: DataLoader<string, VersionAudit[]>;
}

function byId<T extends { id: string }>(rows: T[], ids: readonly string[]): (T | undefined)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id));
}

function groupBy<T>(rows: T[], ids: readonly string[], key: (row: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    map.set(k, [...(map.get(k) ?? []), r]);
  }
  return ids.map((id) => map.get(id) ?? []);
}

/** The newest row per group, picked with DISTINCT ON in one statement, then loaded as entities. */
async function newestPer<T extends { id: string }>(em: EntityManager, entity: new () => T, sql: string, ids: readonly string[], groupOf: (row: T) => string): Promise<(T | undefined)[]> {
  const picked = await em.execute<{ id: string }[]>(sql, [JSON.stringify(ids)]);
  const rows = picked.length ? await em.find(entity, { id: { $in: picked.map((p) => p.id) } } as never) : [];
  const map = new Map(rows.map((r) => [groupOf(r), r]));
  return ids.map((id) => map.get(id));
}

const IDS = 'select jsonb_array_elements_text(?::jsonb)::uuid';

export function createCatalogLoaders(em: EntityManager): CatalogLoaders {
  return {
    repo: new DataLoader(async (ids) => byId(await em.find(Repo, { id: { $in: [...ids] } }), ids)),
    app: new DataLoader(async (ids) => byId(await em.find(App, { id: { $in: [...ids] } }), ids)),
    vendor: new DataLoader(async (ids) => byId(await em.find(Vendor, { id: { $in: [...ids] } }), ids)),
    categoriesOfApp: new DataLoader(async (ids) => {
      const apps = await em.find(App, { id: { $in: [...ids] } }, { populate: ['categories'] });
      const map = new Map(apps.map((a) => [a.id, a.categories.getItems().sort((x, y) => x.name.localeCompare(y.name))]));
      return ids.map((id) => map.get(id) ?? []);
    }),
    latestVersionOfApp: new DataLoader((ids) =>
      newestPer(em, AppVersion, `select distinct on (app_id) id from app_versions where app_id in (${IDS}) and status <> 'DELETED' order by app_id, sequence desc, created_at desc`, ids, (v) => v.app.id),
    ),
    latestEventOfRepo: new DataLoader((ids) =>
      newestPer(em, RepoEvent, `select distinct on (repo_id) id from repo_events where repo_id in (${IDS}) order by repo_id, created_at desc, id desc`, ids, (e) => e.repo.id),
    ),
    reviewOfVersion: new DataLoader((ids) =>
      newestPer(em, Review, `select distinct on (version_id) id from reviews where version_id in (${IDS}) order by version_id, submitted_at desc`, ids, (r) => r.version.id),
    ),
    phasesOfReview: new DataLoader(async (ids) => groupBy(await em.find(ReviewPhase, { review: { $in: [...ids] } }, { orderBy: { createdAt: 'asc' } }), ids, (p) => p.review.id)),
    auditsOfVersion: new DataLoader(async (ids) => groupBy(await em.find(VersionAudit, { version: { $in: [...ids] } }, { orderBy: { createdAt: 'asc', id: 'asc' } }), ids, (a) => a.version.id)),
  };
}
