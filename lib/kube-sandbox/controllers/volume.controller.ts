import { getPath, isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';
import { parseQuantity } from '../core/quantity';
import type { StoreEvent } from '../store/store.types';
import { objectKey, splitKey } from './cluster-client';
import { EventRecorder } from './event-recorder';
import { QueueController } from './queue.controller';

const pvcs = 'persistentvolumeclaims';
const pvs = 'persistentvolumes';
const classes = 'storageclasses.storage.k8s.io';

/**
 * Persistent volume controller and provisioner: a Pending claim with a known StorageClass gets a
 * dynamically provisioned PersistentVolume (`pvc-<uid>`) and both become Bound; a claim without a
 * class binds to a matching Available volume. Deleting a claim deletes (or releases) its volume
 * per the reclaim policy.
 */
export class VolumeController extends QueueController {
  readonly name = 'persistentvolume-binder';
  private events!: EventRecorder;

  protected onEvent(e: StoreEvent): void {
    if (e.key.groupResource === pvcs) {
      const volumeName = getPath(e.object, ['spec', 'volumeName']);
      if (e.type === 'DELETED' && typeof volumeName === 'string')
        this.queue.add(`release|${volumeName}|${String(e.object.metadata.uid)}`);
      else if (getPath(e.object, ['status', 'phase']) !== 'Bound') this.queue.add(objectKey(e.object));
    } else if (e.key.groupResource === classes || (e.key.groupResource === pvs && e.type !== 'DELETED')) {
      for (const c of this.ctx.store.list(pvcs))
        if (getPath(c, ['status', 'phase']) !== 'Bound') this.queue.add(objectKey(c));
    }
  }

  protected override resync(): void {
    this.events = new EventRecorder(this.client, 'persistentvolume-controller');
    for (const c of this.ctx.store.list(pvcs))
      if (getPath(c, ['status', 'phase']) !== 'Bound') this.queue.add(objectKey(c));
  }

  protected reconcile(key: string): void {
    if (key.startsWith('release|')) {
      const [, volumeName, uid] = key.split('|');
      return this.release(volumeName, uid);
    }
    const { namespace, name } = splitKey(key);
    const claim = this.client.get(pvcs, namespace, name);
    if (!claim || claim.metadata.deletionTimestamp || getPath(claim, ['status', 'phase']) === 'Bound') return;
    const className = getPath(claim, ['spec', 'storageClassName']);
    const storageClass =
      typeof className === 'string' && className ? this.client.get(classes, '', className) : undefined;
    const volume = storageClass ? this.provision(claim, storageClass) : this.findStatic(claim);
    if (!volume) {
      if (typeof className === 'string' && className && !storageClass)
        this.events.record(
          claim,
          'Warning',
          'ProvisioningFailed',
          `storageclass.storage.k8s.io "${className}" not found`,
        );
      return;
    }
    this.bind(claim, volume);
  }

  private requested(claim: Readonly<KubeObject>): string {
    return String(getPath(claim, ['spec', 'resources', 'requests', 'storage']) ?? '1Gi');
  }

  private provision(claim: KubeObject, storageClass: KubeObject): KubeObject {
    const name = `pvc-${String(claim.metadata.uid)}`;
    const existing = this.client.get(pvs, '', name);
    if (existing) return existing;
    const pv = this.client.create(pvs, '', {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: {
        name,
        annotations: { 'pv.kubernetes.io/provisioned-by': String(storageClass.provisioner ?? 'sandbox') },
      },
      spec: {
        capacity: { storage: this.requested(claim) },
        accessModes: (getPath(claim, ['spec', 'accessModes']) ?? ['ReadWriteOnce']) as string[],
        persistentVolumeReclaimPolicy: String(storageClass.reclaimPolicy ?? 'Delete'),
        storageClassName: String(storageClass.metadata.name),
        volumeMode: String(getPath(claim, ['spec', 'volumeMode']) ?? 'Filesystem'),
        hostPath: { path: `/var/lib/marina-sandbox/${name}`, type: 'DirectoryOrCreate' },
        claimRef: {
          kind: 'PersistentVolumeClaim',
          namespace: claim.metadata.namespace ?? '',
          name: claim.metadata.name ?? '',
          uid: claim.metadata.uid ?? '',
          apiVersion: 'v1',
        },
      },
    });
    this.events.record(claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${name}`);
    return pv;
  }

  private findStatic(claim: KubeObject): KubeObject | undefined {
    const want = parseQuantity(this.requested(claim));
    return this.client.list(pvs).find((pv) => {
      const phase = getPath(pv, ['status', 'phase']);
      const cls = String(getPath(pv, ['spec', 'storageClassName']) ?? '');
      return (
        (phase === undefined || phase === 'Available') &&
        !getPath(pv, ['spec', 'claimRef']) &&
        cls === String(getPath(claim, ['spec', 'storageClassName']) ?? '') &&
        parseQuantity(getPath(pv, ['spec', 'capacity', 'storage'])) >= want
      );
    });
  }

  private bind(claim: KubeObject, pv: KubeObject): void {
    const claimRef = {
      kind: 'PersistentVolumeClaim',
      namespace: claim.metadata.namespace ?? '',
      name: claim.metadata.name ?? '',
      uid: claim.metadata.uid ?? '',
      apiVersion: 'v1',
    };
    const boundPv = getPath(pv, ['spec', 'claimRef'])
      ? pv
      : this.client.update(pvs, { ...pv, spec: { ...(pv.spec as JsonObject), claimRef } });
    if (getPath(boundPv, ['status', 'phase']) !== 'Bound')
      this.client.updateStatus(pvs, { ...boundPv, status: { phase: 'Bound' } });
    const annotations = {
      ...(claim.metadata.annotations ?? {}),
      'pv.kubernetes.io/bind-completed': 'yes',
      'pv.kubernetes.io/bound-by-controller': 'yes',
    };
    const updated = this.client.update(pvcs, {
      ...claim,
      metadata: { ...claim.metadata, annotations },
      spec: { ...(claim.spec as JsonObject), volumeName: String(pv.metadata.name) },
    });
    this.client.updateStatus(pvcs, {
      ...updated,
      status: {
        phase: 'Bound',
        accessModes: (getPath(pv, ['spec', 'accessModes']) ?? ['ReadWriteOnce']) as string[],
        capacity: {
          ...(isJsonObject(getPath(pv, ['spec', 'capacity'])) ? (getPath(pv, ['spec', 'capacity']) as JsonObject) : {}),
        },
      },
    });
  }

  /** A deleted claim's volume is deleted (reclaim policy Delete) or marked Released (Retain). */
  private release(volumeName: string, claimUid: string): void {
    const pv = this.client.get(pvs, '', volumeName);
    if (!pv || getPath(pv, ['spec', 'claimRef', 'uid']) !== claimUid) return;
    if (getPath(pv, ['spec', 'persistentVolumeReclaimPolicy']) === 'Delete') this.client.delete(pvs, '', volumeName);
    else this.client.updateStatus(pvs, { ...pv, status: { phase: 'Released' } });
  }
}
