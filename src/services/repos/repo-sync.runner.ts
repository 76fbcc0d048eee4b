import type { EntityManager } from '@mikro-orm/postgresql';
import { SyncStatus } from '../../entities/enums';
import { TaskCancelledError } from '../../jobs/errors';
import { Repo } from '../../entities/repo.entity';
import { RepoEvent } from '../../entities/repo-event.entity';
import { parseRepoIndex } from '../../repos/index/repo-index.parse';
import { IndexError, type RepoIndex, type SkippedEntry } from '../../repos/index/repo-index.types';
import { INDEX_FILE, isWritable, type RepoWriter } from '../../repos/repo-backend';
import { adoptUnindexedPackages } from '../../repos/s3-repo-index.rebuild';
import { RepoError } from '../../repos/repo-errors';
import { diffIndex } from '../../repos/sync/index-diff';
import { EMPTY_INDEX_CHECKSUM, indexChecksum } from '../../repos/sync/repo-sync';
import type { Platform } from '../platform';
import { openStoredRepo } from './repo-access';
import { indexFormatFor } from './repo-input';
import { loadSyncState } from './repo-sync.state';
import { applySyncPlan, type SyncCounts } from './repo-sync.writer';
import { safeErrorMessage } from '../../observability/log-safety';

/** How one sync run ended (also the task's result). */
export type SyncOutcome =
  | { readonly status: 'already-finished' }
  | { readonly status: 'skipped'; readonly by: 'etag' | 'checksum' }
  | { readonly status: 'synced'; readonly counts: SyncCounts }
  | { readonly status: 'failed'; readonly code: string; readonly message: string };

/** The repo was deleted before or during the sync: nothing is written. */
class RepoDeletedError extends Error {
  readonly code = 'REPO_DELETED';
}

type Fetched = (
  | { readonly kind: 'unchanged'; readonly by: 'etag' | 'checksum'; readonly etag?: string }
  | { readonly kind: 'changed'; readonly raw: Buffer | null; readonly checksum: string; readonly etag?: string }
) & { readonly notes: readonly string[] };

/**
 * Runs the sync of one RepoEvent: PENDING → SYNCING → SUCCEEDED | FAILED. Observe-first and
 * idempotent: a finished event is left alone, and a re-run after a crash re-reads the index and
 * applies the same upserts. An unchanged index (ETag 304 or equal checksum) is skipped without
 * parsing. Repository problems (unreachable, denied, bad index…) fail the event with their code;
 * other errors are rethrown for the job engine to retry, and fail the event on the last attempt.
 */
export async function runRepoSync(
  em: EntityManager,
  platform: Platform,
  repoId: string,
  eventId: string,
  opts: { readonly lastAttempt: boolean; /** Throws TaskCancelledError when the job was cancelled; called before anything is written. */ readonly checkpoint: () => Promise<void> },
): Promise<SyncOutcome> {
  const event = await em.findOne(RepoEvent, eventId, { refresh: true });
  if (!event || event.status === SyncStatus.SUCCEEDED || event.status === SyncStatus.FAILED) return { status: 'already-finished' };
  const repo = await em.findOne(Repo, repoId, { refresh: true });
  if (!repo || repo.status === 'deleted') return fail(em, eventId, new RepoDeletedError('the repository was deleted'));
  await em.execute(`update repo_events set status = 'SYNCING', started_at = coalesce(started_at, now()), updated_at = now() where id = ? and status in ('PENDING', 'SYNCING')`, [eventId]);
  try {
    const fetched = await fetchIndex(em, platform, repo);
    if (fetched.kind === 'unchanged') return await finishSkipped(em, repo, eventId, fetched);
    const index = fetched.raw === null ? null : parseIndex(fetched.raw);
    const expected = indexFormatFor(repo.providers);
    if (index && index.format !== expected) {
      throw new RepoError('INDEX_TYPE_MISMATCH', `the index is a ${index.format === 'vm' ? 'VM package' : 'Helm chart'} index, but the repo's providers need a ${expected === 'vm' ? 'VM package' : 'Helm chart'} index`);
    }
    const counts = await em.transactional((tx) => applyLocked(tx, repo, eventId, index ?? emptyIndex(expected), fetched, opts.checkpoint));
    return { status: 'synced', counts };
  } catch (err) {
    if (err instanceof RepoError || err instanceof RepoDeletedError) return fail(em, eventId, err);
    if (err instanceof TaskCancelledError) await finishEvent(em, eventId, SyncStatus.FAILED, 'CANCELLED: the sync job was cancelled; nothing was written', undefined, false);
    else if (opts.lastAttempt) await finishEvent(em, eventId, SyncStatus.FAILED, `internal error: ${safeErrorMessage(err)}`, undefined, false);
    throw err;
  }
}

function emptyIndex(format: 'helm' | 'vm'): RepoIndex {
  return { format, apiVersion: 'v1', entries: new Map(), skipped: [] };
}

/**
 * Under the repo's row lock: plans against the rows as they are now (so overlapping runs never
 * apply stale plans), checks for cancellation, applies, records the checksum and finishes the event.
 */
