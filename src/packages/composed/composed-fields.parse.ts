/**
 * Readers for the parts of a composed node (service, resources, mounts, storage, config files,
 * ingress, scheduling, strategy). Each records its problems in the checker at a JSON pointer
 * and returns a normalised value (defaults filled), so one pass reports every problem.
 */
import type { JsonChecker } from '../package-json-checks';
import { isObject, ptr, type Json, type JsonObject } from '../package-issues';
import {
  HOST_PATH_TYPES,
  SERVICE_TYPES,
  type ConfigFile,
  type HostPathMount,
  type IngressRule,
  type PortPair,
  type Quantities,
  type Resources,
  type RollingStrategy,
  type Scheduling,
  type ServiceSpec,
  type StorageDir,
} from './composed.types';

/** DNS-1035 label: names of nodes, services and storage directories. */
export const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const MAX_NODE_NAME = 40;
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(m|k|Ki|Mi|Gi|Ti|Pi|Ei|M|G|T|P|E)?$/;
const PERCENT_OR_INT = /^\d{1,3}%$/;
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

export function dnsLabel(
  c: JsonChecker,
  obj: JsonObject,
  key: string,
  at: string,
  required = true,
): string | undefined {
  const v = c.str(obj, key, at, { required, maxLength: MAX_NODE_NAME });
  if (v !== undefined && !DNS_LABEL.test(v))
    c.issues.add(
      ptr(at, key),
      `"${v}" must be a DNS label: lower-case letters, digits and '-', starting with a letter`,
    );
  return v;
}

function absolutePath(c: JsonChecker, obj: JsonObject, key: string, at: string): string | undefined {
  const v = c.str(obj, key, at, { required: true, maxLength: 1024 });
  if (v !== undefined && (!v.startsWith('/') || v.split('/').includes('..')))
    c.issues.add(ptr(at, key), `"${v}" must be an absolute path without ".."`);
  return v;
}

function quantity(c: JsonChecker, obj: JsonObject, key: string, at: string, required = false): string | undefined {
  const raw = obj[key];
  const v = typeof raw === 'number' ? String(raw) : c.str(obj, key, at, { required });
  if (v !== undefined && !QUANTITY.test(v)) c.issues.add(ptr(at, key), `"${v}" is not a Kubernetes quantity`);
  return v;
}

/** Items of an optional array that are objects (others reported). */
export function objects(c: JsonChecker, obj: JsonObject, key: string, at: string, max = 64): [JsonObject, string][] {
  const list = c.arr(obj, key, at, { maxItems: max }) ?? [];
  const out: [JsonObject, string][] = [];
  list.forEach((item, i) => {
    const p = ptr(ptr(at, key), i);
    if (isObject(item)) out.push([item, p]);
    else c.issues.add(p, 'must be an object');
  });
  return out;
}

export function parseService(c: JsonChecker, raw: JsonObject, at: string, nodeName: string): ServiceSpec | undefined {
  const s = c.obj(raw, 'service', at);
  if (!s) return undefined;
  const sat = ptr(at, 'service');
  c.onlyKeys(s, sat, new Set(['name', 'type', 'ports']));
  const type = (c.str(s, 'type', sat, { oneOf: SERVICE_TYPES }) ?? 'ClusterIP') as ServiceSpec['type'];
  const ports = objects(c, s, 'ports', sat, 32).map(([p, pat]) => parsePort(c, p, pat, type));
  return {
    name: dnsLabel(c, s, 'name', sat, false) ?? nodeName,
    type,
    ports: ports.filter((p): p is PortPair => p !== undefined),
  };
}

function parsePort(c: JsonChecker, p: JsonObject, at: string, type: ServiceSpec['type']): PortPair | undefined {
  c.onlyKeys(p, at, new Set(['port', 'targetPort', 'nodePort', 'protocol']));
  const port = c.int(p, 'port', at, { required: true, min: 1, max: 65535 });
  const targetPort = c.int(p, 'targetPort', at, { min: 1, max: 65535 }) ?? port;
  const nodePort = c.int(p, 'nodePort', at, { min: 30000, max: 32767 });
  if (nodePort !== undefined && type === 'ClusterIP')
    c.issues.add(ptr(at, 'nodePort'), 'a nodePort needs service type NodePort or LoadBalancer');
  const protocol = (c.str(p, 'protocol', at, { oneOf: ['TCP', 'UDP'] }) ?? 'TCP') as PortPair['protocol'];
  if (port === undefined || targetPort === undefined) return undefined;
  return { port, targetPort, protocol, ...(nodePort !== undefined ? { nodePort } : {}) };
}

