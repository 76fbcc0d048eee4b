import { getPath, isJsonObject, jsonEqual, type JsonObject, type KubeObject } from '../api/kube-object.types';
import { selectorFromObject } from '../api/label-selector';
import type { StoreEvent } from '../store/store.types';
import { objectKey, splitKey } from './cluster-client';
import { specContainers } from './pod-status';
import { isPodReady } from './pod-template';
import { QueueController } from './queue.controller';

const slices = 'endpointslices.discovery.k8s.io';

interface PortMapping {
  name?: string;
  port: number;
  protocol: string;
}

/**
 * Endpoints and EndpointSlice controller: for every Service with a selector, lists the matching
 * pods that have an IP — ready ones as addresses, others as not-ready — and resolves target
 * ports (named container ports included).
 */
export class EndpointsController extends QueueController {
  readonly name = 'endpoints';

  protected onEvent(e: StoreEvent): void {
    if (e.key.groupResource === 'services') this.queue.add(objectKey(e.object));
    else if (e.key.groupResource === 'pods')
      for (const s of this.ctx.store.list('services', e.key.namespace)) this.queue.add(objectKey(s));
  }

  protected override resync(): void {
    for (const s of this.ctx.store.list('services')) this.queue.add(objectKey(s));
  }

  private targetPort(svcPort: JsonObject, pod: Readonly<KubeObject>): number | undefined {
    const target = svcPort.targetPort ?? svcPort.port;
    if (typeof target === 'number') return target;
    for (const c of specContainers(pod))
      for (const p of Array.isArray(c.ports) ? c.ports.filter(isJsonObject) : [])
        if (p.name === target) return Number(p.containerPort);
    return /^\d+$/.test(String(target)) ? Number(target) : undefined;
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const svc = this.client.get('services', namespace, name);
    const selector = svc ? getPath(svc, ['spec', 'selector']) : undefined;
    if (!svc || !isJsonObject(selector) || Object.keys(selector).length === 0) {
      if (!svc) this.removeSlices(namespace, name);
      return;
    }
    const sel = selectorFromObject({ matchLabels: selector });
    const pods = this.client
      .list('pods', namespace, sel)
      .filter(
        (p) =>
          getPath(p, ['status', 'podIP']) &&
          !p.metadata.deletionTimestamp &&
          getPath(p, ['status', 'phase']) !== 'Succeeded' &&
          getPath(p, ['status', 'phase']) !== 'Failed',
      );
    const svcPorts = (getPath(svc, ['spec', 'ports']) as JsonObject[] | undefined) ?? [];
    const first = pods[0];
    const ports: PortMapping[] = svcPorts.map((p) => ({
      ...(p.name ? { name: String(p.name) } : {}),
      port: (first && this.targetPort(p, first)) ?? Number(p.port),
      protocol: String(p.protocol ?? 'TCP'),
    }));
    const publishNotReady = getPath(svc, ['spec', 'publishNotReadyAddresses']) === true;
    const address = (p: KubeObject): JsonObject => ({
      ip: String(getPath(p, ['status', 'podIP'])),
      nodeName: String(getPath(p, ['spec', 'nodeName']) ?? ''),
      targetRef: { kind: 'Pod', namespace, name: String(p.metadata.name), uid: String(p.metadata.uid) },
    });
    const ready = pods.filter((p) => publishNotReady || isPodReady(p));
    const notReady = pods.filter((p) => !ready.includes(p));
    const subset: JsonObject = { ports: ports as unknown as JsonObject[] };
    if (ready.length) subset.addresses = ready.map(address);
    if (notReady.length) subset.notReadyAddresses = notReady.map(address);
    const subsets = pods.length ? [subset] : [];
    this.upsert(
      'endpoints',
      namespace,
      name,
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name, namespace, labels: { ...(svc.metadata.labels ?? {}) } },
        subsets,
      },
      (o) => o.subsets ?? [],
    );
    const endpoints = pods.map((p) => ({
      addresses: [String(getPath(p, ['status', 'podIP']))],
      conditions: { ready: isPodReady(p), serving: isPodReady(p), terminating: false },
      nodeName: String(getPath(p, ['spec', 'nodeName']) ?? ''),
      targetRef: { kind: 'Pod', namespace, name: String(p.metadata.name), uid: String(p.metadata.uid) },
    }));
    const sliceName = `${name}-sandbox`;
    this.upsert(
      slices,
      namespace,
      sliceName,
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          name: sliceName,
          namespace,
          labels: {
            'kubernetes.io/service-name': name,
            'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
          },
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'Service',
              name,
              uid: String(svc.metadata.uid),
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        addressType: 'IPv4',
        endpoints,
        ports: ports as unknown as JsonObject[],
      },
      (o) => [o.endpoints ?? null, o.ports ?? null],
    );
  }

  private upsert(
    gr: string,
    namespace: string,
    name: string,
    desired: KubeObject,
    payload: (o: Readonly<KubeObject>) => unknown,
  ): void {
    const current = this.client.get(gr, namespace, name);
    if (!current) {
      this.client.create(gr, namespace, desired);
      return;
    }
    if (jsonEqual(payload(current), payload(desired))) return;
    this.client.update(gr, { ...desired, metadata: { ...current.metadata, labels: desired.metadata.labels } });
  }

  private removeSlices(namespace: string, name: string): void {
    this.client.delete('endpoints', namespace, name);
  }
}
