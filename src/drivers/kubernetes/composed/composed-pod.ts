/**
 * The pod template of a node that runs containers: one container with the node's image, command,
 * ports, environment, resources and mounts — config files by subPath (the directory around them
 * stays visible), host paths with their HostPathType, storage directories on claims, and the log
 * directory on an emptyDir announced by the `marina.io/log-dir` annotation for the node's log
 * collector — plus host network and scheduling (node selector, named hosts, pod (anti-)affinity).
 */
import type { ConfigFile, Resources, Scheduling, WorkloadNode } from '../../../packages/composed/composed.types';
import { containerEnv } from './composed-env';
import {
  COMPONENT_LABEL,
  filesConfigMapName,
  LOG_DIR_ANNOTATION,
  objectName,
  selectorLabels,
  INSTANCE_LABEL,
  NODE_LABEL,
} from './composed-names';
import type { ComposedRenderContext, JsonMap } from './composed-render.types';

export interface ContainerSpec {
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly ports: readonly { readonly containerPort: number; readonly protocol: string }[];
  /** Variables defined before the node's own (a middleware engine's). */
  readonly extraEnv?: readonly JsonMap[];
  /** Mounts of claims the workload itself provides (StatefulSet claim templates). */
  readonly claimMounts?: readonly { readonly name: string; readonly mountPath: string }[];
  readonly readinessPort?: number;
  readonly restartPolicy?: 'Always' | 'Never' | 'OnFailure';
  /** Storage directories are mounted from standalone claims (Deployments, Jobs), not claim templates. */
  readonly standaloneClaims: boolean;
}

export function podTemplate(ctx: ComposedRenderContext, node: WorkloadNode, spec: ContainerSpec): JsonMap {
  const { volumes, mounts } = volumesOf(ctx, node, spec);
  const { env, envFrom } = containerEnv(ctx, node, spec.extraEnv);
  const container: JsonMap = {
    name: node.name,
    image: spec.image,
    ...(spec.command ? { command: [...spec.command] } : {}),
    ...(spec.args ? { args: [...spec.args] } : {}),
    ...(spec.ports.length ? { ports: spec.ports.map((p) => ({ ...p })) } : {}),
    ...(env.length ? { env } : {}),
    ...(envFrom.length ? { envFrom } : {}),
    ...(node.resources ? { resources: resourcesOf(node.resources) } : {}),
    ...(mounts.length ? { volumeMounts: mounts } : {}),
    ...(spec.readinessPort
      ? { readinessProbe: { tcpSocket: { port: spec.readinessPort }, initialDelaySeconds: 5, periodSeconds: 10 } }
      : {}),
  };
  const hostNetwork = node.kind !== 'INIT' && node.hostNetwork;
  const podSpec: JsonMap = {
    containers: [container],
    ...(spec.restartPolicy ? { restartPolicy: spec.restartPolicy } : {}),
    ...(hostNetwork ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
    ...(Object.keys(node.scheduling.nodeSelector).length ? { nodeSelector: { ...node.scheduling.nodeSelector } } : {}),
    ...affinityOf(ctx.release, node.scheduling),
    ...(volumes.length ? { volumes } : {}),
  };
  return {
    metadata: {
      labels: { ...selectorLabels(ctx.release, node.name), [COMPONENT_LABEL]: node.kind.toLowerCase() },
      ...(node.logDir ? { annotations: { [LOG_DIR_ANNOTATION]: node.logDir } } : {}),
    },
    spec: podSpec,
  };
}

function resourcesOf(r: Resources): JsonMap {
  const part = (q: Resources['requests']): JsonMap => ({ ...q }) as JsonMap;
  return {
    ...(Object.keys(r.requests).length ? { requests: part(r.requests) } : {}),
    ...(Object.keys(r.limits).length ? { limits: part(r.limits) } : {}),
  };
}

function volumesOf(
  ctx: ComposedRenderContext,
  node: WorkloadNode,
  spec: ContainerSpec,
): { volumes: JsonMap[]; mounts: JsonMap[] } {
  const volumes: JsonMap[] = [];
  const mounts: JsonMap[] = [];
  const inline = node.configFiles.filter((f) => f.source === 'inline');
  if (inline.length) volumes.push({ name: 'files', configMap: { name: filesConfigMapName(ctx.release, node.name) } });
  const external = [...new Set(node.configFiles.flatMap((f) => (f.source === 'configMap' ? [f.configMap] : [])))];
  external.forEach((name, i) => volumes.push({ name: `config-${i}`, configMap: { name } }));
  for (const f of node.configFiles) mounts.push(configMount(f, external));
  node.hostPaths.forEach((h, i) => {
    volumes.push({ name: `host-${i}`, hostPath: { path: h.hostPath, ...(h.type ? { type: h.type } : {}) } });
    mounts.push({ name: `host-${i}`, mountPath: h.containerPath, ...(h.readOnly ? { readOnly: true } : {}) });
  });
  for (const s of node.storage) {
    const name = `storage-${s.name}`;
    if (spec.standaloneClaims)
      volumes.push({ name, persistentVolumeClaim: { claimName: objectName(ctx.release, node.name, s.name) } });
    mounts.push({ name, mountPath: s.containerPath });
  }
  for (const c of spec.claimMounts ?? []) mounts.push({ name: c.name, mountPath: c.mountPath });
  if (node.logDir) {
    volumes.push({ name: 'logs', emptyDir: {} });
    mounts.push({ name: 'logs', mountPath: node.logDir });
  }
  return { volumes, mounts };
}

function configMount(f: ConfigFile, external: readonly string[]): JsonMap {
  if (f.source === 'inline') return { name: 'files', mountPath: f.mountPath, subPath: f.name, readOnly: true };
  return { name: `config-${external.indexOf(f.configMap)}`, mountPath: f.mountPath, subPath: f.key, readOnly: true };
}

function affinityOf(release: string, s: Scheduling): JsonMap {
  const affinity: JsonMap = {};
  if (s.hosts.length)
    affinity.nodeAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [...s.hosts] }] },
        ],
      },
    };
  const terms = (nodes: readonly string[]) =>
    nodes.map((n) => ({
      labelSelector: { matchLabels: { [INSTANCE_LABEL]: release, [NODE_LABEL]: n } },
      topologyKey: 'kubernetes.io/hostname',
    }));
  if (s.affinity.length) affinity.podAffinity = { requiredDuringSchedulingIgnoredDuringExecution: terms(s.affinity) };
  if (s.antiAffinity.length)
    affinity.podAntiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: terms(s.antiAffinity) };
  return Object.keys(affinity).length ? { affinity } : {};
}
