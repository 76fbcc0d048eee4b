import { cloneJson, getPath, jsonEqual, type JsonObject, type KubeObject } from '../api/kube-object.types';
import { nowTimestamp } from '../core/names';
import type { StoreEvent } from '../store/store.types';
import { controllerRef, isControlledBy, objectKey, splitKey } from './cluster-client';
import { deploymentStatus } from './deployment-status';
import { EventRecorder } from './event-recorder';
import { ownerKeys } from './owned-pods';
import { scaledValue, templateHash, templateWithLabels, templateWithoutLabels } from './pod-template';
import { QueueController } from './queue.controller';

const deployments = 'deployments.apps';
const replicaSets = 'replicasets.apps';
const revisionKey = 'deployment.kubernetes.io/revision';
const hashLabel = 'pod-template-hash';

const replicasOf = (o: Readonly<KubeObject>): number => Number(getPath(o, ['spec', 'replicas']) ?? 0);
const availableOf = (o: Readonly<KubeObject>): number => Number(getPath(o, ['status', 'availableReplicas']) ?? 0);
const revisionOf = (o: Readonly<KubeObject>): number => Number(o.metadata.annotations?.[revisionKey] ?? 0);

/**
 * Deployment controller: one ReplicaSet per pod template (named `<deployment>-<hash>`, labelled
 * `pod-template-hash`), revision annotations, RollingUpdate (maxSurge / maxUnavailable) and
 * Recreate rollouts, history cleanup, and the status kubectl and helm wait on.
 */
export class DeploymentController extends QueueController {
  readonly name = 'deployment';
  private events!: EventRecorder;

  protected onEvent(e: StoreEvent): void {
    if (e.key.groupResource === deployments && e.type !== 'DELETED') this.queue.add(objectKey(e.object));
    else if (e.key.groupResource === replicaSets) for (const k of ownerKeys(e.object, 'Deployment')) this.queue.add(k);
  }

  protected override resync(): void {
    this.events = new EventRecorder(this.client, 'deployment-controller');
    for (const d of this.ctx.store.list(deployments)) this.queue.add(objectKey(d));
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const d = this.client.get(deployments, namespace, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const owned = this.client.list(replicaSets, namespace).filter((rs) => isControlledBy(rs, d.metadata.uid));
    const template = getPath(d, ['spec', 'template']);
    let newRs = owned.find((rs) =>
      jsonEqual(
        templateWithoutLabels(getPath(rs, ['spec', 'template']), [hashLabel]),
        templateWithoutLabels(template, []),
      ),
    );
    const old = owned.filter((rs) => rs !== newRs);
    const maxRevision = Math.max(0, ...owned.map(revisionOf));
    if (getPath(d, ['spec', 'paused']) !== true) {
      if (!newRs) newRs = this.createReplicaSet(d, maxRevision + 1, old);
      else if (revisionOf(newRs) < maxRevision) newRs = this.annotate(newRs, d, maxRevision + 1);
      if (getPath(d, ['spec', 'strategy', 'type']) === 'Recreate') this.recreate(d, newRs, old);
      else this.rollingUpdate(d, newRs, old);
      this.cleanup(d, old);
    }
    const revision = newRs ? revisionOf(newRs) : maxRevision;
    const fresh = this.client.get(deployments, namespace, name);
    if (!fresh) return;
    const all = this.client.list(replicaSets, namespace).filter((rs) => isControlledBy(rs, d.metadata.uid));
    const current = newRs ? all.find((rs) => rs.metadata.uid === newRs?.metadata.uid) : undefined;
    const { status, recheckInMs } = deploymentStatus(
      fresh,
      current,
      all.filter((rs) => rs !== current),
      nowTimestamp(this.ctx.now),
      this.ctx.now(),
    );
    const annotations = { ...(fresh.metadata.annotations ?? {}) };
    if (revision > 0 && annotations[revisionKey] !== String(revision)) {
      annotations[revisionKey] = String(revision);
      const updated = this.client.update(deployments, { ...fresh, metadata: { ...fresh.metadata, annotations } });
      this.client.updateStatus(deployments, { ...updated, status });
    } else if (!jsonEqual(withoutTimes(fresh.status), withoutTimes(status)))
      this.client.updateStatus(deployments, { ...fresh, status });
    if (recheckInMs !== undefined) this.queue.addAfter(key, recheckInMs);
  }

  private createReplicaSet(d: KubeObject, revision: number, old: KubeObject[]): KubeObject {
    const hash = templateHash(getPath(d, ['spec', 'template']), Number(getPath(d, ['status', 'collisionCount']) ?? 0));
    const selector = cloneJson((getPath(d, ['spec', 'selector']) ?? {}) as JsonObject);
    selector.matchLabels = { ...((selector.matchLabels as JsonObject | undefined) ?? {}), [hashLabel]: hash };
    const labels = {
      ...((getPath(d, ['spec', 'template', 'metadata', 'labels']) as Record<string, string> | undefined) ?? {}),
      [hashLabel]: hash,
    };
    const desired = replicasOf(d);
    const surge =
      getPath(d, ['spec', 'strategy', 'type']) === 'Recreate'
        ? 0
        : scaledValue(getPath(d, ['spec', 'strategy', 'rollingUpdate', 'maxSurge']), desired, true);
    const replicas = old.some((rs) => replicasOf(rs) > 0) ? 0 : desired;
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${String(d.metadata.name)}-${hash}`,
        namespace: d.metadata.namespace,
        labels,
        annotations: {
          [revisionKey]: String(revision),
          'deployment.kubernetes.io/desired-replicas': String(desired),
          'deployment.kubernetes.io/max-replicas': String(desired + surge),
        },
        ownerReferences: [controllerRef(d)],
      },
      spec: {
        replicas,
        minReadySeconds: getPath(d, ['spec', 'minReadySeconds']) ?? 0,
        selector,
        template: templateWithLabels(getPath(d, ['spec', 'template']), { [hashLabel]: hash }),
      },
    };
    const created = this.client.create(replicaSets, String(d.metadata.namespace), rs);
    this.events.record(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled up replica set ${String(created.metadata.name)} to ${replicas}`,
    );
    return created;
  }

