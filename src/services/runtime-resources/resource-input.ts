/**
 * Validation of runtime-resource input (config files, volumes, load balancers): every problem is
 * reported together as a ValidationFailure; a valid input comes back as a typed spec in which the
 * L4/L7 choice is a discriminated union, so a Service without ports or an Ingress without rules
 * cannot be built.
 */
import { type FieldProblem, ValidationFailure } from '../errors';

/** DNS-1123 subdomain limited to 63 characters (the names Marina gives ConfigMaps, PVCs and Ingresses). */
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** DNS-1123 label (Service names). */
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const QUANTITY = /^([0-9]+(\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A ConfigMap holds at most 1 MiB. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
/** Largest volume Marina asks for (64 Ti). */
const MAX_VOLUME_BYTES = 64 * 1024 ** 4;

const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
};

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';
export type AccessMode = 'ReadWriteOnce' | 'ReadOnlyMany' | 'ReadWriteMany';

export interface ConfigFileSpec {
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
}

export interface VolumeSpec {
  readonly name: string;
  readonly size: string;
  readonly storageClass: string | null;
  readonly accessMode: AccessMode;
}

export interface PortSpec {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number;
  readonly nodePort: number | null;
  readonly protocol: 'TCP' | 'UDP';
}

export interface IngressPathSpec {
  readonly path: string;
  readonly serviceName: string;
  readonly servicePort: number;
}

export interface IngressRuleSpec {
  readonly host: string;
  readonly paths: readonly IngressPathSpec[];
}

export type LoadBalancerSpec =
  | {
      readonly layer: 'L4';
      readonly name: string;
      readonly serviceType: ServiceType;
      readonly ports: readonly PortSpec[];
      readonly selector: Readonly<Record<string, string>>;
    }
  | {
      readonly layer: 'L7';
      readonly name: string;
      readonly ingressClassName: string | null;
      readonly rules: readonly IngressRuleSpec[];
    };

export interface LoadBalancerInputShape {
  readonly name: string;
  readonly layer: 'L4' | 'L7';
  readonly serviceType?: string | null;
  readonly ports?:
    | readonly {
        readonly name?: string | null;
        readonly port: number;
        readonly targetPort?: number | null;
        readonly nodePort?: number | null;
        readonly protocol?: string | null;
      }[]
    | null;
  readonly selector?: unknown;
  readonly ingressClassName?: string | null;
  readonly rules?:
    | readonly {
        readonly host: string;
        readonly paths: readonly {
          readonly path: string;
          readonly serviceName: string;
          readonly servicePort: number;
        }[];
      }[]
    | null;
}

function fail(problems: readonly FieldProblem[]): ValidationFailure {
  return new ValidationFailure(`${problems[0].path}: ${problems[0].message}`, problems, 'INVALID_INPUT');
}

function checkName(name: string, problems: FieldProblem[], pattern = SUBDOMAIN): void {
  if (!name || name.length > 63 || !pattern.test(name))
    problems.push({
      path: 'name',
      message: `"${name}" is not a valid name: lower-case letters, digits and "-"${pattern === SUBDOMAIN ? ' or "."' : ''}, starting and ending with a letter or digit, at most 63 characters`,
    });
}

const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

export function configFileSpec(name: string, data: unknown): ConfigFileSpec | ValidationFailure {
  const problems: FieldProblem[] = [];
  checkName(name, problems);
  const files = configData(data, problems);
  return problems.length ? fail(problems) : { name, data: files };
}

/** The files of a config file: an object of file name → content. */
export function configData(data: unknown, problems: FieldProblem[]): Record<string, string> {
  if (!isStringMap(data) || Object.keys(data).length === 0) {
    problems.push({
      path: 'data',
      message: 'data must be an object of file name → text content with at least one file',
    });
    return {};
  }
  for (const key of Object.keys(data))
    if (key.length > 253 || !CONFIG_KEY.test(key) || key === '.' || key === '..')
      problems.push({
        path: `data.${key}`,
        message: `"${key}" is not a valid file name (letters, digits, "-", "_", ".")`,
      });
  const bytes = Object.entries(data).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > MAX_CONFIG_BYTES)
    problems.push({ path: 'data', message: `a config file holds at most 1 MiB (got ${bytes} bytes)` });
  return { ...data };
}

/** Bytes of a Kubernetes quantity (undefined when it is not one). */
export function quantityBytes(size: string): number | undefined {
  const m = QUANTITY.exec(size);
  return m ? Number(m[1]) * UNITS[m[3] ?? ''] : undefined;
}

export function volumeSpec(input: {
  name: string;
  size: string;
  storageClass?: string | null;
  accessMode?: string | null;
}): VolumeSpec | ValidationFailure {
  const problems: FieldProblem[] = [];
  checkName(input.name, problems);
  const bytes = quantityBytes(input.size);
  if (bytes === undefined || bytes <= 0)
    problems.push({ path: 'size', message: `"${input.size}" is not a size: a positive quantity such as 2Gi or 500Mi` });
  else if (bytes > MAX_VOLUME_BYTES) problems.push({ path: 'size', message: 'a volume is at most 64Ti' });
  const storageClass = input.storageClass?.trim() || null;
  if (storageClass) checkName(storageClass, problems);
  const accessMode = (input.accessMode ?? 'ReadWriteOnce') as AccessMode;
  if (!['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'].includes(accessMode))
    problems.push({ path: 'accessMode', message: 'accessMode is ReadWriteOnce, ReadOnlyMany or ReadWriteMany' });
  return problems.length ? fail(problems) : { name: input.name, size: input.size, storageClass, accessMode };
}

