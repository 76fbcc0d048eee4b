import type { EntityManager } from '@mikro-orm/postgresql';
import { finishEvent, markEventSyncing, type EventOutcome } from '../../data/repos/repo-event.queries';
import { lockRepoForSync, recordIndexApplied, recordIndexUnchanged } from '../../data/repos/repo.queries';
import { loadSyncState } from '../../data/repos/repo-sync.state';
import { SyncStatus } from '../../entities/enums';
import { Repo } from '../../entities/repo.entity';
import { RepoEvent } from '../../entities/repo-event.entity';
import { TaskCancelledError } from '../../jobs/errors';
import type { RepoIndex, SkippedEntry } from '../../repos/index/repo-index.types';
import { isWritable, type RepoWriter } from '../../repos/repo-backend';
import { RepoError } from '../../repos/repo-errors';
import { adoptUnindexedPackages } from '../../repos/s3-repo-index.rebuild';
import { diffIndex, type SyncUnchanged } from '../../repos/sync/index-diff';
import { fetchIndex, readFetchedIndex, type FetchedIndex } from '../../repos/sync/repo-sync';
import type { Platform } from '../platform';
import { openStoredRepo } from './repo-access';
import { indexFormatFor } from './repo-input';
import { applySyncPlan, type SyncCounts } from './repo-sync.writer';
import { safeErrorMessage } from '../../observability/log-safety';
import { systemUserId } from '../../data/users/user.queries';
import { SYNC_USERNAME } from '../bootstrap.service';

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

/** The fetch step's answer plus notes for the event message (archives adopted from the bucket). */
type Fetched = (FetchedIndex | SyncUnchanged) & { readonly notes: readonly string[] };

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
  opts: {
    readonly lastAttempt: boolean;
    /** Throws TaskCancelledError when the job was cancelled; called before anything is written. */ readonly checkpoint: () => Promise<void>;
  },
): Promise<SyncOutcome> {
  const event = await em.findOne(RepoEvent, eventId, { refresh: true });
  if (!event || event.status === SyncStatus.SUCCEEDED || event.status === SyncStatus.FAILED)
    return { status: 'already-finished' };
  const repo = await em.findOne(Repo, repoId, { refresh: true });
  if (!repo || repo.status === 'deleted') return fail(em, eventId, new RepoDeletedError('the repository was deleted'));
  await markEventSyncing(em, eventId);
  try {
    const fetched = await fetchWithAdoption(em, platform, repo);
    if (fetched.kind === 'unchanged') return await finishSkipped(em, repo, eventId, fetched);
    const index = readFetchedIndex(fetched.raw, indexFormatFor(repo.providers));
    const counts = await em.transactional((tx) => applyLocked(tx, repo, eventId, index, fetched, opts.checkpoint));
    return { status: 'synced', counts };
  } catch (err) {
    if (err instanceof RepoError || err instanceof RepoDeletedError) return fail(em, eventId, err);
    if (err instanceof TaskCancelledError)
      await finishEvent(em, eventId, failed('CANCELLED: the sync job was cancelled; nothing was written'));
    else if (opts.lastAttempt) await finishEvent(em, eventId, failed(`internal error: ${safeErrorMessage(err)}`));
    throw err;
  }
}

/**
 * Under the repo's row lock: plans against the rows as they are now (so overlapping runs never
 * apply stale plans), checks for cancellation, applies, records the checksum and finishes the event.
 */
async function applyLocked(
  tx: EntityManager,
  repo: Repo,
  eventId: string,
  index: RepoIndex,
  fetched: Extract<Fetched, { kind: 'fetched' }>,
  checkpoint: () => Promise<void>,
): Promise<SyncCounts> {
  const locked = await lockRepoForSync(tx, repo.id);
  if (!locked || locked.deleted) throw new RepoDeletedError('the repository was deleted during the sync');
  const state = await loadSyncState(tx, repo.id, locked.checksum, locked.etag);
  const plan = diffIndex(state, index, fetched.checksum);
  await checkpoint();
  const target = {
    repoId: repo.id,
    ownerId: repo.owner.id,
    workspaceId: repo.workspace.id,
    visibility: repo.visibility,
    defaultStatus: repo.appDefaultStatus,
    actorId: await systemUserId(tx, SYNC_USERNAME),
  };
  const counts = await applySyncPlan(tx, target, plan, index, new Set(state.apps.keys()));
  await recordIndexApplied(tx, repo.id, fetched.checksum, fetched.etag ?? null);
  await finishEvent(tx, eventId, {
    status: SyncStatus.SUCCEEDED,
    message: joinNotes([...fetched.notes, ...skippedNotes(plan.skipped)]),
    counts,
    skipped: false,
  });
  return counts;
}

async function fetchWithAdoption(em: EntityManager, platform: Platform, repo: Repo): Promise<Fetched> {
  const backend = await openStoredRepo(em, platform, repo);
  const notes = isWritable(backend) ? await adopt(backend, repo, platform) : [];
  return {
    ...(await fetchIndex(backend, { checksum: repo.indexChecksum ?? null, etag: repo.indexEtag ?? null })),
    notes,
  };
}

/**
 * Archives other tools dropped into an S3 repo are validated and added to its index.yaml
 * before the index is read. A failure here (e.g. write access revoked) is noted, not fatal.
 */
async function adopt(backend: RepoWriter, repo: Repo, platform: Platform): Promise<string[]> {
  try {
    const result = await adoptUnindexedPackages(backend, indexFormatFor(repo.providers), {
      limits: { maxArchiveBytes: platform.config.maxUploadBytes },
    });
    return [
      ...(result.adopted.length
        ? [`adopted ${result.adopted.length} archive(s) found in the bucket: ${result.adopted.join(', ')}`]
        : []),
      ...result.skipped.map((s) => `ignored ${s.file}: ${s.reason}`),
    ];
  } catch (err) {
    if (err instanceof RepoError) return [`could not check the bucket for new archives: ${err.code}: ${err.message}`];
    throw err;
  }
}

async function finishSkipped(
  em: EntityManager,
  repo: Repo,
  eventId: string,
  fetched: Extract<Fetched, { kind: 'unchanged' }>,
): Promise<SyncOutcome> {
  await em.transactional(async (tx) => {
    await recordIndexUnchanged(tx, repo.id, fetched.etag ?? null);
    const message = joinNotes([
      `index unchanged (${fetched.by === 'etag' ? 'ETag' : 'checksum'}); nothing to do`,
      ...fetched.notes,
    ]);
    await finishEvent(tx, eventId, { status: SyncStatus.SUCCEEDED, message, skipped: true });
  });
  return { status: 'skipped', by: fetched.by };
}

const failed = (message: string): EventOutcome => ({ status: SyncStatus.FAILED, message, skipped: false });

async function fail(em: EntityManager, eventId: string, err: RepoError | RepoDeletedError): Promise<SyncOutcome> {
  await finishEvent(em, eventId, failed(`${err.code}: ${err.message}`));
  return { status: 'failed', code: err.code, message: err.message };
}

function skippedNotes(skipped: readonly SkippedEntry[]): string[] {
  if (skipped.length === 0) return [];
  const shown = skipped.slice(0, 10).map((s) => `${s.name}${s.version ? ` ${s.version}` : ''} (${s.reason})`);
  return [
    `${skipped.length} index entr${skipped.length === 1 ? 'y' : 'ies'} skipped: ${shown.join('; ')}${skipped.length > 10 ? '; …' : ''}`,
  ];
}

function joinNotes(notes: readonly string[]): string | null {
  return notes.length ? notes.join('\n').slice(0, 4000) : null;
}