  private annotate(rs: KubeObject, d: KubeObject, revision: number): KubeObject {
    return this.client.update(replicaSets, {
      ...rs,
      metadata: {
        ...rs.metadata,
        annotations: {
          ...(rs.metadata.annotations ?? {}),
          [revisionKey]: String(revision),
          'deployment.kubernetes.io/desired-replicas': String(replicasOf(d)),
        },
      },
    });
  }

  private scale(d: KubeObject, rs: KubeObject, replicas: number): void {
    if (replicasOf(rs) === replicas) return;
    const fresh = this.client.get(replicaSets, String(rs.metadata.namespace), String(rs.metadata.name));
    if (!fresh) return;
    this.client.update(replicaSets, { ...fresh, spec: { ...(fresh.spec as JsonObject), replicas } });
    this.events.record(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${replicas > replicasOf(rs) ? 'up' : 'down'} replica set ${String(rs.metadata.name)} to ${replicas}`,
    );
  }

  private recreate(d: KubeObject, newRs: KubeObject, old: KubeObject[]): void {
    for (const rs of old) this.scale(d, rs, 0);
    const oldPods = this.client
      .list('pods', String(d.metadata.namespace))
      .filter((p) => old.some((rs) => isControlledBy(p, rs.metadata.uid)));
    if (oldPods.length === 0) this.scale(d, newRs, replicasOf(d));
  }

  /** One step of the rolling update (kube-controller-manager's reconcileNewReplicaSet / reconcileOldReplicaSets). */
  private rollingUpdate(d: KubeObject, newRs: KubeObject, old: KubeObject[]): void {
    const desired = replicasOf(d);
    let maxSurge = scaledValue(getPath(d, ['spec', 'strategy', 'rollingUpdate', 'maxSurge']), desired, true);
    let maxUnavailable = scaledValue(
      getPath(d, ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable']),
      desired,
      false,
    );
    if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
    maxSurge = Math.max(0, maxSurge);
    const active = old.filter((rs) => replicasOf(rs) > 0);
    if (active.length === 0) {
      this.scale(d, newRs, desired);
      return;
    }
    const total = replicasOf(newRs) + active.reduce((n, rs) => n + replicasOf(rs), 0);
    if (replicasOf(newRs) < desired) {
      const room = desired + maxSurge - total;
      if (room > 0) this.scale(d, newRs, Math.min(desired, replicasOf(newRs) + room));
    } else if (replicasOf(newRs) > desired) this.scale(d, newRs, desired);
    const fresh = (rs: KubeObject): KubeObject =>
      this.client.get(replicaSets, String(rs.metadata.namespace), String(rs.metadata.name)) ?? rs;
    const nrs = fresh(newRs);
    const all = [nrs, ...active.map(fresh)];
    const minAvailable = desired - maxUnavailable;
    const newUnavailable = replicasOf(nrs) - availableOf(nrs);
    let budget = all.reduce((n, rs) => n + replicasOf(rs), 0) - minAvailable - newUnavailable;
    const oldest = active
      .map(fresh)
      .sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
    for (const rs of oldest) {
      if (budget <= 0) break;
      const unhealthy = Math.min(budget, replicasOf(rs) - availableOf(rs));
      if (unhealthy > 0) {
        this.scale(d, rs, replicasOf(rs) - unhealthy);
        budget -= unhealthy;
      }
    }
    const afterCleanup = [nrs, ...oldest.map(fresh)];
    let removable = afterCleanup.reduce((n, rs) => n + availableOf(rs), 0) - minAvailable;
    for (const rs of oldest.map(fresh)) {
      if (removable <= 0) break;
      const down = Math.min(replicasOf(rs), removable);
      if (down > 0) {
        this.scale(d, rs, replicasOf(rs) - down);
        removable -= down;
      }
    }
  }

  /** Deletes the oldest fully scaled-down ReplicaSets beyond `revisionHistoryLimit`. */
  private cleanup(d: KubeObject, old: KubeObject[]): void {
    const limit = Number(getPath(d, ['spec', 'revisionHistoryLimit']) ?? 10);
    const idle = old
      .filter((rs) => replicasOf(rs) === 0 && Number(getPath(rs, ['status', 'replicas']) ?? 0) === 0)
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit)))
      this.client.delete(replicaSets, String(rs.metadata.namespace), String(rs.metadata.name));
  }
}

function withoutTimes(status: unknown): unknown {
  const s = cloneJson((status ?? {}) as JsonObject);
  if (Array.isArray(s.conditions))
    s.conditions = s.conditions.map((c) => ({ ...(c as JsonObject), lastUpdateTime: null, lastTransitionTime: null }));
  return s;
}