export function parseResources(c: JsonChecker, raw: JsonObject, at: string): Resources | undefined {
  const r = c.obj(raw, 'resources', at);
  if (!r) return undefined;
  const rat = ptr(at, 'resources');
  c.onlyKeys(r, rat, new Set(['requests', 'limits']));
  const part = (key: string): Quantities => {
    const q = c.obj(r, key, rat);
    if (!q) return {};
    const qat = ptr(rat, key);
    c.onlyKeys(q, qat, new Set(['cpu', 'memory']));
    const cpu = quantity(c, q, 'cpu', qat);
    const memory = quantity(c, q, 'memory', qat);
    return { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) };
  };
  return { requests: part('requests'), limits: part('limits') };
}

export function parseHostPaths(c: JsonChecker, raw: JsonObject, at: string): HostPathMount[] {
  return objects(c, raw, 'hostPaths', at).map(([h, hat]) => {
    c.onlyKeys(h, hat, new Set(['containerPath', 'hostPath', 'type', 'readOnly']));
    return {
      containerPath: absolutePath(c, h, 'containerPath', hat) ?? '/',
      hostPath: absolutePath(c, h, 'hostPath', hat) ?? '/',
      type: (c.str(h, 'type', hat, { oneOf: HOST_PATH_TYPES }) ?? '') as HostPathMount['type'],
      readOnly: c.bool(h, 'readOnly', hat) ?? false,
    };
  });
}

export function parseStorage(c: JsonChecker, raw: JsonObject, at: string): StorageDir[] {
  return objects(c, raw, 'storage', at, 16).map(([s, sat]) => {
    c.onlyKeys(s, sat, new Set(['name', 'containerPath', 'size', 'storageClass']));
    const storageClass = c.str(s, 'storageClass', sat, { maxLength: 253 });
    return {
      name: dnsLabel(c, s, 'name', sat) ?? 'data',
      containerPath: absolutePath(c, s, 'containerPath', sat) ?? '/',
      size: quantity(c, s, 'size', sat) ?? '1Gi',
      ...(storageClass ? { storageClass } : {}),
    };
  });
}

export function parseConfigFiles(c: JsonChecker, raw: JsonObject, at: string): ConfigFile[] {
  return objects(c, raw, 'configFiles', at, 32).map(([f, fat]): ConfigFile => {
    c.onlyKeys(f, fat, new Set(['name', 'mountPath', 'content', 'configMap', 'key']));
    const name = c.str(f, 'name', fat, { required: true, maxLength: 253 }) ?? 'config';
    if (!CONFIG_KEY.test(name))
      c.issues.add(ptr(fat, 'name'), `"${name}" is not a valid file name (letters, digits, '-', '_', '.')`);
    const mountPath = absolutePath(c, f, 'mountPath', fat) ?? '/';
    const configMap = c.str(f, 'configMap', fat, { maxLength: 253 });
    if (configMap !== undefined) {
      if (f.content !== undefined) c.issues.add(fat, 'give either "content" or "configMap", not both');
      return { source: 'configMap', name, mountPath, configMap, key: c.str(f, 'key', fat) ?? name };
    }
    const content = c.str(f, 'content', fat, { required: true, maxLength: 1024 * 1024 }) ?? '';
    return { source: 'inline', name, mountPath, content };
  });
}

