import { getPath, jsonEqual, type JsonObject, type KubeObject } from '../api/kube-object.types';
import type { StoreEvent } from '../store/store.types';
import { objectKey, splitKey } from './cluster-client';
import { QueueController } from './queue.controller';

/**
 * Cloud-provider stand-in: LoadBalancer Services get `status.loadBalancer.ingress` with an
 * address from the sandbox pool (kept for the Service's life); Ingresses get the address of the
 * simulated ingress controller.
 */
export class LoadBalancerController extends QueueController {
  readonly name = 'service-lb';

  protected onEvent(e: StoreEvent): void {
    if (
      (e.key.groupResource === 'services' || e.key.groupResource === 'ingresses.networking.k8s.io') &&
      e.type !== 'DELETED'
    )
      this.queue.add(`${e.key.groupResource}|${objectKey(e.object)}`);
  }

  protected override resync(): void {
    for (const gr of ['services', 'ingresses.networking.k8s.io'])
      for (const o of this.ctx.store.list(gr)) this.queue.add(`${gr}|${objectKey(o)}`);
  }

  private pool(offset: number): string {
    const parts = this.ctx.settings.loadBalancerIpBase.split('.').map(Number);
    const last = parts[3] + offset;
    return `${parts[0]}.${parts[1]}.${parts[2] + Math.floor(last / 254)}.${last % 254 || 254}`;
  }

  /** The ingress controller's address: the pool's first address. */
  private ingressAddress(): string {
    return this.pool(0);
  }

  private allocate(self: Readonly<KubeObject>): string {
    const used = new Set(
      this.ctx.store
        .list('services')
        .filter((s) => s.metadata.uid !== self.metadata.uid)
        .map((s) => String(getPath(s, ['status', 'loadBalancer', 'ingress', '0', 'ip']) ?? '')),
    );
    for (let i = 1; i < 5000; i++) if (!used.has(this.pool(i))) return this.pool(i);
    return this.pool(1);
  }

  protected reconcile(key: string): void {
    const [gr, rest] = key.split('|');
    const { namespace, name } = splitKey(rest);
    const obj = this.client.get(gr, namespace, name);
    if (!obj || obj.metadata.deletionTimestamp) return;
    let wanted: JsonObject[];
    if (gr === 'services') {
      const isLb = getPath(obj, ['spec', 'type']) === 'LoadBalancer';
      const current = getPath(obj, ['status', 'loadBalancer', 'ingress', '0', 'ip']);
      wanted = isLb ? [{ ip: typeof current === 'string' ? current : this.allocate(obj), ipMode: 'VIP' }] : [];
    } else wanted = [{ ip: this.ingressAddress() }];
    const loadBalancer = wanted.length ? { ingress: wanted } : {};
    if (jsonEqual(getPath(obj, ['status', 'loadBalancer']) ?? {}, loadBalancer)) return;
    this.client.updateStatus(gr, { ...obj, status: { ...((obj.status as JsonObject) ?? {}), loadBalancer } });
  }
}
