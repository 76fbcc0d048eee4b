import { getPath, isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';
import type { StoreEvent } from '../store/store.types';
import { controllerRef, objectKey, splitKey } from './cluster-client';
import { ownedPods, ownerKeys } from './owned-pods';
import { isPodReady, podFromTemplate, scaledValue, templateHash } from './pod-template';
import { QueueController } from './queue.controller';

const daemonSets = 'daemonsets.apps';
const revisionLabel = 'controller-revision-hash';

/**
 * DaemonSet controller: one pod per eligible node (nodeSelector honoured), bound directly to the
 * node; RollingUpdate replaces outdated pods while keeping at most `maxUnavailable` down.
 */
export class DaemonSetController extends QueueController {
  readonly name = 'daemonset';

  protected onEvent(e: StoreEvent): void {
    if (e.key.groupResource === daemonSets && e.type !== 'DELETED') this.queue.add(objectKey(e.object));
    else if (e.key.groupResource === 'pods') for (const k of ownerKeys(e.object, 'DaemonSet')) this.queue.add(k);
    else if (e.key.groupResource === 'nodes')
      for (const ds of this.ctx.store.list(daemonSets)) this.queue.add(objectKey(ds));
  }

  protected override resync(): void {
    for (const ds of this.ctx.store.list(daemonSets)) this.queue.add(objectKey(ds));
  }

  private eligibleNodes(ds: KubeObject): string[] {
    const selector = getPath(ds, ['spec', 'template', 'spec', 'nodeSelector']);
    return this.ctx.store
      .list('nodes')
      .filter(
        (n) => !isJsonObject(selector) || Object.entries(selector).every(([k, v]) => n.metadata.labels?.[k] === v),
      )
      .map((n) => String(n.metadata.name));
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const ds = this.client.get(daemonSets, namespace, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const hash = templateHash(getPath(ds, ['spec', 'template']));
    const nodes = this.eligibleNodes(ds);
    const pods = ownedPods(this.client, ds).filter((p) => !p.metadata.deletionTimestamp);
    const byNode = new Map<string, KubeObject[]>();
    for (const p of pods)
      byNode.set(String(getPath(p, ['spec', 'nodeName'])), [
        ...(byNode.get(String(getPath(p, ['spec', 'nodeName']))) ?? []),
        p,
      ]);
    for (const node of nodes) {
      const onNode = byNode.get(node) ?? [];
      if (onNode.length === 0) this.createPod(ds, node, hash);
      for (const extra of onNode.slice(1)) this.client.delete('pods', namespace, String(extra.metadata.name));
    }
    for (const [node, list] of byNode)
      if (!nodes.includes(node)) for (const p of list) this.client.delete('pods', namespace, String(p.metadata.name));
    if (getPath(ds, ['spec', 'updateStrategy', 'type']) !== 'OnDelete') {
      const maxUnavailable = Math.max(
        1,
        scaledValue(getPath(ds, ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable']), nodes.length, true),
      );
      const unavailable = nodes.length - pods.filter(isPodReady).length;
      const outdated = pods.filter((p) => p.metadata.labels?.[revisionLabel] !== hash && isPodReady(p));
      for (const p of outdated.slice(0, Math.max(0, maxUnavailable - unavailable)))
        this.client.delete('pods', namespace, String(p.metadata.name));
    }
    this.updateStatus(ds, hash, nodes);
  }

  private createPod(ds: KubeObject, node: string, hash: string): void {
    const pod = podFromTemplate(
      getPath(ds, ['spec', 'template']),
      controllerRef(ds),
      String(ds.metadata.namespace),
      { generateName: `${String(ds.metadata.name)}-` },
      {
        [revisionLabel]: hash,
        'pod-template-generation': String(ds.metadata.generation ?? 1),
      },
    );
    (pod.spec as JsonObject).nodeName = node;
    this.client.create('pods', String(ds.metadata.namespace), pod);
  }

  private updateStatus(ds: KubeObject, hash: string, nodes: string[]): void {
    const fresh = this.client.get(daemonSets, String(ds.metadata.namespace), String(ds.metadata.name));
    if (!fresh) return;
    const pods = ownedPods(this.client, fresh).filter((p) => !p.metadata.deletionTimestamp);
    const scheduled = new Set(pods.map((p) => String(getPath(p, ['spec', 'nodeName']))));
    const ready = pods.filter(isPodReady).length;
    const status: JsonObject = {
      observedGeneration: Number(fresh.metadata.generation ?? 1),
      desiredNumberScheduled: nodes.length,
      currentNumberScheduled: nodes.filter((n) => scheduled.has(n)).length,
      numberMisscheduled: 0,
      numberReady: ready,
      numberAvailable: ready,
      numberUnavailable: Math.max(0, nodes.length - ready),
      updatedNumberScheduled: pods.filter((p) => p.metadata.labels?.[revisionLabel] === hash).length,
    };
    for (const k of ['numberAvailable', 'numberUnavailable', 'updatedNumberScheduled'])
      if (status[k] === 0) delete status[k];
    this.client.updateStatus(daemonSets, { ...fresh, status });
  }
}