/** `ingress`: one rule object or a list of them. */
export function parseIngress(c: JsonChecker, raw: JsonObject, at: string, service?: ServiceSpec): IngressRule[] {
  const v: Json | undefined = raw.ingress;
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v)
    ? objects(c, raw, 'ingress', at, 16)
    : isObject(v)
      ? [[v, ptr(at, 'ingress')] as [JsonObject, string]]
      : [];
  if (!Array.isArray(v) && !isObject(v)) c.issues.add(ptr(at, 'ingress'), '"ingress" must be an object or a list');
  if (list.length > 0 && (!service || service.ports.length === 0))
    c.issues.add(ptr(at, 'ingress'), 'an ingress needs the node to have a service with ports');
  return list.map(([r, rat]) => {
    c.onlyKeys(r, rat, new Set(['host', 'path', 'port']));
    const host = c.str(r, 'host', rat, { required: true, maxLength: 253 }) ?? '';
    if (host && !HOST.test(host)) c.issues.add(ptr(rat, 'host'), `"${host}" is not a host name`);
    const path = c.str(r, 'path', rat, { maxLength: 1024 }) ?? '/';
    if (!path.startsWith('/')) c.issues.add(ptr(rat, 'path'), `"${path}" must start with "/"`);
    const port = c.int(r, 'port', rat, { min: 1, max: 65535 }) ?? service?.ports[0]?.port ?? 80;
    if (service && !service.ports.some((p) => p.port === port))
      c.issues.add(ptr(rat, 'port'), `port ${port} is not a port of service "${service.name}"`);
    return { host, path, port };
  });
}

export function parseScheduling(c: JsonChecker, raw: JsonObject, at: string): Scheduling {
  const s = c.obj(raw, 'scheduling', at);
  if (!s) return { nodeSelector: {}, hosts: [], affinity: [], antiAffinity: [] };
  const sat = ptr(at, 'scheduling');
  c.onlyKeys(s, sat, new Set(['nodeSelector', 'hosts', 'affinity', 'antiAffinity']));
  const selector = c.obj(s, 'nodeSelector', sat) ?? {};
  const nodeSelector: Record<string, string> = {};
  for (const [k, val] of Object.entries(selector)) {
    const kat = ptr(ptr(sat, 'nodeSelector'), k);
    if (!LABEL_KEY.test(k) || k.length > 316) c.issues.add(kat, `"${k}" is not a label key`);
    else if (typeof val !== 'string' || !LABEL_VALUE.test(val) || val.length > 63)
      c.issues.add(kat, 'must be a label value');
    else nodeSelector[k] = val;
  }
  return {
    nodeSelector,
    hosts: c.strings(s, 'hosts', sat, { unique: true }) ?? [],
    affinity: c.strings(s, 'affinity', sat, { unique: true }) ?? [],
    antiAffinity: c.strings(s, 'antiAffinity', sat, { unique: true }) ?? [],
  };
}

export function parseStrategy(c: JsonChecker, raw: JsonObject, at: string): RollingStrategy | undefined {
  const s = c.obj(raw, 'strategy', at);
  if (!s) return undefined;
  const sat = ptr(at, 'strategy');
  c.onlyKeys(s, sat, new Set(['type', 'maxUnavailable', 'maxSurge']));
  const type = (c.str(s, 'type', sat, { oneOf: ['RollingUpdate', 'Recreate'] }) ??
    'RollingUpdate') as RollingStrategy['type'];
  const amount = (key: 'maxUnavailable' | 'maxSurge'): number | string | undefined => {
    const v = s[key];
    if (v === undefined || v === null) return undefined;
    if (type === 'Recreate') c.issues.add(ptr(sat, key), `"${key}" applies to RollingUpdate only`);
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
    if (typeof v === 'string' && PERCENT_OR_INT.test(v)) return v;
    c.issues.add(ptr(sat, key), `"${key}" must be a non-negative integer or a percentage like "25%"`);
    return undefined;
  };
  const maxUnavailable = amount('maxUnavailable');
  const maxSurge = amount('maxSurge');
  if (maxUnavailable === 0 && maxSurge === 0) c.issues.add(sat, 'maxUnavailable and maxSurge cannot both be 0');
  return {
    type,
    ...(maxUnavailable !== undefined ? { maxUnavailable } : {}),
    ...(maxSurge !== undefined ? { maxSurge } : {}),
  };
}

/** env: an object of string values (numbers and booleans are taken as their text). */
export function parseEnv(c: JsonChecker, raw: JsonObject, at: string): Record<string, string> {
  const e = c.obj(raw, 'env', at) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(e)) {
    const kat = ptr(ptr(at, 'env'), k);
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(k)) c.issues.add(kat, `"${k}" is not a valid environment variable name`);
    else if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else c.issues.add(kat, 'must be a string');
  }
  return out;
}
