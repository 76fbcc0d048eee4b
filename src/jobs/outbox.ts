/**
 * Enqueueing tasks through the transactional outbox (data/jobs/outbox.queries): a task is
 * queued only if the transaction that decided to run it commits.
 */
import type { EntityManager } from '@mikro-orm/core';
import { insertTaskEnqueues, type OutboxTask, type TaskEnqueuePayload } from '../data/jobs/outbox.queries';

/** Inserts one outbox row per task (in `em`'s transaction) and notifies the dispatchers. */
export async function enqueueViaOutbox(
  em: EntityManager,
  tasks: readonly OutboxTask[],
  options: { delayMs?: number; initial: boolean },
): Promise<void> {
  if (tasks.length === 0) return;
  await insertTaskEnqueues(em, tasks, Math.max(0, Math.round(options.delayMs ?? 0)), options.initial);
}

/** The queue id of an outbox message (deterministic: re-dispatching a row yields the same id). */
export function queueJobId(payload: TaskEnqueuePayload, outboxId: string): string {
  const base = `${payload.jobId}.${payload.taskKey}`;
  return payload.initial ? base : `${base}.${outboxId}`;
}
