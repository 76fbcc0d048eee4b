/** Metadata, Services and claim specs shared by node objects and cloud database providers. */
import type { ServiceSpec } from '../../../packages/composed/composed.types';
import type { KubeObject } from '../kube-object.types';
import { selectorLabels } from './composed-names';
import type { ComposedRenderContext, JsonMap } from './composed-render.types';

export function meta(
  ctx: ComposedRenderContext,
  name: string,
  node: string,
  extra: JsonMap = {},
): KubeObject['metadata'] {
  return { name, namespace: ctx.namespace, labels: selectorLabels(ctx.release, node), ...extra };
}

export function serviceObject(ctx: ComposedRenderContext, node: string, s: ServiceSpec): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(ctx, s.name, node),
    spec: {
      type: s.type,
      selector: selectorLabels(ctx.release, node),
      ports: s.ports.map((p) => ({
        name: `${p.protocol.toLowerCase()}-${p.port}`,
        port: p.port,
        targetPort: p.targetPort,
        protocol: p.protocol,
        ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
      })),
    },
  };
}

export function claimSpec(size: string, storageClass?: string): JsonMap {
  return {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: size } },
    ...(storageClass ? { storageClassName: storageClass } : {}),
  };
}
