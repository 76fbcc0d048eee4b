import { getPath, isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';
import { nowTimestamp } from '../core/names';
import type { StoreEvent } from '../store/store.types';
import { controllerRef, objectKey, splitKey } from './cluster-client';
import { EventRecorder } from './event-recorder';
import { ownedPods, ownerKeys } from './owned-pods';
import { isPodActive, isPodReady, podFromTemplate, podPhase } from './pod-template';
import { QueueController } from './queue.controller';

const jobs = 'jobs.batch';

function finishedCondition(job: Readonly<KubeObject>): string | undefined {
  const conds = getPath(job, ['status', 'conditions']);
  const list = Array.isArray(conds) ? conds.filter(isJsonObject) : [];
  return list.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type as
    string | undefined;
}

/**
 * Job controller: runs up to `parallelism` pods until `completions` succeed (Complete), or fails
 * the Job once failures exceed `backoffLimit` (BackoffLimitExceeded) or `activeDeadlineSeconds`
 * passes (DeadlineExceeded); honours `ttlSecondsAfterFinished`.
 */
export class JobController extends QueueController {
  readonly name = 'job';
  private events!: EventRecorder;

  protected onEvent(e: StoreEvent): void {
    if (e.key.groupResource === jobs && e.type !== 'DELETED') this.queue.add(objectKey(e.object));
    else if (e.key.groupResource === 'pods') for (const k of ownerKeys(e.object, 'Job')) this.queue.add(k);
  }

  protected override resync(): void {
    this.events = new EventRecorder(this.client, 'job-controller');
    for (const j of this.ctx.store.list(jobs)) this.queue.add(objectKey(j));
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const job = this.client.get(jobs, namespace, name);
    if (!job || job.metadata.deletionTimestamp) return;
    if (finishedCondition(job)) return this.expire(job, key);
    if (getPath(job, ['spec', 'suspend']) === true) return;
    const pods = ownedPods(this.client, job);
    const succeeded = pods.filter((p) => podPhase(p) === 'Succeeded').length;
    const restarts =
      getPath(job, ['spec', 'template', 'spec', 'restartPolicy']) === 'OnFailure'
        ? pods.reduce((n, p) => n + Number(getPath(p, ['status', 'containerStatuses', '0', 'restartCount']) ?? 0), 0)
        : 0;
    const failed = pods.filter((p) => podPhase(p) === 'Failed').length + restarts;
    const active = pods.filter(isPodActive);
    const completions = Number(getPath(job, ['spec', 'completions']) ?? 1);
    const parallelism = Number(getPath(job, ['spec', 'parallelism']) ?? 1);
    const backoffLimit = Number(getPath(job, ['spec', 'backoffLimit']) ?? 6);
    const now = nowTimestamp(this.ctx.now);
    const startTime = String(getPath(job, ['status', 'startTime']) ?? now);
    const deadline = getPath(job, ['spec', 'activeDeadlineSeconds']);
    let outcome: { type: 'Complete' | 'Failed'; reason?: string; message?: string } | undefined;
    if (failed > backoffLimit)
      outcome = {
        type: 'Failed',
        reason: 'BackoffLimitExceeded',
        message: 'Job has reached the specified backoff limit',
      };
    else if (typeof deadline === 'number' && this.ctx.now() - Date.parse(startTime) > deadline * 1000)
      outcome = {
        type: 'Failed',
        reason: 'DeadlineExceeded',
        message: 'Job was active longer than specified deadline',
      };
    else if (succeeded >= completions) outcome = { type: 'Complete' };
    if (outcome?.type === 'Failed')
      for (const p of active) this.client.delete('pods', namespace, String(p.metadata.name));
    if (!outcome) {
      const want = Math.min(parallelism, completions - succeeded) - active.length;
      for (let i = 0; i < want; i++) {
        const pod = this.client.create(
          'pods',
          namespace,
          podFromTemplate(getPath(job, ['spec', 'template']), controllerRef(job), namespace, {
            generateName: `${name}-`,
          }),
        );
        this.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${String(pod.metadata.name)}`);
      }
      if (typeof deadline === 'number')
        this.queue.addAfter(key, Math.max(50, deadline * 1000 - (this.ctx.now() - Date.parse(startTime))));
    }
    const status: JsonObject = {
      ...(isJsonObject(job.status) ? job.status : {}),
      startTime,
      active: outcome ? 0 : Math.max(active.length, Math.min(parallelism, completions - succeeded)),
      succeeded,
      failed,
      ready: active.filter(isPodReady).length,
      terminating: 0,
      uncountedTerminatedPods: {},
    };
    if (outcome) {
      const cond: JsonObject = { type: outcome.type, status: 'True', lastProbeTime: now, lastTransitionTime: now };
      if (outcome.reason) Object.assign(cond, { reason: outcome.reason, message: outcome.message ?? '' });
      status.conditions = [...(Array.isArray(status.conditions) ? status.conditions : []), cond];
      if (outcome.type === 'Complete') status.completionTime = now;
      this.events.record(
        job,
        outcome.type === 'Complete' ? 'Normal' : 'Warning',
        outcome.type === 'Complete' ? 'Completed' : String(outcome.reason),
        outcome.type === 'Complete' ? 'Job completed' : String(outcome.message),
      );
    }
    for (const k of ['active', 'succeeded', 'failed']) if (status[k] === 0) delete status[k];
    this.client.updateStatus(jobs, { ...job, status });
  }

  /** Deletes a finished Job once `ttlSecondsAfterFinished` has passed. */
  private expire(job: KubeObject, key: string): void {
    const ttl = getPath(job, ['spec', 'ttlSecondsAfterFinished']);
    if (typeof ttl !== 'number') return;
    const conds = (getPath(job, ['status', 'conditions']) ?? []) as JsonObject[];
    const finishedAt = Date.parse(
      String(
        conds.find((c) => c.status === 'True' && (c.type === 'Complete' || c.type === 'Failed'))?.lastTransitionTime ??
          '',
      ),
    );
    const remaining = finishedAt + ttl * 1000 - this.ctx.now();
    if (remaining > 0) this.queue.addAfter(key, remaining);
    else this.client.delete(jobs, String(job.metadata.namespace), String(job.metadata.name), 'Background');
  }
}
