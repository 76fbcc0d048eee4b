/**
 * retryJob / cancelJob for instance jobs, and resetInstanceTransition (instance administrators).
 * Retrying re-takes the transition lock the job's action holds (only from the failure status the
 * job left) and puts its revision back to pending, in the transaction that re-opens the job.
 * Cancelling goes through the engine, whose job-finished hook settles the instance like a failure
 * in the same transaction. Reset clears a stuck lock: the open job is cancelled, the instance
 * settles as if the operation failed, and an `instance.status` event names the administrator.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { JobStatus } from '../../entities/enums';
import type { Instance } from '../../entities/instance.entity';
import { InstanceRevision } from '../../entities/instance-revision.entity';
import { Job } from '../../entities/job.entity';
import { cancelJob, retryJob } from '../../jobs/job.service';
import type { JobDeps } from '../../jobs/job-transaction';
import { isJobEngineError } from '../../jobs/errors';
import type { Actor } from '../auth/actor';
import { badInput, InvalidStateFailure } from '../errors';
import { lockInstanceAsAdmin, lockWritableInstance } from './instance-access';
import { recordStatusEvent } from './instance-operation';
import { settleInstanceJob } from './instance-settlement';
import { INSTANCE_ACTIONS, isInstanceAction, retryLockFor } from './instance-status.machine';

/**
 * Re-opens a FAILED or CANCELLED instance job; InvalidStateFailure when the instance is locked or
 * not in the status that job left. Throws BAD_USER_INPUT when the engine refuses (job not retryable).
 */
export async function retryInstanceJob(
  tx: EntityManager,
  jobs: JobDeps,
  actor: Actor,
  job: Job,
): Promise<void | InvalidStateFailure> {
  const instance = await lockWritableInstance(tx, actor, job.instance!.id);
  if (!isInstanceAction(job.action)) throw badInput(`Job ${job.id} is not an instance operation`);
  const latest = await latestJobOf(tx, instance);
  if (latest?.id !== job.id)
    return new InvalidStateFailure(
      `Job ${job.id} is not the latest operation of instance ${instance.name}: start a new one instead`,
      instance.transitionStatus ?? instance.status,
      'retry',
    );
  const lock = retryLockFor(instance, job.action);
  if (lock instanceof InvalidStateFailure) return lock;
  const from = instance.status;
  instance.transitionStatus = lock;
  const revision = await tx.findOne(InstanceRevision, { instance: instance.id, jobId: job.id });
  if (revision) revision.status = 'pending';
  await tx.flush();
  // the lock is taken first: a re-opened job with nothing left to run finishes (and settles) at once
  const retried = await retryJob(tx, jobs, job.id);
  if (isJobEngineError(retried)) throw badInput(retried.message);
  await recordStatusEvent(
    tx,
    jobs.events,
    instance,
    job.id,
    `${from} --retry ${job.action}--> ${lock} by ${actor.username}`,
  );
}

/** Cancels an open instance job (the engine's hook settles the instance); BAD_USER_INPUT when not cancellable. */
export async function cancelInstanceJob(tx: EntityManager, jobs: JobDeps, actor: Actor, job: Job): Promise<void> {
  await lockWritableInstance(tx, actor, job.instance!.id);
  const cancelled = await cancelJob(tx, jobs, job.id);
  if (isJobEngineError(cancelled)) throw badInput(cancelled.message);
}

/**
 * resetInstanceTransition: cancels the instance's open job, if any, and settles the instance as
 * that operation's failure (the hook does it when the cancel finishes the job; otherwise here).
 * BAD_USER_INPUT when no transition is set. Instance administrators only.
 */
export async function resetInstanceTransition(
  tx: EntityManager,
  jobs: JobDeps,
  actor: Actor,
  id: string,
): Promise<Instance> {
  const instance = await lockInstanceAsAdmin(tx, actor, id);
  if (!instance.transitionStatus) throw badInput(`Instance ${instance.name} has no transition to reset`);
  const stuck = instance.transitionStatus;
  const job = await latestJobOf(tx, instance);
  if (job && (job.status === JobStatus.PENDING || job.status === JobStatus.RUNNING)) {
    const cancelled = await cancelJob(tx, jobs, job.id);
    if (isJobEngineError(cancelled)) throw badInput(cancelled.message);
  }
  await tx.refresh(instance);
  if (instance.transitionStatus && job) {
    await settleInstanceJob(tx, jobs.events, {
      id: job.id,
      action: job.action,
      status: JobStatus.CANCELLED,
      error: `Transition ${stuck} reset by ${actor.username}`,
      instanceId: instance.id,
      results: {},
    });
  } else if (instance.transitionStatus) {
    instance.transitionStatus = null;
  }
  instance.lastError = `Transition ${stuck} reset by ${actor.username}`;
  await tx.flush();
  await recordStatusEvent(tx, jobs.events, instance, job?.id, `transition ${stuck} reset by ${actor.username}`);
  return instance;
}

/** The instance's latest operation job (follow-up jobs of other actions are not operations). */
async function latestJobOf(tx: EntityManager, instance: Instance): Promise<Job | null> {
  return tx.findOne(
    Job,
    { instance: instance.id, action: { $in: [...INSTANCE_ACTIONS] } },
    { orderBy: { createdAt: 'desc', id: 'desc' }, refresh: true },
  );
}
