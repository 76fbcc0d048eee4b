import { apiErrors } from '../api/api-errors';
import { cloneJson, isJsonObject, type KubeObject } from '../api/kube-object.types';
import { groupResourceOf, type ResourceType } from '../api/resource-type';
import { StoreError } from '../store/store.types';
import type { ResourceService } from './resource.service';
import type { DeleteOptions, PropagationPolicy } from './write-options';

/** Result of a delete: `deleted` is false when finalizers keep the object (it now has a deletionTimestamp). */
export interface DeleteOutcome {
  object: KubeObject;
  deleted: boolean;
}

export const orphanFinalizer = 'orphan';
export const foregroundFinalizer = 'foregroundDeletion';

/** Kinds whose default propagation is Orphan for backwards compatibility (as in the apiserver). */
const orphanByDefault = new Set(['jobs.batch', 'cronjobs.batch', 'replicationcontrollers']);

function policyOf(type: ResourceType, opts: DeleteOptions): PropagationPolicy {
  if (opts.propagationPolicy) return opts.propagationPolicy;
  if (opts.orphanDependents === true) return 'Orphan';
  if (opts.orphanDependents === false) return 'Background';
  return orphanByDefault.has(groupResourceOf(type)) ? 'Orphan' : 'Background';
}

function checkPreconditions(type: ResourceType, obj: KubeObject, opts: DeleteOptions): void {
  const pre = opts.preconditions;
  if (!pre) return;
  const name = String(obj.metadata.name);
  if (pre.uid && pre.uid !== obj.metadata.uid) {
    throw apiErrors.conflict(
      type.resource,
      type.group,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${String(obj.metadata.uid)}`,
    );
  }
  if (pre.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
    throw apiErrors.conflict(
      type.resource,
      type.group,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${String(obj.metadata.resourceVersion)}`,
    );
  }
}

/**
 * Deletes one object with apiserver semantics: preconditions, dry run, namespace termination,
 * propagation finalizers (orphan / foregroundDeletion) and graceful deletion while finalizers
 * remain. Dependents are left to the garbage collector.
 */
export function deleteObject(
  svc: ResourceService,
  type: ResourceType,
  namespace: string,
  name: string,
  opts: DeleteOptions,
): DeleteOutcome {
  const key = svc.keyOf(type, namespace, name);
  const stored = svc.store.get(key);
  if (!stored) throw apiErrors.notFound(type.resource, type.group, name);
  const obj = svc.present(type, stored);
  checkPreconditions(type, obj, opts);
  if (opts.dryRun) return { object: obj, deleted: true };
  const next = cloneJson(obj);
  if (groupResourceOf(type) === 'namespaces') {
    if (next.metadata.deletionTimestamp) return { object: obj, deleted: false };
    next.metadata.deletionTimestamp = svc.now();
    next.status = { ...(isJsonObject(next.status) ? next.status : {}), phase: 'Terminating' };
    return { object: write(svc, type, key, next, obj), deleted: false };
  }
  const finalizers = [...(next.metadata.finalizers ?? [])];
  const policy = policyOf(type, opts);
  if (policy === 'Orphan' && !finalizers.includes(orphanFinalizer)) finalizers.push(orphanFinalizer);
  if (policy === 'Foreground' && !finalizers.includes(foregroundFinalizer) && hasDependents(svc, obj))
    finalizers.push(foregroundFinalizer);
  if (policy === 'Orphan' && !hasDependents(svc, obj)) finalizers.splice(finalizers.indexOf(orphanFinalizer), 1);
  if (finalizers.length === 0) {
    try {
      return { object: svc.present(type, svc.store.delete(key, obj.metadata.resourceVersion)), deleted: true };
    } catch (err) {
      if (err instanceof StoreError) throw apiErrors.conflict(type.resource, type.group, name, err.message);
      throw err;
    }
  }
  next.metadata.finalizers = finalizers;
  next.metadata.deletionTimestamp ??= svc.now();
  next.metadata.deletionGracePeriodSeconds ??= 0;
  return { object: write(svc, type, key, next, obj), deleted: false };
}

function write(
  svc: ResourceService,
  type: ResourceType,
  key: ReturnType<ResourceService['keyOf']>,
  next: KubeObject,
  old: KubeObject,
): KubeObject {
  return svc.present(type, svc.store.update(key, next, old.metadata.resourceVersion));
}

/** True when any stored object lists `owner` in its ownerReferences. */
export function hasDependents(svc: ResourceService, owner: KubeObject): boolean {
  const uid = owner.metadata.uid;
  for (const t of svc.registry.storageTypes()) {
    for (const o of svc.store.list(groupResourceOf(t), owner.metadata.namespace || undefined)) {
      if ((o.metadata.ownerReferences ?? []).some((r) => r.uid === uid)) return true;
    }
  }
  return false;
}
