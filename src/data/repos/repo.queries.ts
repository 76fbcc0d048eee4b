/**
 * Statements on `repos` rows beyond MikroORM's entity API: the sealed credential column, the
 * deletion cascade, the sync bookkeeping under the row lock, and the periodic-sync claim.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRow, sqlRows } from '../sql';

/** The sealed credential envelope of a repo (the column is lazy and never mapped to GraphQL). */
export async function repoCredentialEnvelope(em: EntityManager, repoId: string): Promise<string | undefined> {
  const row = await sqlRow<{ credential_ciphertext: string | null }>(
    em,
    'select credential_ciphertext from repos where id = ?',
    [repoId],
  );
  return row?.credential_ciphertext ?? undefined;
}

/**
 * Marks the repo deleted (no more periodic syncs), its apps and their versions DELETED, and
 * fails its active sync events. Run in one transaction.
 */
export async function markRepoDeleted(tx: EntityManager, repoId: string): Promise<void> {
  await sqlRows(tx, `update repos set status = 'deleted', next_sync_at = null, updated_at = now() where id = ?`, [
    repoId,
  ]);
  await sqlRows(
    tx,
    `update app_versions set status = 'DELETED', updated_at = now() where app_id in (select id from apps where repo_id = ?) and status <> 'DELETED'`,
    [repoId],
  );
  await sqlRows(
    tx,
    `update apps set status = 'DELETED', updated_at = now() where repo_id = ? and status <> 'DELETED'`,
    [repoId],
  );
  await sqlRows(
    tx,
    `update repo_events set status = 'FAILED', message = 'REPO_DELETED: the repository was deleted', finished_at = now(), updated_at = now()
     where repo_id = ? and status in ('PENDING', 'SYNCING')`,
    [repoId],
  );
}

/** What a sync needs of the repo row, read under its row lock. */
export interface LockedSyncState {
  readonly deleted: boolean;
  readonly checksum: string | null;
  readonly etag: string | null;
}

/** Locks the repo row until the transaction ends; undefined when the row is gone. */
export async function lockRepoForSync(tx: EntityManager, repoId: string): Promise<LockedSyncState | undefined> {
  const row = await sqlRow<{ status: string; index_checksum: string | null; index_etag: string | null }>(
    tx,
    'select status, index_checksum, index_etag from repos where id = ? for update',
    [repoId],
  );
  return row && { deleted: row.status === 'deleted', checksum: row.index_checksum, etag: row.index_etag };
}

/** Records the index a sync applied (checksum and ETag) and the sync time. */
export async function recordIndexApplied(
  tx: EntityManager,
  repoId: string,
  checksum: string,
  etag: string | null,
): Promise<void> {
  await sqlRows(
    tx,
    'update repos set index_checksum = ?, index_etag = ?, last_synced_at = clock_timestamp(), updated_at = now() where id = ?',
    [checksum, etag, repoId],
  );
}

/** Records a sync that found the index unchanged (a new ETag, when the server sent one, replaces the old). */
export async function recordIndexUnchanged(tx: EntityManager, repoId: string, etag: string | null): Promise<void> {
  await sqlRows(
    tx,
    'update repos set index_etag = coalesce(?, index_etag), last_synced_at = clock_timestamp(), updated_at = now() where id = ?',
    [etag, repoId],
  );
}

/** A repo whose periodic sync is due. */
export interface DueRepo {
  readonly id: string;
  readonly workspace_id: string;
  readonly sync_period_seconds: number;
}

/**
 * Locks up to `limit` active repos whose periodic sync is due, earliest first, skipping rows
 * other schedulers hold. `tx` must be in a transaction.
 */
export function claimDueRepos(tx: EntityManager, limit: number): Promise<DueRepo[]> {
  return sqlRows<DueRepo>(
    tx,
    `select id, workspace_id, sync_period_seconds from repos
     where status = 'active' and sync_period_seconds > 0 and next_sync_at <= now()
     order by next_sync_at limit ? for update skip locked`,
    [limit],
  );
}

/** Moves the repo's next periodic sync one period on from now. */
export async function advanceNextSync(tx: EntityManager, repoId: string, periodSeconds: number): Promise<void> {
  await sqlRows(tx, 'update repos set next_sync_at = now() + make_interval(secs => ?) where id = ?', [
    periodSeconds,
    repoId,
  ]);
}
