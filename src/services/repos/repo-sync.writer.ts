import type { EntityManager } from '@mikro-orm/postgresql';
import {
  linkAppsWithoutCategory,
  markVersionsDeleted,
  rederiveAppStatuses,
  setVersionRanks,
  upsertApps,
  upsertVersions,
  type SyncTarget,
} from '../../data/repos/repo-sync.upserts';
import type { RepoIndex } from '../../repos/index/repo-index.types';
import type { SyncPlan } from '../../repos/sync/index-diff';
import { UNCATEGORIZED } from '../bootstrap.service';
import { appRecords, rankKey, versionRecords } from './repo-sync.records';

export interface SyncCounts {
  readonly appsAdded: number;
  readonly versionsAdded: number;
  readonly versionsUpdated: number;
  readonly versionsRemoved: number;
}

/**
 * Applies a sync plan with a fixed number of set-based statements (independent of the index
 * size), inside the caller's transaction: upsert apps (metadata of the newest version), upsert
 * new and changed versions (statuses never downgraded), mark disappeared versions DELETED (added
 * and removed versions audited with the sync user as actor; suspended apps left alone),
 * re-rank versions of changed apps by SemVer, link new apps to "uncategorized", and re-derive
 * app statuses.
 */
export async function applySyncPlan(
  tx: EntityManager,
  target: SyncTarget,
  plan: SyncPlan,
  index: RepoIndex | null,
  knownApps: ReadonlySet<string>,
): Promise<SyncCounts> {
  const ranks = new Map<string, number>();
  for (const [app, list] of index?.entries ?? [])
    list.forEach((e, i) => ranks.set(rankKey(app, e.version), list.length - i));
  const { repoId } = target;
  await upsertApps(tx, target, appRecords(plan));
  const inserted = await upsertVersions(tx, target, versionRecords(plan, ranks));
  const removed = await markVersionsDeleted(tx, target, plan.deleteVersions);
  await setVersionRanks(tx, repoId, reranked(plan, index, knownApps));
  const added = plan.apps.filter((a) => !knownApps.has(a.name)).map((a) => a.name);
  await linkAppsWithoutCategory(tx, repoId, added, UNCATEGORIZED);
  await rederiveAppStatuses(tx, repoId, [...plan.apps.map((a) => a.name), ...plan.deleteApps]);
  const created = plan.versions.filter((v) => v.change === 'create').length;
  return {
    appsAdded: added.length,
    versionsAdded: inserted,
    versionsUpdated: plan.versions.length - created,
    versionsRemoved: removed,
  };
}

/** SemVer ranks of every listed version of known apps that gained versions (new apps were inserted ranked). */
function reranked(
  plan: SyncPlan,
  index: RepoIndex | null,
  knownApps: ReadonlySet<string>,
): { app: string; version: string; seq: number }[] {
  const changed = new Set(plan.versions.filter((v) => v.change === 'create' && knownApps.has(v.app)).map((v) => v.app));
  const rows: { app: string; version: string; seq: number }[] = [];
  for (const app of changed) {
    const list = index?.entries.get(app) ?? [];
    list.forEach((e, i) => rows.push({ app, version: e.version, seq: list.length - i }));
  }
  return rows;
}