const validPort = (p: unknown, min = 1, max = 65535): p is number =>
  Number.isInteger(p) && (p as number) >= min && (p as number) <= max;

/** `defaultSelector`: the instance's pods when the caller names no selector. */
export function loadBalancerSpec(
  input: LoadBalancerInputShape,
  defaultSelector: Readonly<Record<string, string>>,
): LoadBalancerSpec | ValidationFailure {
  const problems: FieldProblem[] = [];
  if (input.layer === 'L4') {
    checkName(input.name, problems, LABEL);
    const serviceType = (input.serviceType ?? 'ClusterIP') as ServiceType;
    if (!['ClusterIP', 'NodePort', 'LoadBalancer'].includes(serviceType))
      problems.push({ path: 'serviceType', message: 'serviceType is ClusterIP, NodePort or LoadBalancer' });
    const ports = (input.ports ?? []).map((p, i) => portSpec(p, i, serviceType, problems));
    if (ports.length === 0) problems.push({ path: 'ports', message: 'an L4 load balancer needs at least one port' });
    const selector = input.selector ?? defaultSelector;
    if (!isStringMap(selector) || Object.keys(selector).length === 0)
      problems.push({ path: 'selector', message: 'selector must be a non-empty object of label → value' });
    if (input.rules?.length) problems.push({ path: 'rules', message: 'rules are for L7 load balancers' });
    if (problems.length) return fail(problems);
    return { layer: 'L4', name: input.name, serviceType, ports, selector: selector as Record<string, string> };
  }
  if (input.layer !== 'L7') return fail([{ path: 'layer', message: 'layer is L4 or L7' }]);
  checkName(input.name, problems);
  const rules = (input.rules ?? []).map((r, i) => ruleSpec(r, i, problems));
  if (rules.length === 0) problems.push({ path: 'rules', message: 'an L7 load balancer needs at least one host rule' });
  if (input.ports?.length) problems.push({ path: 'ports', message: 'ports are for L4 load balancers' });
  const ingressClassName = input.ingressClassName?.trim() || null;
  if (ingressClassName) checkName(ingressClassName, problems);
  if (problems.length) return fail(problems);
  return { layer: 'L7', name: input.name, ingressClassName, rules };
}

function portSpec(
  p: NonNullable<LoadBalancerInputShape['ports']>[number],
  i: number,
  serviceType: ServiceType,
  problems: FieldProblem[],
): PortSpec {
  const at = `ports.${i}`;
  if (!validPort(p.port)) problems.push({ path: `${at}.port`, message: `port ${p.port} is not in 1–65535` });
  const targetPort = p.targetPort ?? p.port;
  if (p.targetPort != null && !validPort(targetPort))
    problems.push({ path: `${at}.targetPort`, message: `targetPort ${targetPort} is not in 1–65535` });
  const nodePort = p.nodePort ?? null;
  if (nodePort !== null && serviceType === 'ClusterIP')
    problems.push({ path: `${at}.nodePort`, message: 'a ClusterIP load balancer has no nodePort' });
  if (nodePort !== null && !validPort(nodePort, 30000, 32767))
    problems.push({ path: `${at}.nodePort`, message: `nodePort ${nodePort} is not in 30000–32767` });
  const protocol = (p.protocol ?? 'TCP') as 'TCP' | 'UDP';
  if (protocol !== 'TCP' && protocol !== 'UDP')
    problems.push({ path: `${at}.protocol`, message: 'protocol is TCP or UDP' });
  const name = p.name?.trim() || `${protocol.toLowerCase()}-${p.port}`;
  if (!LABEL.test(name) || name.length > 15)
    problems.push({ path: `${at}.name`, message: `port name "${name}" must be a DNS label of at most 15 characters` });
  return { name, port: p.port, targetPort, nodePort, protocol };
}

function ruleSpec(
  r: NonNullable<LoadBalancerInputShape['rules']>[number],
  i: number,
  problems: FieldProblem[],
): IngressRuleSpec {
  const at = `rules.${i}`;
  if (!r.host || r.host.length > 253 || !HOST.test(r.host))
    problems.push({ path: `${at}.host`, message: `"${r.host}" is not a host name` });
  if (r.paths.length === 0) problems.push({ path: `${at}.paths`, message: 'a rule needs at least one path' });
  const paths = r.paths.map((p, j) => {
    if (!p.path.startsWith('/'))
      problems.push({ path: `${at}.paths.${j}.path`, message: `path "${p.path}" must start with "/"` });
    if (!LABEL.test(p.serviceName) || p.serviceName.length > 63)
      problems.push({ path: `${at}.paths.${j}.serviceName`, message: `"${p.serviceName}" is not a Service name` });
    if (!validPort(p.servicePort))
      problems.push({
        path: `${at}.paths.${j}.servicePort`,
        message: `servicePort ${p.servicePort} is not in 1–65535`,
      });
    return { path: p.path, serviceName: p.serviceName, servicePort: p.servicePort };
  });
  return { host: r.host, paths };
}
