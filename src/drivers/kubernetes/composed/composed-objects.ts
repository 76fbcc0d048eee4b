/**
 * The Kubernetes objects of one node: CUSTOM → Deployment (+ claims of its storage directories),
 * MIDDLEWARE → StatefulSet with the catalogue's data claim and a credentials Secret, INIT → a
 * Job named by a digest of its spec (an unchanged init node is never re-run; a changed one runs
 * again as a new Job, the old one is pruned; finished Jobs are kept until the instance is
 * deleted), CLOUD_DATABASE → whatever its provider provisions. Plus, per node: the Service named
 * by its service name, a ConfigMap of inline config files, an Ingress. Deterministic: the same
 * context gives the same objects, so an upgrade's server-side apply changes only what changed.
 */
import type {
  CustomNode,
  InitNode,
  MiddlewareNode,
  ComposedNode,
  PortPair,
  ServiceSpec,
  StorageDir,
} from '../../../packages/composed/composed.types';
import { MIDDLEWARE_CATALOGUE } from '../../../packages/composed/middleware.catalogue';
import type { KubeObject } from '../kube-object.types';
import { cloudDatabaseProvider } from './cloud-database.providers';
import {
  credentialsSecretName,
  filesConfigMapName,
  INSTANCE_LABEL,
  NODE_LABEL,
  objectName,
  selectorLabels,
  shortDigest,
} from './composed-names';
import { claimSpec, meta, serviceObject } from './composed-basics';
import { podTemplate } from './composed-pod';
import type { ComposedRenderContext, JsonMap } from './composed-render.types';

export function nodeObjects(ctx: ComposedRenderContext, node: ComposedNode): KubeObject[] {
  switch (node.kind) {
    case 'CUSTOM':
      return [...common(ctx, node), ...claims(ctx, node.name, node.storage), deployment(ctx, node)];
    case 'MIDDLEWARE':
      return [...common(ctx, node), credentials(ctx, node), statefulSet(ctx, node)];
    case 'INIT':
      return [...filesOf(ctx, node), ...claims(ctx, node.name, node.storage), job(ctx, node)];
    case 'CLOUD_DATABASE':
      return cloudDatabaseProvider(node.provider).provision(ctx, node);
  }
}

function common(ctx: ComposedRenderContext, node: CustomNode | MiddlewareNode): KubeObject[] {
  const service = serviceOf(node);
  return [
    ...filesOf(ctx, node),
    ...(service && service.ports.length ? [serviceObject(ctx, node.name, service)] : []),
    ...(service && node.ingress.length ? [ingress(ctx, node, service)] : []),
  ];
}

/** A middleware node's service defaults to the engine's port under the node's name. */
function serviceOf(node: CustomNode | MiddlewareNode): ServiceSpec | undefined {
  if (node.kind === 'CUSTOM') return node.service;
  const port = MIDDLEWARE_CATALOGUE[node.middleware].port;
  const ports: PortPair[] = node.service?.ports.length
    ? [...node.service.ports]
    : [{ port, targetPort: port, protocol: 'TCP' }];
  return { name: node.service?.name ?? node.name, type: node.service?.type ?? 'ClusterIP', ports };
}

function filesOf(ctx: ComposedRenderContext, node: CustomNode | MiddlewareNode | InitNode): KubeObject[] {
  const inline = node.configFiles.flatMap((f) => (f.source === 'inline' ? [f] : []));
  if (!inline.length) return [];
  const data = Object.fromEntries(inline.map((f) => [f.name, f.content]));
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(ctx, filesConfigMapName(ctx.release, node.name), node.name),
      data,
    },
  ];
}

function claims(ctx: ComposedRenderContext, node: string, storage: readonly StorageDir[]): KubeObject[] {
  return storage.map((s) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta(ctx, objectName(ctx.release, node, s.name), node),
    spec: claimSpec(s.size, s.storageClass),
  }));
}

