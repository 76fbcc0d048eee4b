import { apiErrors } from '../api/api-errors';
import { isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';
import type { ObjectStore } from '../store/store.types';

const nodePortMin = 30000;
const nodePortMax = 32767;
/** Service CIDR 10.96.0.0/12; .1 is the `kubernetes` service, allocation starts at .10. */
const ipBase = (10 << 24) | (96 << 16);
const ipSize = 1 << 20;

const toIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
const fromIp = (ip: string): number => ip.split('.').reduce((acc, p) => (acc << 8) | Number(p), 0) >>> 0;

function usedBy(store: ObjectStore, except: string | undefined): { ips: Set<string>; ports: Set<number> } {
  const ips = new Set<string>();
  const ports = new Set<number>();
  for (const svc of store.list('services')) {
    if (svc.metadata.uid === except) continue;
    const spec = isJsonObject(svc.spec) ? svc.spec : {};
    if (typeof spec.clusterIP === 'string') ips.add(spec.clusterIP);
    for (const p of Array.isArray(spec.ports) ? spec.ports.filter(isJsonObject) : [])
      if (typeof p.nodePort === 'number') ports.add(p.nodePort);
  }
  return { ips, ports };
}

/**
 * Allocates `spec.clusterIP(s)` and node ports of a Service in place, keeping what the old object
 * had. Requested values are checked (422 when taken or out of range).
 */
export function allocateServiceAddresses(svc: KubeObject, old: KubeObject | undefined, store: ObjectStore): void {
  const spec = svc.spec as JsonObject;
  const oldSpec = old && isJsonObject(old.spec) ? old.spec : {};
  const { ips, ports } = usedBy(store, old?.metadata.uid);
  const name = String(svc.metadata.name);
  if (spec.type === 'ExternalName') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  } else if (spec.clusterIP === undefined || spec.clusterIP === '') {
    spec.clusterIP = typeof oldSpec.clusterIP === 'string' ? oldSpec.clusterIP : nextIp(ips, svc);
  } else if (spec.clusterIP !== 'None' && spec.clusterIP !== oldSpec.clusterIP && ips.has(String(spec.clusterIP))) {
    throw apiErrors.invalid('Service', '', name, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.clusterIPs',
        message: `Invalid value: []string{"${String(spec.clusterIP)}"}: failed to allocate IP ${String(spec.clusterIP)}: provided IP is already allocated`,
      },
    ]);
  }
  if (typeof spec.clusterIP === 'string') spec.clusterIPs = [spec.clusterIP];
  const wantsNodePorts =
    spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
  const svcPorts = Array.isArray(spec.ports) ? spec.ports.filter(isJsonObject) : [];
  const oldPorts = Array.isArray(oldSpec.ports) ? oldSpec.ports.filter(isJsonObject) : [];
  svcPorts.forEach((p, i) => {
    if (!wantsNodePorts) {
      delete p.nodePort;
      return;
    }
    if (typeof p.nodePort === 'number') {
      const kept = oldPorts.some((o) => o.nodePort === p.nodePort);
      if (p.nodePort < nodePortMin || p.nodePort > nodePortMax) {
        throw apiErrors.invalid('Service', '', name, [
          {
            reason: 'FieldValueInvalid',
            field: `spec.ports[${i}].nodePort`,
            message: `Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${nodePortMin}-${nodePortMax}`,
          },
        ]);
      }
      if (!kept && ports.has(p.nodePort)) {
        throw apiErrors.invalid('Service', '', name, [
          {
            reason: 'FieldValueInvalid',
            field: `spec.ports[${i}].nodePort`,
            message: `Invalid value: ${p.nodePort}: provided port is already allocated`,
          },
        ]);
      }
      ports.add(p.nodePort);
      return;
    }
    const previous = oldPorts.find((o) => o.port === p.port && typeof o.nodePort === 'number');
    p.nodePort = previous ? (previous.nodePort as number) : nextPort(ports, name);
    ports.add(p.nodePort);
  });
}

function nextIp(used: Set<string>, svc: KubeObject): string {
  if (svc.metadata.name === 'kubernetes' && svc.metadata.namespace === 'default' && !used.has(toIp(ipBase + 1)))
    return toIp(ipBase + 1);
  for (let n = 10; n < ipSize - 1; n++) {
    const ip = toIp(ipBase + n);
    if (!used.has(ip)) return ip;
  }
  throw apiErrors.internal('failed to allocate a serviceIP: range is full');
}

function nextPort(used: Set<number>, name: string): number {
  for (let p = nodePortMin; p <= nodePortMax; p++) if (!used.has(p)) return p;
  throw apiErrors.invalid('Service', '', name, [{ message: 'failed to allocate a nodePort: range is full' }]);
}

export const serviceIpRange = {
  first: toIp(ipBase),
  size: ipSize,
  contains: (ip: string): boolean => (fromIp(ip) & ~(ipSize - 1)) >>> 0 === ipBase >>> 0,
};
