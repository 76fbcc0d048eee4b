/**
 * Old API versions in user manifests (pure): objects whose `apiVersion` the cluster no longer
 * serves (per its discovery, Helm's `Capabilities.APIVersions` form: "group/version" and
 * "group/version/Kind") are converted to the current version where a safe conversion exists, with
 * one warning each; the rest are refused naming the document and kind.
 *
 * Conversions (the ones the API server itself performed while it served both versions):
 * - Deployment, DaemonSet, ReplicaSet, StatefulSet of `apps/v1beta1`, `apps/v1beta2`,
 *   `extensions/v1beta1` → `apps/v1`. A missing `spec.selector` becomes `matchLabels` of the pod
 *   template's labels (the old APIs' defaulting; apps/v1 requires it). Fields apps/v1 dropped go:
 *   `spec.rollbackTo` (Deployment), `spec.templateGeneration` (DaemonSet). Where the old API's
 *   default update strategy was `OnDelete` (DaemonSet of `extensions/v1beta1`, StatefulSet of
 *   `apps/v1beta1`) and none is given, `OnDelete` is written so the object behaves as it was
 *   written for.
 * - Ingress of `extensions/v1beta1`, `networking.k8s.io/v1beta1` → `networking.k8s.io/v1`:
 *   `spec.backend` → `spec.defaultBackend`; every backend `{serviceName, servicePort}` →
 *   `{service: {name, port: {number | name}}}`; paths without `pathType` get
 *   `ImplementationSpecific` (what the old API meant).
 * Anything else the cluster does not serve (PodSecurityPolicy, unknown kinds, a CRD's kinds not
 * installed) has no safe conversion and is refused.
 */
import type { KubeObject } from '../kube-object.types';

export interface Served {
  /** Whether the cluster serves `kind` under `apiVersion`. */
  has(apiVersion: string, kind: string): boolean;
}

/** Discovery in Helm's APIVersions form as a {@link Served} check. */
export function servedBy(apiVersions: readonly string[]): Served {
  const all = new Set(apiVersions);
  return {
    has(apiVersion, kind) {
      if (all.has(`${apiVersion}/${kind}`)) return true;
      // a group/version listed without any of its kinds: trust the group/version
      return all.has(apiVersion) && !apiVersions.some((v) => v.startsWith(`${apiVersion}/`));
    },
  };
}

export interface ConvertedObjects {
  readonly objects: KubeObject[];
  readonly warnings: string[];
}

/** Why a manifest cannot be deployed to this cluster (every refused document named). */
export class UnsupportedApiError extends Error {
  override readonly name = 'UnsupportedApiError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet']);
const OLD_WORKLOAD_APIS = new Set(['apps/v1beta1', 'apps/v1beta2', 'extensions/v1beta1']);
const OLD_INGRESS_APIS = new Set(['extensions/v1beta1', 'networking.k8s.io/v1beta1']);
const APPS_V1 = 'apps/v1';
const NETWORKING_V1 = 'networking.k8s.io/v1';

/** `where(i)` names document i for messages (e.g. "templates/es.yaml document 1"). */
export function convertForCluster(
  objects: readonly KubeObject[],
  served: Served,
  where: (index: number) => string = (i) => `document ${i + 1}`,
): ConvertedObjects {
  const out: KubeObject[] = [];
  const warnings: string[] = [];
  const problems: string[] = [];
  objects.forEach((obj, i) => {
    const label = `${where(i)} (${obj.kind} ${obj.metadata?.name ?? '?'})`;
    if (served.has(obj.apiVersion, obj.kind)) return void out.push(obj);
    const converted = convertOne(obj, served);
    if (typeof converted === 'string') return void problems.push(`${label}: ${converted}`);
    out.push(converted.object);
    warnings.push(
      `${label}: ${obj.apiVersion} is not served by the cluster; converted to ${converted.object.apiVersion}${
        converted.notes.length ? ` (${converted.notes.join('; ')})` : ''
      }`,
    );
  });
  if (problems.length > 0) throw new UnsupportedApiError(problems);
  return { objects: out, warnings };
}

type Conversion = { object: KubeObject; notes: string[] } | string;

