/**
 * The transactional outbox (`outbox` table): rows written in a caller's transaction become
 * visible to dispatchers when it commits; the NOTIFY issued with them is delivered at the same
 * moment and wakes the dispatchers, which move rows to the queue in locked batches.
 */
import type { EntityManager } from '@mikro-orm/core';
import { sqlRows } from '../sql';

/** The LISTEN/NOTIFY channel dispatchers wait on. */
export const OUTBOX_CHANNEL = 'marina_outbox';
/** Kind of the rows that enqueue a task. */
export const TASK_ENQUEUE = 'task.enqueue';

/**
 * Payload of a `task.enqueue` outbox row. `runAt` is database time in epoch ms. `initial`
 * messages get the queue id `<jobId>.<taskKey>`; later ones (retries, re-schedules, reaps)
 * `<jobId>.<taskKey>.<outboxId>` so they never collide with an earlier message.
 */
export interface TaskEnqueuePayload {
  readonly jobId: string;
  readonly taskId: string;
  readonly taskKey: string;
  readonly action: string;
  readonly runAt: number;
  readonly initial: boolean;
}

/** A task to enqueue. */
export interface OutboxTask {
  readonly id: string;
  readonly job_id: string;
  readonly key: string;
  readonly action: string;
}

/** An undispatched row as a dispatcher reads it; delay and age are computed by the database clock. */
export interface OutboxRow {
  readonly id: string;
  readonly kind: string;
  readonly payload: TaskEnqueuePayload;
  readonly delay_ms: string;
  readonly age_ms: string;
}

/**
 * Inserts one `task.enqueue` row per task (due `delayMs` after now, database time) in `em`'s
 * transaction and notifies the dispatchers. `tasks` must not be empty.
 */
export async function insertTaskEnqueues(
  em: EntityManager,
  tasks: readonly OutboxTask[],
  delayMs: number,
  initial: boolean,
): Promise<void> {
  const values = tasks
    .map(
      () => `(?, json_build_object('jobId', ?::text, 'taskId', ?::text, 'taskKey', ?::text, 'action', ?::text,
      'runAt', (extract(epoch from clock_timestamp()) * 1000)::bigint + ?, 'initial', ?::boolean))`,
    )
    .join(', ');
  const params = tasks.flatMap((t) => [TASK_ENQUEUE, t.job_id, t.id, t.key, t.action, delayMs, initial]);
  await sqlRows(em, `insert into outbox (kind, payload) values ${values}`, params);
  await sqlRows(em, 'select pg_notify(?, ?)', [OUTBOX_CHANNEL, '']);
}

/** Locks up to `limit` undispatched rows, oldest first, skipping rows other dispatchers hold. */
export function lockUndispatched(em: EntityManager, limit: number): Promise<OutboxRow[]> {
  return sqlRows<OutboxRow>(
    em,
    `select id, kind, payload,
            greatest(0, coalesce((payload->>'runAt')::bigint, 0) - (extract(epoch from clock_timestamp()) * 1000)::bigint) as delay_ms,
            (extract(epoch from (clock_timestamp() - created_at)) * 1000)::bigint as age_ms
       from outbox where dispatched_at is null order by id limit ? for update skip locked`,
    [limit],
  );
}

/** Stamps rows as dispatched. `ids` must not be empty. */
export async function markDispatched(em: EntityManager, ids: readonly string[]): Promise<void> {
  await sqlRows(em, 'update outbox set dispatched_at = now() where id in (?)', [ids]);
}

/** Deletes rows dispatched more than `retentionMs` ago. */
export async function purgeDispatched(em: EntityManager, retentionMs: number): Promise<void> {
  await sqlRows(
    em,
    `delete from outbox where dispatched_at is not null and dispatched_at < now() - (? * interval '1 millisecond')`,
    [retentionMs],
  );
}
