/** Typed reads of the loosely typed JSON of Kubernetes objects. */
import type { KubeObject } from '../kube-object.types';

export type Json = Record<string, unknown>;

export function field(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Json)[key];
  }
  return cur;
}

export const num = (obj: unknown, ...path: string[]): number | undefined => {
  const v = field(obj, ...path);
  return typeof v === 'number' ? v : undefined;
};

export const str = (obj: unknown, ...path: string[]): string | undefined => {
  const v = field(obj, ...path);
  return typeof v === 'string' ? v : undefined;
};

export const list = (obj: unknown, ...path: string[]): Json[] => {
  const v = field(obj, ...path);
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Json[]) : [];
};

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

export const conditions = (obj: unknown): Condition[] =>
  list(obj, 'status', 'conditions').filter((c) => typeof c.type === 'string') as unknown as Condition[];

export const condition = (obj: unknown, type: string): Condition | undefined =>
  conditions(obj).find((c) => c.type === type);

export const isTrue = (obj: unknown, type: string): boolean => condition(obj, type)?.status === 'True';

/** "reason: message", or whichever is present. */
export const explain = (c: { reason?: string; message?: string } | undefined): string =>
  [c?.reason, c?.message].filter((s) => s).join(': ');

/** metadata.generation not yet seen by the controller: the message to show, else null. */
export function generationPending(obj: KubeObject): string | null {
  const generation = num(obj, 'metadata', 'generation');
  const observed = num(obj, 'status', 'observedGeneration');
  if (generation === undefined || observed === undefined || observed >= generation) return null;
  return `waiting for the controller to observe generation ${generation} (seen ${observed})`;
}

/** Whether `labels` satisfy the `matchLabels` of a label selector (matchExpressions: In/NotIn/Exists/DoesNotExist). */
export function selects(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const match = field(selector, 'matchLabels');
  const pairs = match && typeof match === 'object' ? Object.entries(match as Json) : [];
  const exprs = list(selector, 'matchExpressions');
  if (pairs.length === 0 && exprs.length === 0) return false;
  if (!pairs.every(([k, v]) => labels[k] === v)) return false;
  return exprs.every((e) => {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? (e.values as string[]) : [];
    switch (e.operator) {
      case 'In':
        return key in labels && values.includes(labels[key]);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        return false;
    }
  });
}
