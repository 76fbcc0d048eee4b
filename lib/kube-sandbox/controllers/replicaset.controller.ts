import { KubeApiError } from '../api/api-errors';
import { getPath, isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';
import { nowTimestamp } from '../core/names';
import type { StoreEvent } from '../store/store.types';
import { controllerRef, objectKey, splitKey } from './cluster-client';
import { EventRecorder } from './event-recorder';
import { ownedPods, ownerKeys } from './owned-pods';
import { isPodActive, isPodReady, podFromTemplate } from './pod-template';
import { QueueController } from './queue.controller';

const rsResource = 'replicasets.apps';

/**
 * ReplicaSet controller: keeps `spec.replicas` active pods built from the template (deleting
 * not-ready and newest pods first when scaling down) and reports replicas / ready / available,
 * with a ReplicaFailure condition when pod creation is refused (e.g. by a ResourceQuota).
 */
export class ReplicaSetController extends QueueController {
  readonly name = 'replicaset';
  private events!: EventRecorder;

  protected onEvent(e: StoreEvent): void {
    if (e.key.groupResource === rsResource && e.type !== 'DELETED') this.queue.add(objectKey(e.object));
    else if (e.key.groupResource === 'pods') for (const k of ownerKeys(e.object, 'ReplicaSet')) this.queue.add(k);
  }

  protected override resync(): void {
    this.events = new EventRecorder(this.client, 'replicaset-controller');
    for (const rs of this.ctx.store.list(rsResource)) this.queue.add(objectKey(rs));
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const rs = this.client.get(rsResource, namespace, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const pods = ownedPods(this.client, rs).filter(isPodActive);
    const want = Number(getPath(rs, ['spec', 'replicas']) ?? 1);
    let failure: string | undefined;
    if (pods.length < want) failure = this.createPods(rs, want - pods.length);
    else if (pods.length > want) this.deletePods(rs, pods, pods.length - want);
    this.updateStatus(rs, failure);
  }

  private createPods(rs: KubeObject, count: number): string | undefined {
    const template = getPath(rs, ['spec', 'template']);
    for (let i = 0; i < count; i++) {
      try {
        const pod = this.client.create(
          'pods',
          String(rs.metadata.namespace),
          podFromTemplate(template, controllerRef(rs), String(rs.metadata.namespace), {
            generateName: `${String(rs.metadata.name)}-`,
          }),
        );
        this.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${String(pod.metadata.name)}`);
      } catch (err) {
        if (err instanceof KubeApiError && (err.code === 'Forbidden' || err.code === 'Invalid')) {
          this.events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${err.message}`);
          return err.message;
        }
        throw err;
      }
    }
    return undefined;
  }

  private deletePods(rs: KubeObject, pods: KubeObject[], count: number): void {
    const ranked = [...pods].sort(
      (a, b) =>
        Number(isPodReady(a)) - Number(isPodReady(b)) ||
        String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)),
    );
    for (const p of ranked.slice(0, count)) {
      this.client.delete('pods', String(p.metadata.namespace), String(p.metadata.name));
      this.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${String(p.metadata.name)}`);
    }
  }

  private updateStatus(rs: KubeObject, failure: string | undefined): void {
    const fresh = this.client.get(rsResource, String(rs.metadata.namespace), String(rs.metadata.name));
    if (!fresh) return;
    const pods = ownedPods(this.client, fresh).filter(isPodActive);
    const ready = pods.filter(isPodReady).length;
    const labels = getPath(fresh, ['spec', 'template', 'metadata', 'labels']);
    const fully = pods.filter((p) =>
      Object.entries(isJsonObject(labels) ? labels : {}).every(([k, v]) => p.metadata.labels?.[k] === v),
    ).length;
    const status: JsonObject = {
      replicas: pods.length,
      fullyLabeledReplicas: fully,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: Number(fresh.metadata.generation ?? 1),
    };
    if (failure)
      status.conditions = [
        {
          type: 'ReplicaFailure',
          status: 'True',
          lastTransitionTime: nowTimestamp(this.ctx.now),
          reason: 'FailedCreate',
          message: failure,
        },
      ];
    for (const k of ['readyReplicas', 'availableReplicas', 'fullyLabeledReplicas'] as const)
      if (status[k] === 0) delete status[k];
    this.client.updateStatus(rsResource, { ...fresh, status });
    if (failure) this.queue.addAfter(objectKey(fresh), 1000);
  }
}
