import type { EntityManager } from '@mikro-orm/postgresql';
import { JobStatus } from '../entities/enums';
import { Job } from '../entities/job.entity';
import type { InstanceEvent } from '../events/event-topics';
import type { EventHub } from '../events/event-hub';
import { cancelJob, retryJob } from '../jobs/job.service';
import { isJobEngineError } from '../jobs/errors';
import type { JobHooks } from '../jobs/job-hooks';
import type { Actor } from './auth/actor';
import { PERMISSIONS } from './auth/permissions';
import { badInput, notFound } from './errors';
import { readableInstance } from './instances/instance-access';

/** What the GraphQL Job type shows. */
export interface JobView {
  id: string;
  action: string;
  status: JobStatus;
  progress: number;
  error: string | null;
  cancelRequested: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  instanceId: string | null;
  /** Warnings its tasks reported in their results (e.g. render's API conversions), in task order. */
  warnings: string[];
  tasks: {
    id: string;
    key: string;
    action: string;
    target: string | null;
    status: JobStatus;
    attempt: number;
    dependsOn: string[];
    error: string | null;
    logs: string[];
    startedAt: Date | null;
    finishedAt: Date | null;
  }[];
}

const TERMINAL = new Set([JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED]);

/** Jobs as users see them: read access follows the job's workspace (or its owner); admins see all. */
export class JobViewService {
  constructor(
    private readonly events: EventHub,
    private readonly hooks: JobHooks,
  ) {}

  canRead(actor: Actor, job: Job): boolean {
    if (actor.can(PERMISSIONS.INSTANCE_ADMIN)) return true;
    if (job.workspace) return actor.canReadWorkspace(job.workspace.id);
    return job.owner?.id === actor.userId;
  }

  /** The job with its tasks, or NOT_FOUND when missing or not readable. */
  async get(em: EntityManager, actor: Actor, id: string): Promise<JobView> {
    const job = await em.findOne(Job, id, { populate: ['tasks'], refresh: true });
    if (!job || !this.canRead(actor, job)) throw notFound('Job', id);
    return toView(job);
  }

  /** Cancels pending work; running tasks stop at their next checkpoint. */
  async cancel(em: EntityManager, actor: Actor, id: string): Promise<JobView> {
    await this.requireWritable(em, actor, id);
    const result = await em.transactional((tx) => cancelJob(tx, { events: this.events, hooks: this.hooks }, id));
    if (isJobEngineError(result)) throw badInput(result.message);
    return this.get(em.fork(), actor, id);
  }

  /** Re-runs failed (and the cancelled downstream) tasks of a failed or cancelled job. */
  async retry(em: EntityManager, actor: Actor, id: string): Promise<JobView> {
    await this.requireWritable(em, actor, id);
    const result = await em.transactional((tx) => retryJob(tx, { events: this.events, hooks: this.hooks }, id));
    if (isJobEngineError(result)) throw badInput(result.message);
    return this.get(em.fork(), actor, id);
  }

  /** Checks read access to the instance, then streams its events from `sinceSeq` (replay, then live). */
  async instanceEvents(
    em: EntityManager,
    actor: Actor,
    instanceId: string,
    sinceSeq: number,
  ): Promise<AsyncIterableIterator<InstanceEvent>> {
    await readableInstance(em, actor, instanceId);
    return this.events.subscribeInstanceEvents(instanceId, sinceSeq);
  }

  /**
   * Live events of every instance the actor may see: its workspaces' instances (all instances for
   * instance administrators). The workspace set is fixed when the subscription starts.
   */
  async myInstanceEvents(em: EntityManager, actor: Actor): Promise<AsyncIterableIterator<InstanceEvent>> {
    return this.events.subscribeWorkspaceInstanceEvents(
      actor.can(PERMISSIONS.INSTANCE_ADMIN) ? 'all' : actor.workspaceIds,
    );
  }

  /** Checks read access, then streams job snapshots (current one first). Ends after a terminal status. */
  async jobUpdates(em: EntityManager, actor: Actor, jobId: string): Promise<AsyncIterableIterator<{ jobId: string }>> {
    await this.get(em, actor, jobId);
    return this.events.subscribeJob(jobId);
  }

  private async requireWritable(em: EntityManager, actor: Actor, id: string): Promise<void> {
    const job = await em.findOne(Job, id);
    if (!job || !this.canRead(actor, job)) throw notFound('Job', id);
    const writable =
      actor.can(PERMISSIONS.INSTANCE_ADMIN) ||
      (job.workspace ? actor.canWriteWorkspace(job.workspace.id) : job.owner?.id === actor.userId);
    if (!writable) throw notFound('Job', id);
  }
}

export function toView(job: Job): JobView {
  const tasks = job.tasks
    .getItems()
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.key.localeCompare(b.key));
  const idByKey = new Map(tasks.map((t) => [t.key, t.id]));
  const done = tasks.filter((t) => TERMINAL.has(t.status)).length;
  return {
    id: job.id,
    action: job.action,
    status: job.status,
    progress: tasks.length ? done / tasks.length : TERMINAL.has(job.status) ? 1 : 0,
    error: job.error ?? null,
    cancelRequested: job.cancelRequested,
    createdAt: job.createdAt,
    startedAt: job.startedAt ?? null,
    finishedAt: job.finishedAt ?? null,
    instanceId: job.instance?.id ?? null,
    warnings: tasks.flatMap((t) => warningsOf(t.result)),
    tasks: tasks.map((t) => ({
      id: t.id,
      key: t.key,
      action: t.action,
      target: t.target ?? null,
      status: t.status,
      attempt: t.attempt,
      dependsOn: t.dependsOn.map((k) => idByKey.get(k) ?? k),
      error: t.error ?? null,
      logs: t.logs,
      startedAt: t.startedAt ?? null,
      finishedAt: t.finishedAt ?? null,
    })),
  };
}

function warningsOf(result: Readonly<Record<string, unknown>> | null | undefined): string[] {
  const w = result?.warnings;
  return Array.isArray(w) ? w.filter((x): x is string => typeof x === 'string') : [];
}