async function applyLocked(tx: EntityManager, repo: Repo, eventId: string, index: RepoIndex, fetched: Extract<Fetched, { kind: 'changed' }>, checkpoint: () => Promise<void>): Promise<SyncCounts> {
  const [locked] = await tx.execute<{ status: string; index_checksum: string | null; index_etag: string | null }[]>(
    'select status, index_checksum, index_etag from repos where id = ? for update', [repo.id]);
  if (!locked || locked.status === 'deleted') throw new RepoDeletedError('the repository was deleted during the sync');
  const state = await loadSyncState(tx, repo.id, locked.index_checksum, locked.index_etag);
  const plan = diffIndex(state, index, fetched.checksum);
  await checkpoint();
  const target = { repoId: repo.id, ownerId: repo.owner.id, workspaceId: repo.workspace.id, visibility: repo.visibility, defaultStatus: repo.appDefaultStatus };
  const counts = await applySyncPlan(tx, target, plan, fetched.raw === null ? null : index, new Set(state.apps.keys()));
  await tx.execute('update repos set index_checksum = ?, index_etag = ?, last_synced_at = clock_timestamp(), updated_at = now() where id = ?', [fetched.checksum, fetched.etag ?? null, repo.id]);
  await finishEvent(tx, eventId, SyncStatus.SUCCEEDED, joinNotes([...fetched.notes, ...skippedNotes(plan.skipped)]), counts, false);
  return counts;
}

async function fetchIndex(em: EntityManager, platform: Platform, repo: Repo): Promise<Fetched> {
  const backend = await openStoredRepo(em, platform, repo);
  const notes = isWritable(backend) ? await adopt(backend, repo, platform) : [];
  const etag = repo.indexChecksum && repo.indexEtag ? repo.indexEtag : undefined;
  const read = await backend.readIfChanged(INDEX_FILE, etag);
  if (read.notModified) return { kind: 'unchanged', by: 'etag', etag, notes };
  if (read.data === null && backend.location.kind === 'http') throw new RepoError('INDEX_NOT_FOUND', `${backend.location.base}${INDEX_FILE} was not found`);
  const checksum = read.data === null ? EMPTY_INDEX_CHECKSUM : indexChecksum(read.data);
  if (checksum === repo.indexChecksum) return { kind: 'unchanged', by: 'checksum', etag: read.etag, notes };
  return { kind: 'changed', raw: read.data, checksum, etag: read.etag, notes };
}

/**
 * B3: archives other tools dropped into an S3 repo are validated and added to its index.yaml
 * before the index is read. A failure here (e.g. write access revoked) is noted, not fatal.
 */
async function adopt(backend: RepoWriter, repo: Repo, platform: Platform): Promise<string[]> {
  try {
    const result = await adoptUnindexedPackages(backend, indexFormatFor(repo.providers), { limits: { maxArchiveBytes: platform.config.maxUploadBytes } });
    return [
      ...(result.adopted.length ? [`adopted ${result.adopted.length} archive(s) found in the bucket: ${result.adopted.join(', ')}`] : []),
      ...result.skipped.map((s) => `ignored ${s.file}: ${s.reason}`),
    ];
  } catch (err) {
    if (err instanceof RepoError) return [`could not check the bucket for new archives: ${err.code}: ${err.message}`];
    throw err;
  }
}

function parseIndex(raw: Buffer): RepoIndex {
  try {
    return parseRepoIndex(raw);
  } catch (err) {
    if (err instanceof IndexError) throw new RepoError('BAD_INDEX_YAML', err.message);
    throw err;
  }
}

async function finishSkipped(em: EntityManager, repo: Repo, eventId: string, fetched: Extract<Fetched, { kind: 'unchanged' }>): Promise<SyncOutcome> {
  await em.transactional(async (tx) => {
    await tx.execute('update repos set index_etag = coalesce(?, index_etag), last_synced_at = clock_timestamp(), updated_at = now() where id = ?', [fetched.etag ?? null, repo.id]);
    await finishEvent(tx, eventId, SyncStatus.SUCCEEDED, joinNotes([`index unchanged (${fetched.by === 'etag' ? 'ETag' : 'checksum'}); nothing to do`, ...fetched.notes]), undefined, true);
  });
  return { status: 'skipped', by: fetched.by };
}

async function fail(em: EntityManager, eventId: string, err: RepoError | RepoDeletedError): Promise<SyncOutcome> {
  await finishEvent(em, eventId, SyncStatus.FAILED, `${err.code}: ${err.message}`, undefined, false);
  return { status: 'failed', code: err.code, message: err.message };
}

async function finishEvent(em: EntityManager, eventId: string, status: SyncStatus, message: string | null, counts: SyncCounts | undefined, skipped: boolean): Promise<void> {
  await em.execute(
    `update repo_events set status = ?, message = ?, apps_added = ?, versions_added = ?, versions_updated = ?, versions_removed = ?, skipped = ?,
       started_at = coalesce(started_at, now()), finished_at = clock_timestamp(), updated_at = now()
     where id = ? and status in ('PENDING', 'SYNCING')`,
    [status, message, counts?.appsAdded ?? 0, counts?.versionsAdded ?? 0, counts?.versionsUpdated ?? 0, counts?.versionsRemoved ?? 0, skipped, eventId],
  );
}

function skippedNotes(skipped: readonly SkippedEntry[]): string[] {
  if (skipped.length === 0) return [];
  const shown = skipped.slice(0, 10).map((s) => `${s.name}${s.version ? ` ${s.version}` : ''} (${s.reason})`);
  return [`${skipped.length} index entr${skipped.length === 1 ? 'y' : 'ies'} skipped: ${shown.join('; ')}${skipped.length > 10 ? '; …' : ''}`];
}

function joinNotes(notes: readonly string[]): string | null {
  return notes.length ? notes.join('\n').slice(0, 4000) : null;
}
