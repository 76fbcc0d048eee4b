/**
 * The live state shown on dashboards: resources with health, the pods of the workloads as nodes
 * (role: the pod's `app.kubernetes.io/component` label, else the owning workload's name), and
 * endpoints: NodePorts on each node's address, load-balancer addresses, ingress hosts, and
 * ClusterIP services.
 */
import type { Endpoint, NodeStatus, ResourceHealth, ResourceStatus } from '../../runtime-driver.types';
import type { KubeObject } from '../kube-object.types';
import { assessResources } from './assess-readiness';
import { condition, list, num, str, type Json } from './object-fields';
import { podProblems, podsOf } from './pod-problems';
import type { HealthContext, LiveState, ReadinessThresholds } from './readiness.types';

function podNode(
  pod: KubeObject,
  owner: string,
  live: LiveState,
  ctx: HealthContext,
  t: ReadinessThresholds,
): NodeStatus {
  const phase = str(pod, 'status', 'phase') ?? 'Pending';
  const ready = condition(pod, 'Ready')?.status === 'True';
  const problem = podProblems([pod], live.warnings, ctx, t)[0];
  const waiting = list(pod, 'status', 'containerStatuses')
    .map((c) => str(c, 'state', 'waiting', 'reason'))
    .find((r) => r);
  let health: ResourceHealth = 'PROGRESSING';
  if (phase === 'Succeeded' || (phase === 'Running' && ready)) health = 'HEALTHY';
  else if (phase === 'Failed' || problem?.terminal) health = 'DEGRADED';
  return {
    role: pod.metadata.labels?.['app.kubernetes.io/component'] ?? owner,
    name: pod.metadata.name,
    providerId: str(pod, 'metadata', 'uid') ?? null,
    privateIp: str(pod, 'status', 'podIP') ?? null,
    status: waiting ?? (phase === 'Running' && !ready ? 'NotReady' : phase),
    health,
  };
}

function nodeAddresses(nodes: readonly KubeObject[]): string[] {
  const pick = (n: KubeObject) => {
    const addresses = list(n, 'status', 'addresses');
    const by = (type: string) => addresses.find((a) => a.type === type)?.address;
    return (by('ExternalIP') ?? by('InternalIP')) as string | undefined;
  };
  return nodes.map(pick).filter((a): a is string => typeof a === 'string');
}

function serviceEndpoints(svc: KubeObject, nodes: string[]): Endpoint[] {
  const name = svc.metadata.name;
  const ports = list(svc, 'spec', 'ports');
  const protocol = (p: Json) => (typeof p.protocol === 'string' ? p.protocol : 'TCP');
  const type = str(svc, 'spec', 'type') ?? 'ClusterIP';
  const out: Endpoint[] = [];
  const clusterIp = str(svc, 'spec', 'clusterIP');
  if (clusterIp && clusterIp !== 'None')
    for (const p of ports)
      out.push({ kind: 'ClusterIP', name, address: clusterIp, port: num(p, 'port') ?? null, protocol: protocol(p) });
  if (type === 'NodePort' || type === 'LoadBalancer')
    for (const p of ports.filter((x) => typeof x.nodePort === 'number'))
      for (const address of nodes)
        out.push({ kind: 'NodePort', name, address, port: num(p, 'nodePort')!, protocol: protocol(p) });
  if (type === 'LoadBalancer')
    for (const lb of list(svc, 'status', 'loadBalancer', 'ingress'))
      for (const p of ports) {
        const address = str(lb, 'ip') ?? str(lb, 'hostname');
        if (address)
          out.push({ kind: 'LoadBalancer', name, address, port: num(p, 'port') ?? null, protocol: protocol(p) });
      }
  return out;
}

function ingressEndpoints(ing: KubeObject): Endpoint[] {
  const name = ing.metadata.name;
  const tlsHosts = new Set(
    list(ing, 'spec', 'tls').flatMap((t) => (Array.isArray(t.hosts) ? (t.hosts as string[]) : [])),
  );
  const hosts = list(ing, 'spec', 'rules')
    .map((r) => str(r, 'host'))
    .filter((h): h is string => !!h);
  const out: Endpoint[] = hosts.map((host) => ({
    kind: 'Ingress',
    name,
    address: host,
    port: tlsHosts.has(host) ? 443 : 80,
    protocol: tlsHosts.has(host) ? 'HTTPS' : 'HTTP',
  }));
  for (const lb of list(ing, 'status', 'loadBalancer', 'ingress')) {
    const address = str(lb, 'ip') ?? str(lb, 'hostname');
    if (address) out.push({ kind: 'LoadBalancer', name, address, port: 80, protocol: 'HTTP' });
  }
  return out;
}

export interface LiveDescription {
  resources: ResourceStatus[];
  nodes: NodeStatus[];
  endpoints: Endpoint[];
}

export function describeLive(live: LiveState, ctx: HealthContext, t: ReadinessThresholds): LiveDescription {
  const resources = assessResources(live, ctx, t).map((a) => a.status);
  const seen = new Set<string>();
  const nodes: NodeStatus[] = [];
  const endpoints: Endpoint[] = [];
  const nodeIps = nodeAddresses(live.nodes);
  for (const { object } of live.objects) {
    if (!object) continue;
    if (object.kind === 'Service' && object.apiVersion === 'v1') endpoints.push(...serviceEndpoints(object, nodeIps));
    if (object.kind === 'Ingress') endpoints.push(...ingressEndpoints(object));
    if (object.kind === 'Service') continue;
    for (const pod of podsOf(object, live.pods)) {
      const uid = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (seen.has(uid)) continue;
      seen.add(uid);
      nodes.push(podNode(pod, object.metadata.name, live, ctx, t));
    }
  }
  return { resources, nodes, endpoints };
}
