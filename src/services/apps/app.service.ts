import type DataLoader from 'dataloader';
import { STORE_VISIBLE } from '../../data/catalog/store-visibility';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { VersionSliceKey } from '../../data/loaders/catalog.loaders';
import { App } from '../../entities/app.entity';
import { AppVersion } from '../../entities/app-version.entity';
import { AppStatus, type AppType, VersionStatus } from '../../entities/enums';
import { reviewableIds } from '../../data/catalog/review-access.queries';
import { type StoreSortKey, storeCount, storePage } from '../../data/catalog/store-page.queries';
import type { StoreAppRow, VersionRow } from '../../data/catalog/store-rows';
import type { Actor } from '../auth/actor';
import { isUuid } from '../ids';
import type { Page, PageArgs } from '../pagination';
import { tenancy } from '../tenancy';
import { decodeCursor, pageOf, pageSize, paginateBy, type SortKey } from './keyset-page';

/** Filters of the workspace app list (AppFilter). */
export interface AppListFilter {
  readonly search?: string | null;
  readonly categoryId?: string | null;
  readonly repoId?: string | null;
  readonly status?: readonly AppStatus[] | null;
  readonly type?: AppType | null;
  readonly mine?: boolean | null;
}

export type AppListSort = 'NEWEST' | 'NAME' | 'MOST_DEPLOYED';

/** Sort keys over the fields apps and store rows share. */
type Sortable = Pick<App, 'createdAt' | 'id' | 'name' | 'deployCount'>;

const SORTS: Record<AppListSort, readonly SortKey<Sortable>[]> = {
  NEWEST: [
    { field: 'createdAt', dir: 'desc', kind: 'date' },
    { field: 'id', dir: 'desc', kind: 'string' },
  ],
  NAME: [
    { field: 'name', dir: 'asc', kind: 'string' },
    { field: 'id', dir: 'asc', kind: 'string' },
  ],
  MOST_DEPLOYED: [
    { field: 'deployCount', dir: 'desc', kind: 'number' },
    { field: 'id', dir: 'desc', kind: 'string' },
  ],
};

/** Versions newest first by SemVer rank. */
const VERSION_ORDER: readonly SortKey<{ sequence: number; id: string }>[] = [
  { field: 'sequence', dir: 'desc', kind: 'number' },
  { field: 'id', dir: 'desc', kind: 'string' },
];

/** The store's rule (data/catalog/store-visibility) applied to the version statuses a caller asked for. */
const STORE = {
  appStatus: STORE_VISIBLE.app,
  versionStatuses: (asked: readonly VersionStatus[] | null): readonly VersionStatus[] =>
    asked ? asked.filter((s) => s === STORE_VISIBLE.version) : [STORE_VISIBLE.version],
} as const;

/** The version statuses `actor` may list of `app` (null: all), or 'queued' (a reviewer's queue only). */
function visibleStatuses(
  actor: Actor,
  app: App | StoreAppRow,
  statuses: readonly VersionStatus[] | null | undefined,
): readonly VersionStatus[] | null | 'queued' {
  const asked = statuses?.length ? [...new Set(statuses)].sort() : null;
  if ('view' in app) return STORE.versionStatuses(asked);
  if (tenancy.canRead(actor, app)) return asked;
  if (app.status !== STORE_VISIBLE.app) return 'queued';
  return STORE.versionStatuses(asked);
}

const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The filters shared by the workspace view and the store: type, repo, category, keyword search. */
function filterParts(filter: AppListFilter): FilterQuery<App>[] {
  const parts: FilterQuery<App>[] = [];
  if (filter.type) parts.push({ type: filter.type });
  if (filter.repoId) parts.push(isUuid(filter.repoId) ? { repo: filter.repoId } : { id: null });
  if (filter.categoryId)
    parts.push(isUuid(filter.categoryId) ? { categories: { id: filter.categoryId } } : { id: null });
  const search = filter.search?.trim();
  if (search) {
    // Backed by the trigram indexes on name and description and the GIN index on keywords.
    const pattern = likePattern(search);
    parts.push({
      $or: [{ name: { $ilike: pattern } }, { description: { $ilike: pattern } }, { keywords: { $contains: [search] } }],
    } as FilterQuery<App>);
  }
  return parts;
}

/** Reading apps and versions (the developer/workspace view): the caller's workspaces plus apps of PUBLIC repos. */
export class AppService {
  async list(
    em: EntityManager,
    actor: Actor,
    filter: AppListFilter,
    sort: AppListSort,
    page: PageArgs,
  ): Promise<Page<App>> {
    const parts: FilterQuery<App>[] = [tenancy.readFilter<App>(actor, { publicVisible: true })];
    parts.push({
      status: {
        $in: filter.status?.length
          ? [...filter.status]
          : Object.values(AppStatus).filter((s) => s !== AppStatus.DELETED),
      },
    });
    if (filter.mine) parts.push({ owner: actor.userId });
    parts.push(...filterParts(filter));
    return paginateBy(em, App, { $and: parts } as FilterQuery<App>, page, SORTS[sort]);
  }

