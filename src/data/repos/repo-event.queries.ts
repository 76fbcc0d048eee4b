/**
 * Statements on `repo_events`, the sync runs of a repo. A partial unique index allows one
 * active (PENDING or SYNCING) event per repo; finished events never change again.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SyncStatus } from '../../entities/enums';
import { sqlRows } from '../sql';

/** Inserts a PENDING event unless the repo has an active one; true when inserted. */
export async function insertPendingEvent(tx: EntityManager, eventId: string, repoId: string): Promise<boolean> {
  const inserted = await sqlRows<{ id: string }>(
    tx,
    `insert into repo_events (id, repo_id, status) values (?, ?, 'PENDING')
     on conflict (repo_id) where status in ('PENDING', 'SYNCING') do nothing returning id`,
    [eventId, repoId],
  );
  return inserted.length > 0;
}

/** Links an event to the job that runs it. */
export async function setEventJob(tx: EntityManager, eventId: string, jobId: string): Promise<void> {
  await sqlRows(tx, 'update repo_events set job_id = ? where id = ?', [jobId, eventId]);
}

/** PENDING → SYNCING (a re-run keeps SYNCING and the first start time). */
export async function markEventSyncing(em: EntityManager, eventId: string): Promise<void> {
  await sqlRows(
    em,
    `update repo_events set status = 'SYNCING', started_at = coalesce(started_at, now()), updated_at = now() where id = ? and status in ('PENDING', 'SYNCING')`,
    [eventId],
  );
}

/** How a sync run ended, as its event records it. */
export interface EventOutcome {
  readonly status: SyncStatus;
  readonly message: string | null;
  readonly counts?: {
    readonly appsAdded: number;
    readonly versionsAdded: number;
    readonly versionsUpdated: number;
    readonly versionsRemoved: number;
  };
  readonly skipped: boolean;
}

/** Finishes an active event (an already finished one is left as it is). */
export async function finishEvent(em: EntityManager, eventId: string, outcome: EventOutcome): Promise<void> {
  const c = outcome.counts;
  await sqlRows(
    em,
    `update repo_events set status = ?, message = ?, apps_added = ?, versions_added = ?, versions_updated = ?, versions_removed = ?, skipped = ?,
       started_at = coalesce(started_at, now()), finished_at = clock_timestamp(), updated_at = now()
     where id = ? and status in ('PENDING', 'SYNCING')`,
    [
      outcome.status,
      outcome.message,
      c?.appsAdded ?? 0,
      c?.versionsAdded ?? 0,
      c?.versionsUpdated ?? 0,
      c?.versionsRemoved ?? 0,
      outcome.skipped,
      eventId,
    ],
  );
}

/**
 * Fails active events whose job ended FAILED or CANCELLED without finishing them (e.g. every
 * attempt crashed) and has no task still running, so their repos can sync again.
 */
export async function failEventsOfEndedJobs(em: EntityManager): Promise<void> {
  await sqlRows(
    em,
    `update repo_events e set status = 'FAILED', message = 'sync job ' || lower(j.status::text) || coalesce(': ' || j.error, ''), finished_at = now(), updated_at = now()
     from jobs j where e.job_id = j.id and e.status in ('PENDING', 'SYNCING') and j.status in ('FAILED', 'CANCELLED')
       and not exists (select 1 from tasks k where k.job_id = j.id and k.status = 'RUNNING')`,
  );
}
