import { KubeApiError } from '../api/api-errors';
import { cloneJson, getPath, isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';
import { nowTimestamp } from '../core/names';
import type { StoreEvent } from '../store/store.types';
import { controllerRef, isControlledBy, objectKey, splitKey } from './cluster-client';
import { parseCronSchedule } from '../core/cron-schedule';
import { EventRecorder } from './event-recorder';
import { ownerKeys } from './owned-pods';
import { QueueController } from './queue.controller';

const cronJobs = 'cronjobs.batch';
const jobs = 'jobs.batch';

const finishedAs = (job: Readonly<KubeObject>): 'Complete' | 'Failed' | undefined => {
  const conds = getPath(job, ['status', 'conditions']);
  const hit = (Array.isArray(conds) ? conds.filter(isJsonObject) : []).find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
  return hit?.type as 'Complete' | 'Failed' | undefined;
};

const toIso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * CronJob controller (UTC schedules): creates `<name>-<minutes since epoch>` Jobs from the job
 * template at each scheduled minute, honouring suspend, startingDeadlineSeconds and
 * concurrencyPolicy (Allow / Forbid / Replace), tracks active Jobs and last schedule/success
 * times, and prunes finished Jobs beyond the history limits.
 */
export class CronJobController extends QueueController {
  readonly name = 'cronjob';
  private events!: EventRecorder;

  protected onEvent(e: StoreEvent): void {
    if (e.key.groupResource === cronJobs && e.type !== 'DELETED') this.queue.add(objectKey(e.object));
    else if (e.key.groupResource === jobs) for (const k of ownerKeys(e.object, 'CronJob')) this.queue.add(k);
  }

  protected override resync(): void {
    this.events = new EventRecorder(this.client, 'cronjob-controller');
    for (const c of this.ctx.store.list(cronJobs)) this.queue.add(objectKey(c));
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const cj = this.client.get(cronJobs, namespace, name);
    if (!cj || cj.metadata.deletionTimestamp) return;
    const schedule = parseCronSchedule(String(getPath(cj, ['spec', 'schedule'])));
    const now = this.ctx.now();
    let owned = this.client.list(jobs, namespace).filter((j) => isControlledBy(j, cj.metadata.uid));
    const status: JsonObject = cloneJson((isJsonObject(cj.status) ? cj.status : {}) as JsonObject);
    const last = Date.parse(String(status.lastScheduleTime ?? cj.metadata.creationTimestamp));
    let due: number | undefined;
    for (let t = schedule.next(last), n = 0; t !== undefined && t <= now && n < 1000; t = schedule.next(t), n++)
      due = t;
    if (due !== undefined && getPath(cj, ['spec', 'suspend']) !== true) {
      owned = this.run(cj, due, now, owned, status);
    }
    this.prune(cj, owned);
    const remaining = this.client.list(jobs, namespace).filter((j) => isControlledBy(j, cj.metadata.uid));
    status.active = remaining
      .filter((j) => !finishedAs(j))
      .map((j) => ({
        kind: 'Job',
        namespace,
        name: String(j.metadata.name),
        uid: String(j.metadata.uid),
        apiVersion: 'batch/v1',
        resourceVersion: String(j.metadata.resourceVersion),
      }));
    if ((status.active as unknown[]).length === 0) delete status.active;
    const succeeded = remaining
      .filter((j) => finishedAs(j) === 'Complete')
      .map((j) => String(getPath(j, ['status', 'completionTime']) ?? ''))
      .sort();
    if (succeeded.length) status.lastSuccessfulTime = succeeded[succeeded.length - 1];
    if (JSON.stringify(status) !== JSON.stringify(cj.status ?? {}))
      this.client.updateStatus(cronJobs, { ...cj, status });
    const next = schedule.next(now);
    if (next !== undefined) this.queue.addAfter(key, Math.min(next - now + 10, 2 ** 31 - 1));
  }

  /** Starts the run scheduled at `due` unless the deadline passed or the concurrency policy forbids it. */
  private run(cj: KubeObject, due: number, now: number, owned: KubeObject[], status: JsonObject): KubeObject[] {
    const deadline = getPath(cj, ['spec', 'startingDeadlineSeconds']);
    const namespace = String(cj.metadata.namespace);
    status.lastScheduleTime = toIso(due);
    if (typeof deadline === 'number' && now - due > deadline * 1000) {
      this.events.record(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${toIso(due)}`);
      return owned;
    }
    const active = owned.filter((j) => !finishedAs(j));
    const policy = getPath(cj, ['spec', 'concurrencyPolicy']) ?? 'Allow';
    if (active.length && policy === 'Forbid') {
      this.events.record(
        cj,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
      return owned;
    }
    if (policy === 'Replace')
      for (const j of active) this.client.delete(jobs, namespace, String(j.metadata.name), 'Background');
    const template = (getPath(cj, ['spec', 'jobTemplate']) ?? {}) as JsonObject;
    const meta = isJsonObject(template.metadata) ? template.metadata : {};
    const jobName = `${String(cj.metadata.name)}-${Math.floor(due / 60_000)}`;
    try {
      const job = this.client.create(jobs, namespace, {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: jobName,
          namespace,
          labels: (meta.labels ?? undefined) as Record<string, string> | undefined,
          annotations: {
            ...((meta.annotations ?? {}) as Record<string, string>),
            'batch.kubernetes.io/cronjob-scheduled-timestamp': nowTimestamp(() => due),
          },
          ownerReferences: [controllerRef(cj)],
        },
        spec: cloneJson((template.spec ?? {}) as JsonObject),
      });
      this.events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${jobName}`);
      return [...owned, job];
    } catch (err) {
      if (err instanceof KubeApiError && err.code === 'AlreadyExists') return owned;
      throw err;
    }
  }

  /** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit. */
  private prune(cj: KubeObject, owned: KubeObject[]): void {
    for (const [outcome, limitPath, fallback] of [
      ['Complete', 'successfulJobsHistoryLimit', 3],
      ['Failed', 'failedJobsHistoryLimit', 1],
    ] as const) {
      const limit = Number(getPath(cj, ['spec', limitPath]) ?? fallback);
      const done = owned
        .filter((j) => finishedAs(j) === outcome)
        .sort(
          (a, b) =>
            String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) ||
            String(a.metadata.name).localeCompare(String(b.metadata.name)),
        );
      for (const j of done.slice(0, Math.max(0, done.length - limit)))
        this.client.delete(jobs, String(cj.metadata.namespace), String(j.metadata.name), 'Background');
    }
  }
}
