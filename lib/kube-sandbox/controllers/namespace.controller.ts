import { isJsonObject, type JsonObject } from '../api/kube-object.types';
import { groupResourceOf } from '../api/resource-type';
import { finalizeNamespace } from '../core/namespace-finalize';
import type { StoreEvent } from '../store/store.types';
import { QueueController } from './queue.controller';

/**
 * Namespace lifecycle: deletes everything inside a terminating namespace, then removes the
 * `kubernetes` finalizer so the namespace goes away. Also gives every namespace its `default`
 * ServiceAccount (the serviceaccounts controller's job in a real cluster).
 */
export class NamespaceController extends QueueController {
  readonly name = 'namespace';

  protected onEvent(e: StoreEvent): void {
    if (e.key.groupResource === 'namespaces' && e.type !== 'DELETED') this.queue.add(e.key.name);
    else if (e.key.namespace && e.type === 'DELETED') {
      const ns = this.ctx.store.get({ groupResource: 'namespaces', namespace: '', name: e.key.namespace });
      if (ns?.metadata.deletionTimestamp) this.queue.add(e.key.namespace);
    } else if (
      e.key.groupResource === 'serviceaccounts' &&
      e.type === 'DELETED' &&
      e.object.metadata.name === 'default'
    )
      this.queue.add(e.key.namespace);
  }

  protected override resync(): void {
    for (const ns of this.ctx.store.list('namespaces')) this.queue.add(String(ns.metadata.name));
  }

  protected reconcile(name: string): void {
    const ns = this.client.get('namespaces', '', name);
    if (!ns) return;
    if (!ns.metadata.deletionTimestamp) {
      if (!this.client.get('serviceaccounts', name, 'default')) {
        this.client.create('serviceaccounts', name, {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'default', namespace: name },
        });
      }
      return;
    }
    let remaining = 0;
    for (const t of this.ctx.registry.storageTypes()) {
      if (!t.namespaced) continue;
      const gr = groupResourceOf(t);
      for (const o of this.ctx.store.list(gr, name)) {
        remaining++;
        if (!o.metadata.deletionTimestamp) this.client.delete(gr, name, String(o.metadata.name), 'Background');
      }
    }
    if (remaining > 0) {
      this.queue.addAfter(name, 50);
      return;
    }
    const spec = isJsonObject(ns.spec) ? (ns.spec as JsonObject) : {};
    const finalizers = Array.isArray(spec.finalizers)
      ? spec.finalizers.filter((f): f is string => typeof f === 'string' && f !== 'kubernetes')
      : [];
    finalizeNamespace(this.ctx.api, name, finalizers);
  }
}
