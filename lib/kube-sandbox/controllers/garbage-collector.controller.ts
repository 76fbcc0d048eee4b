import type { KubeObject } from '../api/kube-object.types';
import { groupResourceOf } from '../api/resource-type';
import { foregroundFinalizer, orphanFinalizer } from '../core/deletion';
import type { StoreEvent } from '../store/store.types';
import { QueueController } from './queue.controller';

/**
 * Owner-reference garbage collection: when an owner is gone (deleted, or its uid no longer
 * matches), dependents are deleted in the background; an owner held by `foregroundDeletion`
 * loses its finalizer once its dependents are gone; `orphan` strips the owner references from
 * dependents first. Keys are owner uids.
 */
export class GarbageCollectorController extends QueueController {
  readonly name = 'garbage-collector';
  private readonly ownerIndex = new Map<string, { groupResource: string; namespace: string; name: string }>();

  protected onEvent(e: StoreEvent): void {
    const uid = String(e.object.metadata.uid);
    if (e.type === 'DELETED') {
      this.ownerIndex.delete(uid);
      this.queue.add(uid);
      return;
    }
    this.ownerIndex.set(uid, { groupResource: e.key.groupResource, namespace: e.key.namespace, name: e.key.name });
    const fins = e.object.metadata.finalizers ?? [];
    if (e.object.metadata.deletionTimestamp && (fins.includes(foregroundFinalizer) || fins.includes(orphanFinalizer)))
      this.queue.add(uid);
    for (const ref of e.object.metadata.ownerReferences ?? []) if (!this.ownerExists(ref.uid)) this.queue.add(ref.uid);
  }

  protected override resync(): void {
    for (const t of this.ctx.registry.storageTypes()) {
      for (const o of this.ctx.store.list(groupResourceOf(t)))
        this.ownerIndex.set(String(o.metadata.uid), {
          groupResource: groupResourceOf(t),
          namespace: o.metadata.namespace ?? '',
          name: String(o.metadata.name),
        });
    }
    for (const t of this.ctx.registry.storageTypes()) {
      for (const o of this.ctx.store.list(groupResourceOf(t)))
        for (const ref of o.metadata.ownerReferences ?? []) if (!this.ownerExists(ref.uid)) this.queue.add(ref.uid);
    }
  }

  private ownerExists(uid: string): boolean {
    const at = this.ownerIndex.get(uid);
    return !!at && this.ctx.store.get(at)?.metadata.uid === uid;
  }

  private dependentsOf(uid: string): { groupResource: string; object: KubeObject }[] {
    const out: { groupResource: string; object: KubeObject }[] = [];
    for (const t of this.ctx.registry.storageTypes()) {
      const gr = groupResourceOf(t);
      for (const o of this.ctx.store.list(gr))
        if ((o.metadata.ownerReferences ?? []).some((r) => r.uid === uid)) out.push({ groupResource: gr, object: o });
    }
    return out;
  }

  protected reconcile(uid: string): void {
    const at = this.ownerIndex.get(uid);
    const owner = at ? this.ctx.store.get(at) : undefined;
    const dependents = this.dependentsOf(uid);
    if (!owner || owner.metadata.uid !== uid) {
      for (const d of dependents) {
        const others = (d.object.metadata.ownerReferences ?? []).filter(
          (r) => r.uid !== uid && this.ownerExists(r.uid),
        );
        if (others.length === 0)
          this.client.delete(
            d.groupResource,
            d.object.metadata.namespace ?? '',
            String(d.object.metadata.name),
            'Background',
          );
        else this.removeOwnerRef(d.groupResource, d.object, uid);
      }
      return;
    }
    const fins = owner.metadata.finalizers ?? [];
    if (fins.includes(orphanFinalizer)) {
      for (const d of dependents) this.removeOwnerRef(d.groupResource, d.object, uid);
      this.dropFinalizer(at!.groupResource, owner, orphanFinalizer);
    } else if (fins.includes(foregroundFinalizer)) {
      const live = dependents.filter((d) => !d.object.metadata.deletionTimestamp);
      for (const d of live)
        this.client.delete(
          d.groupResource,
          d.object.metadata.namespace ?? '',
          String(d.object.metadata.name),
          'Foreground',
        );
      if (dependents.length === 0) this.dropFinalizer(at!.groupResource, owner, foregroundFinalizer);
      else this.queue.addAfter(uid, 50);
    }
  }

  private removeOwnerRef(groupResource: string, obj: KubeObject, uid: string): void {
    const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
    const metadata = { ...obj.metadata, ownerReferences: refs.length ? refs : undefined };
    this.client.update(groupResource, { ...obj, metadata });
  }

  private dropFinalizer(groupResource: string, owner: KubeObject, finalizer: string): void {
    const next = {
      ...owner,
      metadata: { ...owner.metadata, finalizers: (owner.metadata.finalizers ?? []).filter((f) => f !== finalizer) },
    };
    this.client.update(groupResource, next);
  }
}