function ingress(ctx: ComposedRenderContext, node: CustomNode | MiddlewareNode, s: ServiceSpec): KubeObject {
  const hosts = [...new Set(node.ingress.map((r) => r.host))];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta(ctx, objectName(ctx.release, node.name), node.name),
    spec: {
      rules: hosts.map((host) => ({
        host,
        http: {
          paths: node.ingress
            .filter((r) => r.host === host)
            .map((r) => ({
              path: r.path,
              pathType: 'Prefix',
              backend: { service: { name: s.name, port: { number: r.port } } },
            })),
        },
      })),
    },
  };
}

const containerPorts = (s: ServiceSpec | undefined) =>
  (s?.ports ?? []).map((p) => ({ containerPort: p.targetPort, protocol: p.protocol }));

function deployment(ctx: ComposedRenderContext, node: CustomNode): KubeObject {
  const strategy = node.strategy;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(ctx, objectName(ctx.release, node.name), node.name),
    spec: {
      replicas: node.replicas,
      selector: { matchLabels: selectorLabels(ctx.release, node.name) },
      ...(strategy
        ? {
            strategy:
              strategy.type === 'Recreate'
                ? { type: 'Recreate' }
                : {
                    type: 'RollingUpdate',
                    rollingUpdate: {
                      ...(strategy.maxUnavailable !== undefined ? { maxUnavailable: strategy.maxUnavailable } : {}),
                      ...(strategy.maxSurge !== undefined ? { maxSurge: strategy.maxSurge } : {}),
                    },
                  },
          }
        : {}),
      template: podTemplate(ctx, node, {
        image: node.image,
        command: node.command,
        args: node.args,
        ports: containerPorts(node.service),
        standaloneClaims: true,
      }),
    },
  };
}

function credentials(ctx: ComposedRenderContext, node: MiddlewareNode): KubeObject {
  const name = credentialsSecretName(ctx.release, node.name);
  const secrets = MIDDLEWARE_CATALOGUE[node.middleware].secrets;
  const data = Object.fromEntries(
    Object.entries(secrets).map(([key, s]) => [
      key,
      Buffer.from('value' in s ? s.value : ctx.credential(name, key)).toString('base64'),
    ]),
  );
  return { apiVersion: 'v1', kind: 'Secret', metadata: meta(ctx, name, node.name), type: 'Opaque', data };
}

function statefulSet(ctx: ComposedRenderContext, node: MiddlewareNode): KubeObject {
  const engine = MIDDLEWARE_CATALOGUE[node.middleware];
  const secret = credentialsSecretName(ctx.release, node.name);
  const extraEnv = Object.entries(engine.env).map(([name, v]): JsonMap =>
    typeof v === 'string' ? { name, value: v } : { name, valueFrom: { secretKeyRef: { name: secret, key: v.secret } } },
  );
  const service = serviceOf(node)!;
  const templates = [
    { name: 'data', size: engine.size, mountPath: engine.dataDir },
    ...node.storage.map((s) => ({
      name: `storage-${s.name}`,
      size: s.size,
      mountPath: s.containerPath,
      storageClass: s.storageClass,
    })),
  ];
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(ctx, objectName(ctx.release, node.name), node.name),
    spec: {
      serviceName: service.name,
      replicas: node.replicas,
      selector: { matchLabels: selectorLabels(ctx.release, node.name) },
      updateStrategy: { type: 'RollingUpdate' },
      template: podTemplate(ctx, node, {
        image: node.image ?? engine.image,
        args: engine.args,
        ports: containerPorts(service),
        extraEnv,
        claimMounts: [{ name: 'data', mountPath: engine.dataDir }],
        readinessPort: service.ports[0].targetPort,
        standaloneClaims: false,
      }),
      volumeClaimTemplates: templates.map((t) => ({
        metadata: { name: t.name, labels: { [INSTANCE_LABEL]: ctx.release, [NODE_LABEL]: node.name } },
        spec: claimSpec(t.size, 'storageClass' in t ? t.storageClass : undefined),
      })),
    },
  };
}

function job(ctx: ComposedRenderContext, node: InitNode): KubeObject {
  const template = podTemplate(ctx, node, {
    image: node.image,
    command: node.command,
    args: node.args,
    ports: [],
    restartPolicy: 'Never',
    standaloneClaims: true,
  });
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(ctx, objectName(ctx.release, node.name, shortDigest(template)), node.name),
    spec: { backoffLimit: 3, template },
  };
}
