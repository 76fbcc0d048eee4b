/**
 * Reads what a readiness check or describe needs: the named objects, and the pods and Warning
 * events of their namespaces (one list each per namespace), plus the nodes when a Service exposes
 * node ports (an empty list when the credential may not read nodes).
 */
import type { KubeObject, ObjectRef } from '../kube-object.types';
import type { LiveState } from './readiness.types';

export interface ObjectReader {
  get(ref: ObjectRef): Promise<KubeObject | null>;
  list(apiVersion: string, kind: string, namespace: string | null): Promise<KubeObject[] | null>;
}

const WITH_PODS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'Pod']);
const forbidden = (err: unknown) => [401, 403].includes((err as { code?: number } | null)?.code ?? 0);

export class LiveReader {
  constructor(private readonly reader: ObjectReader) {}

  async read(refs: readonly ObjectRef[]): Promise<LiveState> {
    const objects = await Promise.all(refs.map(async (ref) => ({ ref, object: await this.reader.get(ref) })));
    const namespaces = [
      ...new Set(refs.filter((r) => WITH_PODS.has(r.kind) && r.namespace).map((r) => r.namespace as string)),
    ];
    const perNamespace = await Promise.all(
      namespaces.map(async (ns) => {
        const [pods, events] = await Promise.all([
          this.reader.list('v1', 'Pod', ns),
          this.reader.list('v1', 'Event', ns),
        ]);
        return { pods: pods ?? [], warnings: (events ?? []).filter((e) => e.type === 'Warning') };
      }),
    );
    const nodePorts = objects.some(
      ({ object }) =>
        object?.kind === 'Service' &&
        ['NodePort', 'LoadBalancer'].includes(String((object.spec as { type?: string } | undefined)?.type)),
    );
    return {
      objects,
      pods: perNamespace.flatMap((n) => n.pods),
      warnings: perNamespace.flatMap((n) => n.warnings),
      nodes: nodePorts ? await this.nodes() : [],
    };
  }

  private async nodes(): Promise<KubeObject[]> {
    try {
      return (await this.reader.list('v1', 'Node', null)) ?? [];
    } catch (err) {
      if (forbidden(err)) return [];
      throw err;
    }
  }
}
