import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RepoEvent } from '../../entities/repo-event.entity';
import type { CommitAnnouncer } from '../../events/event-hub';
import { createJob } from '../../jobs/job.service';
import { isJobEngineError } from '../../jobs/errors';
import { insertPendingEvent, setEventJob } from '../../data/repos/repo-event.queries';

/** Task action of the repo sync processor. */
export const REPO_SYNC_ACTION = 'repo.sync';

/** Input of a repo sync task. */
export interface RepoSyncTaskInput {
  readonly repoId: string;
  readonly eventId: string;
}

export interface SyncRequest {
  readonly repoId: string;
  readonly workspaceId: string;
  /** Who asked (null for the scheduler). */
  readonly ownerId?: string;
}

/**
 * Requests a sync of a repo inside `em`'s transaction: returns the repo's active (PENDING or
 * SYNCING) event when there is one — a partial unique index allows only one per repo, so
 * concurrent requests from API calls and schedulers converge on one event — otherwise inserts a
 * PENDING event and the job that runs it (committed together with the caller's transaction).
 */
export async function requestSync(
  em: EntityManager,
  events: CommitAnnouncer,
  req: SyncRequest,
): Promise<{ event: RepoEvent; created: boolean }> {
  const run = async (tx: EntityManager) => {
    const id = randomUUID();
    if (!(await insertPendingEvent(tx, id, req.repoId))) {
      const active = await tx.findOneOrFail(
        RepoEvent,
        { repo: req.repoId, status: { $in: ['PENDING', 'SYNCING'] } } as never,
        { refresh: true },
      );
      return { event: active, created: false };
    }
    const input: RepoSyncTaskInput = { repoId: req.repoId, eventId: id };
    const job = await createJob(tx, events, {
      action: REPO_SYNC_ACTION,
      subject: `repo:${req.repoId}`,
      ownerId: req.ownerId,
      workspaceId: req.workspaceId,
      input: { ...input },
      tasks: [
        {
          key: 'sync',
          action: REPO_SYNC_ACTION,
          target: req.repoId,
          input: { ...input },
          maxAttempts: 3,
          timeoutMs: 300_000,
        },
      ],
    });
    if (isJobEngineError(job)) throw job;
    await setEventJob(tx, id, job.id);
    return { event: await tx.findOneOrFail(RepoEvent, id, { refresh: true }), created: true };
  };
  return em.isInTransaction() ? run(em) : em.transactional(run);
}
