/**
 * Settling an instance when its job finishes, INSIDE the transaction that finishes the job (the
 * job engine's job-finished hook): a client that sees the job SUCCEEDED, FAILED or CANCELLED
 * reads the final instance. Sets the status the state table gives, clears the transition lock,
 * sets or clears `lastError`, stores what the final task observed (resources, pods as nodes,
 * endpoints, replica counts recorded by stop), finishes the revision row and records an
 * `instance.status` event. Jobs of other kinds, and a job whose instance is no longer locked
 * by it (reset by an administrator), change nothing.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/core';
import { AppVersion } from '../../entities/app-version.entity';
import { App } from '../../entities/app.entity';
import { JobStatus } from '../../entities/enums';
import { Instance } from '../../entities/instance.entity';
import { InstanceNode } from '../../entities/instance-node.entity';
import { InstanceRevision } from '../../entities/instance-revision.entity';
import type { CommitAnnouncer } from '../../events/event-hub';
import type { JobHooks } from '../../jobs/job-hooks';
import { createJob } from '../../jobs/job.service';
import { isJobEngineError } from '../../jobs/errors';
import type { InstanceAction, InstanceOperation, OperationOutcome } from './instance-operation.types';
import type { InstancePorts } from './instance-ports';
import { recordStatusEvent } from './instance-operation';
import { isInstanceAction, settledStatus, type JobEnd } from './instance-status.machine';

/** What the settlement reads of a finished job (the engine's FinishedJob has at least this). */
export interface FinishedInstanceJob {
  readonly id: string;
  readonly action: string;
  readonly status: JobStatus;
  readonly error: string | null;
  readonly instanceId: string | null;
  /** The job's input (an InstanceOperation for instance jobs). */
  readonly input?: Readonly<Record<string, unknown>> | null;
  /** Results of the job's tasks by key (null for tasks without one). */
  readonly results: Readonly<Record<string, Readonly<Record<string, unknown>> | null | undefined>>;
}

/** The task whose result is the operation's outcome (the deploy pipeline's last task). */
export const OUTCOME_TASK_KEYS: readonly string[] = ['record', 'outcome', 'describe'];

export async function settleInstanceJob(
  tx: EntityManager,
  events: CommitAnnouncer,
  job: FinishedInstanceJob,
  planFailure?: InstancePorts['planFailure'],
): Promise<void> {
  if (!job.instanceId || !isInstanceAction(job.action)) return;
  const instance = await tx.findOne(Instance, job.instanceId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!instance?.transitionStatus) return;
  const end: JobEnd =
    job.status === JobStatus.SUCCEEDED ? 'succeeded' : job.status === JobStatus.CANCELLED ? 'cancelled' : 'failed';
  const action: InstanceAction = job.action;
  instance.status = settledStatus(action, end);
  instance.transitionStatus = null;
  instance.lastError = end === 'succeeded' ? null : (job.error ?? `The ${action} was cancelled`);
  const outcome = outcomeOf(job);
  if (outcome) await storeObserved(tx, instance, action, outcome);
  await finishRevision(tx, instance, job, end, outcome);
  if (end === 'succeeded' && (action === 'deploy' || action === 'adopt')) await countDeploy(tx, instance);
  await tx.flush();
  await recordStatusEvent(tx, events, instance, job.id, settledMessage(action, end, instance));
  if (end !== 'succeeded' && planFailure && isOperation(job.input))
    await followUp(tx, events, job, job.input, planFailure);
}

function isOperation(input: unknown): input is InstanceOperation {
  const op = input as Partial<InstanceOperation> | null | undefined;
  return typeof op?.instanceId === 'string' && isInstanceAction(op.action) && typeof op.revision === 'number';
}

/** Creates the failure follow-up job of the operation (same transaction); an engine refusal is a planner bug. */
async function followUp(
  tx: EntityManager,
  events: CommitAnnouncer,
  job: FinishedInstanceJob,
  op: InstanceOperation,
  planFailure: InstancePorts['planFailure'],
): Promise<void> {
  const input = planFailure(op, job.id);
  if (!input) return;
  const created = await createJob(tx, events, { ...input, instanceId: op.instanceId });
  if (isJobEngineError(created)) throw new Error(`The follow-up of job ${job.id} was refused: ${created.message}`);
}

/** The OperationOutcome among the results: the outcome task's, else any result shaped like one. */
export function outcomeOf(job: Pick<FinishedInstanceJob, 'results'>): OperationOutcome | undefined {
  const shaped = (r: unknown): r is OperationOutcome =>
    typeof r === 'object' && r !== null && Array.isArray((r as { resources?: unknown }).resources);
  for (const key of OUTCOME_TASK_KEYS) if (shaped(job.results[key])) return job.results[key] as OperationOutcome;
  return Object.values(job.results).filter(shaped).at(-1) as OperationOutcome | undefined;
}

async function storeObserved(
  tx: EntityManager,
  instance: Instance,
  action: InstanceAction,
  outcome: OperationOutcome,
): Promise<void> {
  instance.resources = [...outcome.resources];
  instance.endpoints = [...outcome.endpoints];
  instance.observedAt = new Date();
  if (action === 'stop' && outcome.replicas) instance.replicas = { ...outcome.replicas };
  await tx.nativeDelete(InstanceNode, { instance: instance.id });
  for (const node of outcome.nodes)
    tx.create(InstanceNode, {
      instance,
      role: node.role.slice(0, 64),
      name: node.name.slice(0, 253),
      providerInstanceId: node.providerId ?? undefined,
      privateIp: node.privateIp ?? undefined,
      status: node.status.slice(0, 32),
      health: node.health,
    });
}

async function finishRevision(
  tx: EntityManager,
  instance: Instance,
  job: FinishedInstanceJob,
  end: JobEnd,
  outcome: OperationOutcome | undefined,
): Promise<void> {
  const revision = await tx.findOne(InstanceRevision, { instance: instance.id, jobId: job.id });
  if (!revision) return;
  if (end !== 'succeeded') {
    revision.status = 'failed';
    return;
  }
  const older = await tx.find(InstanceRevision, {
    instance: instance.id,
    status: 'deployed',
    revision: { $ne: revision.revision },
  });
  for (const row of older) row.status = 'superseded';
  revision.status = 'deployed';
  if (outcome) {
    revision.removedValueKeys = [...outcome.removedValueKeys];
    revision.manifestDigest = outcome.manifestDigest;
  }
}

async function countDeploy(tx: EntityManager, instance: Instance): Promise<void> {
  const version = await tx.findOneOrFail(AppVersion, instance.version.id);
  const app = await tx.findOneOrFail(App, instance.app.id);
  version.deployCount += 1;
  app.deployCount += 1;
}

function settledMessage(action: InstanceAction, end: JobEnd, instance: Instance): string {
  const tail = end === 'succeeded' ? '' : `: ${instance.lastError ?? ''}`;
  return `${action} ${end} → ${instance.status}${tail}`;
}

/** Registers the settlement as the job-finished hook of every instance operation (every process). */
export function registerInstanceSettlement(
  hooks: JobHooks,
  events: CommitAnnouncer,
  planFailure: InstancePorts['planFailure'],
): void {
  hooks.register(
    (job) => job.instanceId !== null && isInstanceAction(job.action),
    (tx, job) => settleInstanceJob(tx, events, job, planFailure),
  );
}
