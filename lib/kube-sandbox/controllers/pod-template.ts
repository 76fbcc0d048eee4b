import { createHash } from 'node:crypto';
import {
  cloneJson,
  getPath,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type KubeObject,
  type OwnerReference,
} from '../api/kube-object.types';

const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

function canonical(v: JsonValue | undefined): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isJsonObject(v))
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** A short stable hash of a pod template (the `pod-template-hash` / `controller-revision-hash` value). */
export function templateHash(template: unknown, collisionCount = 0): string {
  const digest = createHash('sha256')
    .update(canonical(template as JsonValue))
    .update(String(collisionCount))
    .digest();
  let out = '';
  for (let i = 0; i < 10; i++) out += alphabet[digest[i] % alphabet.length];
  return out;
}

/** The template without the given labels (to compare a ReplicaSet's template with its Deployment's). */
export function templateWithoutLabels(template: unknown, drop: string[]): JsonValue {
  const t = cloneJson((isJsonObject(template) ? template : {}) as JsonObject);
  const labels = getPath(t, ['metadata', 'labels']);
  if (isJsonObject(labels)) for (const k of drop) delete labels[k];
  return t;
}

/** The template with extra labels added to `metadata.labels`. */
export function templateWithLabels(template: unknown, extra: Record<string, string>): JsonObject {
  const t = cloneJson((isJsonObject(template) ? template : {}) as JsonObject);
  const meta = isJsonObject(t.metadata) ? t.metadata : (t.metadata = {});
  meta.labels = { ...(isJsonObject(meta.labels) ? meta.labels : {}), ...extra };
  return t;
}

/** A Pod built from a template, owned by `owner`. Either a fixed `name` or a `generateName` prefix. */
export function podFromTemplate(
  template: unknown,
  owner: OwnerReference,
  namespace: string,
  naming: { name?: string; generateName?: string },
  extraLabels: Record<string, string> = {},
): KubeObject {
  const t = isJsonObject(template) ? template : {};
  const meta = isJsonObject(t.metadata) ? t.metadata : {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(naming.name ? { name: naming.name } : { generateName: naming.generateName }),
      namespace,
      labels: { ...(isJsonObject(meta.labels) ? (meta.labels as Record<string, string>) : {}), ...extraLabels },
      annotations: isJsonObject(meta.annotations) ? (meta.annotations as Record<string, string>) : undefined,
      ownerReferences: [owner],
    },
    spec: cloneJson(isJsonObject(t.spec) ? t.spec : {}),
  };
}

/** Resolves an int-or-percent (`maxSurge`, `maxUnavailable`) against a total, rounding as asked. */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.endsWith('%')) {
    const pct = (Number(v.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(pct) : Math.floor(pct);
  }
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export const podPhase = (pod: Readonly<KubeObject>): PodPhase =>
  String(getPath(pod, ['status', 'phase']) ?? 'Pending') as PodPhase;

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: Readonly<KubeObject>): boolean {
  const conds = getPath(pod, ['status', 'conditions']);
  return Array.isArray(conds) && conds.some((c) => isJsonObject(c) && c.type === 'Ready' && c.status === 'True');
}

/** Active = not terminal and not being deleted (what controllers count toward replicas). */
export function isPodActive(pod: Readonly<KubeObject>): boolean {
  const phase = podPhase(pod);
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}
