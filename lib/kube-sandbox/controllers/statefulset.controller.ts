import { cloneJson, getPath, isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';
import type { StoreEvent } from '../store/store.types';
import { controllerRef, objectKey, splitKey } from './cluster-client';
import { EventRecorder } from './event-recorder';
import { ownedPods, ownerKeys } from './owned-pods';
import { isPodReady, podFromTemplate, podPhase, templateHash } from './pod-template';
import { QueueController } from './queue.controller';

const statefulSets = 'statefulsets.apps';
const revisionLabel = 'controller-revision-hash';

const ordinalOf = (sts: Readonly<KubeObject>, pod: Readonly<KubeObject>): number => {
  const suffix = String(pod.metadata.name).slice(String(sts.metadata.name).length + 1);
  return /^\d+$/.test(suffix) ? Number(suffix) : -1;
};
const healthy = (p: Readonly<KubeObject>): boolean =>
  podPhase(p) === 'Running' && isPodReady(p) && !p.metadata.deletionTimestamp;

/**
 * StatefulSet controller: pods `<name>-<ordinal>` created in order (OrderedReady waits for each
 * to be Ready; Parallel does not), a PVC per volumeClaimTemplate and ordinal
 * (`<template>-<name>-<ordinal>`), scale-down from the highest ordinal, RollingUpdate from the
 * highest ordinal down to the partition, and revision-tracking status.
 */
export class StatefulSetController extends QueueController {
  readonly name = 'statefulset';
  private events!: EventRecorder;

  protected onEvent(e: StoreEvent): void {
    if (e.key.groupResource === statefulSets && e.type !== 'DELETED') this.queue.add(objectKey(e.object));
    else if (e.key.groupResource === 'pods') for (const k of ownerKeys(e.object, 'StatefulSet')) this.queue.add(k);
  }

  protected override resync(): void {
    this.events = new EventRecorder(this.client, 'statefulset-controller');
    for (const s of this.ctx.store.list(statefulSets)) this.queue.add(objectKey(s));
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const sts = this.client.get(statefulSets, namespace, name);
    if (!sts || sts.metadata.deletionTimestamp) return;
    const replicas = Number(getPath(sts, ['spec', 'replicas']) ?? 1);
    const parallel = getPath(sts, ['spec', 'podManagementPolicy']) === 'Parallel';
    const updateRevision = `${name}-${templateHash(getPath(sts, ['spec', 'template']))}`;
    const pods = new Map(ownedPods(this.client, sts).map((p) => [ordinalOf(sts, p), p]));
    // One kind of step per pass, as the real controller: create, else scale down, else update.
    const acted =
      this.createMissing(sts, pods, replicas, parallel, updateRevision) ||
      this.scaleDown(sts, pods, replicas, parallel);
    if (!acted) this.rollingUpdate(sts, pods, replicas, updateRevision);
    this.updateStatus(sts, updateRevision);
  }

  /** Creates missing ordinals (OrderedReady: one at a time, each after its predecessors are Ready). Returns true when it acted or must wait. */
  private createMissing(
    sts: KubeObject,
    pods: Map<number, KubeObject>,
    replicas: number,
    parallel: boolean,
    revision: string,
  ): boolean {
    let acted = false;
    for (let ord = 0; ord < replicas; ord++) {
      const pod = pods.get(ord);
      if (pod && (podPhase(pod) === 'Failed' || podPhase(pod) === 'Succeeded')) {
        this.client.delete('pods', String(pod.metadata.namespace), String(pod.metadata.name));
        return true;
      }
      if (!pod) {
        this.ensureClaims(sts, ord);
        this.createPod(sts, ord, revision);
        acted = true;
        if (!parallel) return true;
      } else if (!parallel && !healthy(pod)) return true;
    }
    return acted;
  }

  private scaleDown(sts: KubeObject, pods: Map<number, KubeObject>, replicas: number, parallel: boolean): boolean {
    const extra = [...pods.keys()].filter((o) => o >= replicas).sort((a, b) => b - a);
    if (extra.length === 0) return false;
    for (const ord of parallel ? extra : extra.slice(0, 1)) {
      const p = pods.get(ord) as KubeObject;
      if (!p.metadata.deletionTimestamp) {
        this.client.delete('pods', String(p.metadata.namespace), String(p.metadata.name));
        this.events.record(
          sts,
          'Normal',
          'SuccessfulDelete',
          `delete Pod ${String(p.metadata.name)} in StatefulSet ${String(sts.metadata.name)} successful`,
        );
      }
    }
    return true;
  }

  private rollingUpdate(sts: KubeObject, pods: Map<number, KubeObject>, replicas: number, revision: string): boolean {
    if (getPath(sts, ['spec', 'updateStrategy', 'type']) === 'OnDelete') return false;
    const partition = Number(getPath(sts, ['spec', 'updateStrategy', 'rollingUpdate', 'partition']) ?? 0);
    if ([...pods.values()].some((p) => !healthy(p))) return false;
    for (let ord = replicas - 1; ord >= partition; ord--) {
      const p = pods.get(ord);
      if (p && p.metadata.labels?.[revisionLabel] !== revision) {
        this.client.delete('pods', String(p.metadata.namespace), String(p.metadata.name));
        return true;
      }
    }
    return false;
  }

  private claimName(sts: KubeObject, template: JsonObject, ord: number): string {
    return `${String(getPath(template, ['metadata', 'name']))}-${String(sts.metadata.name)}-${ord}`;
  }

  private templates(sts: KubeObject): JsonObject[] {
    const list = getPath(sts, ['spec', 'volumeClaimTemplates']);
    return Array.isArray(list) ? list.filter(isJsonObject) : [];
  }

  private ensureClaims(sts: KubeObject, ord: number): void {
    const ns = String(sts.metadata.namespace);
    const deleteWithSet = getPath(sts, ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted']) === 'Delete';
    for (const t of this.templates(sts)) {
      const name = this.claimName(sts, t, ord);
      if (this.client.get('persistentvolumeclaims', ns, name)) continue;
      const selectorLabels = (getPath(sts, ['spec', 'selector', 'matchLabels']) ?? {}) as Record<string, string>;
      const tplLabels = (getPath(t, ['metadata', 'labels']) ?? {}) as Record<string, string>;
      this.client.create('persistentvolumeclaims', ns, {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: {
          name,
          namespace: ns,
          labels: { ...tplLabels, ...selectorLabels },
          annotations: (getPath(t, ['metadata', 'annotations']) ?? undefined) as Record<string, string> | undefined,
          ownerReferences: deleteWithSet ? [controllerRef(sts)] : undefined,
        },
        spec: cloneJson((t.spec ?? {}) as JsonObject),
      });
      this.events.record(
        sts,
        'Normal',
        'SuccessfulCreate',
        `create Claim ${name} Pod ${String(sts.metadata.name)}-${ord} in StatefulSet ${String(sts.metadata.name)} success`,
      );
    }
  }

  private createPod(sts: KubeObject, ord: number, revision: string): void {
    const name = `${String(sts.metadata.name)}-${ord}`;
    const pod = podFromTemplate(
      getPath(sts, ['spec', 'template']),
      controllerRef(sts),
      String(sts.metadata.namespace),
      { name },
      {
        [revisionLabel]: revision,
        'statefulset.kubernetes.io/pod-name': name,
        'apps.kubernetes.io/pod-index': String(ord),
      },
    );
    const spec = pod.spec as JsonObject;
    spec.hostname = name;
    if (getPath(sts, ['spec', 'serviceName'])) spec.subdomain = String(getPath(sts, ['spec', 'serviceName']));
    const volumes = Array.isArray(spec.volumes) ? spec.volumes.filter(isJsonObject) : [];
    for (const t of this.templates(sts)) {
      const vname = String(getPath(t, ['metadata', 'name']));
      if (!volumes.some((v) => v.name === vname))
        volumes.push({ name: vname, persistentVolumeClaim: { claimName: this.claimName(sts, t, ord) } });
    }
    if (volumes.length) spec.volumes = volumes;
    this.client.create('pods', String(sts.metadata.namespace), pod);
    this.events.record(
      sts,
      'Normal',
      'SuccessfulCreate',
      `create Pod ${name} in StatefulSet ${String(sts.metadata.name)} successful`,
    );
  }

  private updateStatus(sts: KubeObject, updateRevision: string): void {
    const fresh = this.client.get(statefulSets, String(sts.metadata.namespace), String(sts.metadata.name));
    if (!fresh) return;
    const pods = ownedPods(this.client, fresh).filter((p) => !p.metadata.deletionTimestamp);
    const replicas = Number(getPath(fresh, ['spec', 'replicas']) ?? 1);
    const updated = pods.filter((p) => p.metadata.labels?.[revisionLabel] === updateRevision).length;
    const prevCurrent = String(getPath(fresh, ['status', 'currentRevision']) ?? '') || updateRevision;
    const currentRevision = updated === replicas && pods.length === replicas ? updateRevision : prevCurrent;
    const ready = pods.filter(isPodReady).length;
    const status: JsonObject = {
      observedGeneration: Number(fresh.metadata.generation ?? 1),
      replicas: pods.length,
      readyReplicas: ready,
      currentReplicas: pods.filter((p) => p.metadata.labels?.[revisionLabel] === currentRevision).length,
      updatedReplicas: updated,
      availableReplicas: ready,
      currentRevision,
      updateRevision,
      collisionCount: 0,
    };
    for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas']) if (status[k] === 0) delete status[k];
    this.client.updateStatus(statefulSets, { ...fresh, status });
  }
}