  /**
   * The store: ACTIVE apps of every workspace for every signed-in user (status and mine filters do
   * not apply) as plain rows with owner and vendor, in one statement; newest first by default; with
   * a keyword search, apps whose name matches come first.
   */
  async store(em: EntityManager, filter: AppListFilter, sort: AppListSort, page: PageArgs): Promise<Page<StoreAppRow>> {
    const first = pageSize(page);
    const search = filter.search?.trim() || null;
    const keys: readonly SortKey<StoreAppRow>[] = [
      ...(search ? [{ field: 'nameMatch', dir: 'desc', kind: 'number' } as const] : []),
      ...SORTS[sort],
    ];
    const after = page.after ? decodeCursor(page.after, keys) : undefined;
    if ([filter.repoId, filter.categoryId].some((id) => id && !isUuid(id)))
      return pageOf([], first, keys, async () => 0);
    const query = {
      appStatus: STORE.appStatus,
      type: filter.type,
      repoId: filter.repoId,
      categoryId: filter.categoryId,
      search,
      order: keys as readonly StoreSortKey[],
      after,
      limit: first + 1,
    };
    return pageOf(await storePage(em, query), first, keys, () => storeCount(em, query));
  }

  async get(em: EntityManager, actor: Actor, id: string): Promise<App> {
    const app = isUuid(id) ? await em.findOne(App, id) : null;
    if (app && !tenancy.canRead(actor, app) && (await reviewableIds(em, tenancy.readScope(actor), 'app', [id])).has(id))
      return app;
    return tenancy.assertReadable(actor, app, 'App', id);
  }

  async getVersion(em: EntityManager, actor: Actor, id: string): Promise<AppVersion> {
    const version = isUuid(id) ? await em.findOne(AppVersion, id) : null;
    if (
      version &&
      !tenancy.canRead(actor, version) &&
      (await reviewableIds(em, tenancy.readScope(actor), 'version', [id])).has(id)
    )
      return version;
    return tenancy.assertReadable(actor, version, 'AppVersion', id);
  }

  /**
   * Versions of an app, newest SemVer first; every status unless filtered. A reader of the app's
   * workspace (or a PUBLIC app) sees them all; anyone else sees only the ACTIVE versions of an
   * ACTIVE app (the store), or a reviewer only the versions queued for it. A first page goes
   * through `slices` when given (one statement for a page of apps).
   */
  async versions(
    em: EntityManager,
    actor: Actor,
    app: App | StoreAppRow,
    statuses: readonly VersionStatus[] | null | undefined,
    page: PageArgs,
    slices?: DataLoader<VersionSliceKey, VersionRow[], string>,
  ): Promise<Page<AppVersion | VersionRow>> {
    const visible = visibleStatuses(actor, app, statuses);
    if (visible === 'queued') return this.queuedVersions(em, actor, app as App, statuses, page);
    const where: FilterQuery<AppVersion> = visible ? { app: app.id, status: { $in: [...visible] } } : { app: app.id };
    if (page.after || !slices) return paginateBy<AppVersion>(em, AppVersion, where, page, VERSION_ORDER);
    const first = pageSize(page);
    const rows = await slices.load({ appId: app.id, statuses: visible, limit: first + 1 });
    return pageOf<VersionRow>(rows, first, VERSION_ORDER, () => em.count(AppVersion, where));
  }

  /** The managed entity of a listed version (for the package fields, which read and cache package data). */
  async managedVersion(em: EntityManager, version: AppVersion | VersionRow): Promise<AppVersion> {
    return version instanceof AppVersion ? version : em.findOneOrFail(AppVersion, version.id);
  }

  /** A reviewer reading an app through its queue sees only the queued versions, not the other drafts. */
  private async queuedVersions(
    em: EntityManager,
    actor: Actor,
    app: App,
    statuses: readonly VersionStatus[] | null | undefined,
    page: PageArgs,
  ): Promise<Page<AppVersion>> {
    const where: FilterQuery<AppVersion> = statuses?.length
      ? { app: app.id, status: { $in: [...statuses] } }
      : { app: app.id };
    const ids = (await em.find(AppVersion, { app: app.id }, { fields: ['id'] })).map((v) => v.id);
    const queued = [...(await reviewableIds(em, tenancy.readScope(actor), 'version', ids))];
    return paginateBy(
      em,
      AppVersion,
      { $and: [where, { id: { $in: queued } }] } as FilterQuery<AppVersion>,
      page,
      VERSION_ORDER,
    );
  }

  /** Apps of a repo (any status), newest first. */
  async ofRepo(em: EntityManager, repoId: string, page: PageArgs): Promise<Page<App>> {
    return paginateBy(em, App, { repo: repoId }, page, SORTS.NAME);
  }
}
