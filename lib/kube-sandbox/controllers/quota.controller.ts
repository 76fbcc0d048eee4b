import { getPath, isJsonObject, jsonEqual, type JsonObject } from '../api/kube-object.types';
import { formatQuantity } from '../core/quantity';
import { namespaceUsage } from '../core/quota.admission';
import type { StoreEvent } from '../store/store.types';
import { objectKey, splitKey } from './cluster-client';
import { QueueController } from './queue.controller';

/** ResourceQuota controller: keeps `status.hard` and `status.used` of every quota current. */
export class QuotaController extends QueueController {
  readonly name = 'resourcequota';

  protected onEvent(e: StoreEvent): void {
    if (!e.key.namespace || e.key.groupResource === 'events') return;
    for (const q of this.ctx.store.list('resourcequotas', e.key.namespace)) this.queue.add(objectKey(q));
  }

  protected override resync(): void {
    for (const q of this.ctx.store.list('resourcequotas')) this.queue.add(objectKey(q));
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const quota = this.client.get('resourcequotas', namespace, name);
    if (!quota) return;
    const hard = isJsonObject(getPath(quota, ['spec', 'hard'])) ? (getPath(quota, ['spec', 'hard']) as JsonObject) : {};
    const used: JsonObject = {};
    for (const k of Object.keys(hard))
      used[k] = formatQuantity(
        namespaceUsage(this.ctx.store, this.ctx.registry, namespace, k),
        k.includes('memory') || k.includes('storage'),
      );
    const status = { hard, used };
    if (jsonEqual(quota.status, status)) return;
    this.client.updateStatus('resourcequotas', { ...quota, status });
  }
}