function convertOne(obj: KubeObject, served: Served): Conversion {
  const notServed = `${obj.apiVersion} ${obj.kind} is not served by the cluster`;
  if (WORKLOADS.has(obj.kind) && OLD_WORKLOAD_APIS.has(obj.apiVersion)) {
    if (!served.has(APPS_V1, obj.kind)) return `${notServed}, nor is ${APPS_V1}`;
    return workloadToAppsV1(obj);
  }
  if (obj.kind === 'Ingress' && OLD_INGRESS_APIS.has(obj.apiVersion)) {
    if (!served.has(NETWORKING_V1, 'Ingress')) return `${notServed}, nor is ${NETWORKING_V1}`;
    return ingressToV1(obj);
  }
  return `${notServed} and has no safe conversion to a served version`;
}

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function workloadToAppsV1(obj: KubeObject): Conversion {
  const object = clone(obj) as KubeObject & { spec?: Json };
  const notes: string[] = [];
  const spec: Json = isMap(object.spec) ? object.spec : {};
  object.spec = spec;
  if (!isMap(spec.selector)) {
    const template = isMap(spec.template) ? spec.template : {};
    const labels = isMap(template.metadata) ? template.metadata.labels : undefined;
    if (!isMap(labels) || Object.keys(labels).length === 0)
      return `it has no spec.selector and its pod template has no labels to default one from (${APPS_V1} requires a selector)`;
    spec.selector = { matchLabels: { ...labels } };
    notes.push("spec.selector defaulted to the pod template's labels");
  }
  if (obj.kind === 'Deployment' && 'rollbackTo' in spec) {
    delete spec.rollbackTo;
    notes.push('spec.rollbackTo dropped');
  }
  if (obj.kind === 'DaemonSet' && 'templateGeneration' in spec) {
    delete spec.templateGeneration;
    notes.push('spec.templateGeneration dropped');
  }
  const onDeleteByDefault =
    (obj.kind === 'DaemonSet' && obj.apiVersion === 'extensions/v1beta1') ||
    (obj.kind === 'StatefulSet' && obj.apiVersion === 'apps/v1beta1');
  if (onDeleteByDefault && !isMap(spec.updateStrategy)) {
    spec.updateStrategy = { type: 'OnDelete' };
    notes.push(`updateStrategy OnDelete kept (the ${obj.apiVersion} default)`);
  }
  return { object: { ...object, apiVersion: APPS_V1 }, notes };
}

function ingressToV1(obj: KubeObject): Conversion {
  const object = clone(obj) as KubeObject & { spec?: Json };
  const spec: Json = isMap(object.spec) ? object.spec : {};
  object.spec = spec;
  const notes: string[] = [];
  if (spec.backend !== undefined) {
    const b = backendV1(spec.backend);
    if (typeof b === 'string') return `spec.backend: ${b}`;
    spec.defaultBackend = b;
    delete spec.backend;
    notes.push('spec.backend moved to spec.defaultBackend');
  }
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  for (const [r, rule] of rules.entries()) {
    const paths = isMap(rule) && isMap(rule.http) && Array.isArray(rule.http.paths) ? rule.http.paths : [];
    for (const [p, path] of paths.entries()) {
      if (!isMap(path)) continue;
      const b = backendV1(path.backend);
      if (typeof b === 'string') return `spec.rules[${r}].http.paths[${p}].backend: ${b}`;
      path.backend = b;
      if (path.pathType === undefined) path.pathType = 'ImplementationSpecific';
    }
  }
  notes.push('backends converted to service.name/service.port');
  return { object: { ...object, apiVersion: NETWORKING_V1 }, notes };
}

/** An old backend `{serviceName, servicePort}` (or `{resource}`) in the v1 shape, or why not. */
function backendV1(backend: unknown): Json | string {
  if (!isMap(backend)) return 'a backend must be a mapping';
  if (isMap(backend.resource) && backend.serviceName === undefined) return { resource: backend.resource };
  const { serviceName, servicePort } = backend;
  if (typeof serviceName !== 'string' || serviceName === '') return 'serviceName is missing';
  if (typeof servicePort === 'number' && Number.isInteger(servicePort))
    return { service: { name: serviceName, port: { number: servicePort } } };
  if (typeof servicePort === 'string' && /^\d+$/.test(servicePort))
    return { service: { name: serviceName, port: { number: Number(servicePort) } } };
  if (typeof servicePort === 'string' && servicePort !== '')
    return { service: { name: serviceName, port: { name: servicePort } } };
  return 'servicePort is missing';
}
