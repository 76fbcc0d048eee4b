/**
 * Writing task-enqueue messages to the transactional outbox. Rows become visible to the
 * dispatcher when the writing transaction commits; the NOTIFY issued here is delivered at the
 * same moment and wakes the dispatchers.
 */
import type { EntityManager } from '@mikro-orm/core';
import { sqlRows } from '../events/sql-query';

/** The LISTEN/NOTIFY channel dispatchers wait on. */
export const OUTBOX_CHANNEL = 'marina_outbox';
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

/** Inserts one outbox row per task (in `em`'s transaction) and notifies the dispatchers. */
export async function enqueueViaOutbox(
  em: EntityManager,
  tasks: readonly OutboxTask[],
  options: { delayMs?: number; initial: boolean },
): Promise<void> {
  if (tasks.length === 0) return;
  const delayMs = Math.max(0, Math.round(options.delayMs ?? 0));
  const values = tasks.map(() => `(?, json_build_object('jobId', ?::text, 'taskId', ?::text, 'taskKey', ?::text, 'action', ?::text,
      'runAt', (extract(epoch from clock_timestamp()) * 1000)::bigint + ?, 'initial', ?::boolean))`).join(', ');
  const params = tasks.flatMap((t) => [TASK_ENQUEUE, t.job_id, t.id, t.key, t.action, delayMs, options.initial]);
  await sqlRows(em, `insert into outbox (kind, payload) values ${values}`, params);
  await sqlRows(em, 'select pg_notify(?, ?)', [OUTBOX_CHANNEL, '']);
}

/** The queue id of an outbox message (deterministic: re-dispatching a row yields the same id). */
export function queueJobId(payload: TaskEnqueuePayload, outboxId: string): string {
  const base = `${payload.jobId}.${payload.taskKey}`;
  return payload.initial ? base : `${base}.${outboxId}`;
}
