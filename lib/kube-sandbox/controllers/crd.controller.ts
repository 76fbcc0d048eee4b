import { getPath } from '../api/kube-object.types';
import { crdCleanupFinalizer } from '../core/crd.strategy';
import type { StoreEvent } from '../store/store.types';
import { QueueController } from './queue.controller';

const crds = 'customresourcedefinitions.apiextensions.k8s.io';

/** Deletes all custom resources of a CRD being deleted, then releases the CRD's cleanup finalizer. */
export class CrdController extends QueueController {
  readonly name = 'crd-cleanup';

  protected onEvent(e: StoreEvent): void {
    if (e.key.groupResource === crds && e.type !== 'DELETED' && e.object.metadata.deletionTimestamp)
      this.queue.add(e.key.name);
  }

  protected override resync(): void {
    for (const c of this.ctx.store.list(crds))
      if (c.metadata.deletionTimestamp) this.queue.add(String(c.metadata.name));
  }

  protected reconcile(name: string): void {
    const crd = this.client.get(crds, '', name);
    if (!crd || !crd.metadata.deletionTimestamp) return;
    const gr = `${String(getPath(crd, ['spec', 'names', 'plural']))}.${String(getPath(crd, ['spec', 'group']))}`;
    const items = this.ctx.store.list(gr);
    for (const o of items)
      if (!o.metadata.deletionTimestamp) this.client.delete(gr, o.metadata.namespace ?? '', String(o.metadata.name));
    if (this.ctx.store.count(gr) > 0) {
      this.queue.addAfter(name, 50);
      return;
    }
    this.client.update(crds, {
      ...crd,
      metadata: {
        ...crd.metadata,
        finalizers: (crd.metadata.finalizers ?? []).filter((f) => f !== crdCleanupFinalizer),
      },
    });
  }
}
