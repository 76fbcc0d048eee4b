/**
 * Running a short job on a worker and awaiting its answer from an API process (previews, reading
 * a release before adoption): the cluster is only ever contacted by workers, which hold the
 * decrypted credentials; the API waits on the job's update stream, with a deadline after which
 * the job is cancelled and the caller told the cluster did not answer in time.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { JobStatus } from '../../entities/enums';
import { Task } from '../../entities/task.entity';
import type { EventHub } from '../../events/event-hub';
import type { JobHooks } from '../../jobs/job-hooks';
import { cancelJob, createJob } from '../../jobs/job.service';
import type { CreateJobInput } from '../../jobs/job.types';
import { isJobEngineError } from '../../jobs/errors';
import { unavailable } from '../errors';

/** How long an API request waits for a short job unless told otherwise. */
export const SHORT_JOB_DEADLINE_MS = 60_000;

export type ShortJobAnswer =
  | { readonly ok: true; readonly result: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly error: string };

/**
 * Creates the one-task job `input` (committed at once), waits until it finishes and answers the
 * task's result or the job's error. Throws UNAVAILABLE when `deadlineMs` passes first (the job is
 * cancelled).
 */
export async function runShortJob(
  em: EntityManager,
  deps: { readonly events: EventHub; readonly hooks: JobHooks },
  input: CreateJobInput,
  deadlineMs = SHORT_JOB_DEADLINE_MS,
): Promise<ShortJobAnswer> {
  const { events } = deps;
  const job = await em.fork().transactional((tx) => createJob(tx, events, input));
  if (isJobEngineError(job)) throw new Error(`The ${input.action} job was refused: ${job.message}`);
  const status = await awaitEnd(events, job.id, deadlineMs);
  if (!status) {
    await em.fork().transactional((tx) => cancelJob(tx, deps, job.id));
    throw unavailable(`The cluster did not answer within ${Math.round(deadlineMs / 1000)} s; try again`);
  }
  const task = await em.fork().findOneOrFail(Task, { job: job.id }, { orderBy: { createdAt: 'desc' } });
  if (status === JobStatus.SUCCEEDED) return { ok: true, result: task.result ?? {} };
  return { ok: false, error: task.error ?? `The ${input.action} job ended ${status}` };
}

/** The terminal status of the job, or undefined when the deadline passed first. */
async function awaitEnd(events: EventHub, jobId: string, deadlineMs: number): Promise<JobStatus | undefined> {
  const updates = await events.subscribeJob(jobId);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), deadlineMs);
  });
  const ended = (async () => {
    for await (const update of updates)
      if (update.status !== JobStatus.PENDING && update.status !== JobStatus.RUNNING) return update.status;
    return undefined;
  })();
  try {
    return await Promise.race([ended, deadline]);
  } finally {
    clearTimeout(timer);
    await updates.return?.();
  }
}
