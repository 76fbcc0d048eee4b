import type { FieldValidation } from './body-decoder';

/** Options shared by create, update and patch (query parameters of the request). */
export interface WriteOptions {
  dryRun?: boolean;
  /** `fieldManager`; defaults to the user agent's product name. */
  fieldManager?: string;
  userAgent?: string;
  fieldValidation?: FieldValidation;
  /** Write to a subresource instead of the main resource. */
  subresource?: 'status';
}

export interface PatchOptions extends WriteOptions {
  /** Server-side apply: take ownership of conflicting fields. */
  force?: boolean;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

/** `DeleteOptions` (body or query). */
export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
  gracePeriodSeconds?: number;
}

/** Outcome of a write: the resulting object, warnings for the `Warning` header, whether it was created. */
export interface WriteResult {
  object: import('../api/kube-object.types').KubeObject;
  warnings: string[];
  created: boolean;
}

/** The manager name recorded in managedFields for a request. */
export function managerOf(opts: WriteOptions): string {
  if (opts.fieldManager) return opts.fieldManager;
  const ua = opts.userAgent ?? '';
  const product = ua.split('/')[0].trim();
  return product || 'unknown';
}
