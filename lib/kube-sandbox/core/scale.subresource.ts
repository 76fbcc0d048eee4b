import { apiErrors } from '../api/api-errors';
import {
  cloneJson,
  getPath,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type KubeObject,
} from '../api/kube-object.types';
import { selectorFromObject, selectorToString } from '../api/label-selector';
import type { ResourceType, ScaleSubresource } from '../api/resource-type';
import { applyJsonPatch } from '../patch/json-patch';
import { applyMergePatch } from '../patch/json-merge-patch';
import type { ResourceService } from './resource.service';
import type { PatchType, WriteOptions } from './write-options';

const segments = (path: string): string[] => path.replace(/^\./, '').split('.');

function setPath(obj: JsonObject, path: string[], value: JsonValue): void {
  let cur = obj;
  for (const seg of path.slice(0, -1)) {
    if (!isJsonObject(cur[seg])) cur[seg] = {};
    cur = cur[seg] as JsonObject;
  }
  cur[path[path.length - 1]] = value;
}

function scaleSpec(type: ResourceType): ScaleSubresource {
  if (!type.scale) throw apiErrors.notFound(`${type.resource}/scale`, type.group, '');
  return type.scale;
}

/** The `autoscaling/v1` Scale view of a scalable object. */
export function toScale(type: ResourceType, obj: KubeObject): JsonObject {
  const spec = scaleSpec(type);
  const selectorRaw = spec.labelSelectorPath ? getPath(obj, segments(spec.labelSelectorPath)) : undefined;
  const builtinSelector = getPath(obj, ['spec', 'selector']);
  const selector =
    typeof selectorRaw === 'string'
      ? selectorRaw
      : isJsonObject(builtinSelector)
        ? selectorToString(selectorFromObject(builtinSelector))
        : '';
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name ?? '',
      namespace: obj.metadata.namespace ?? '',
      uid: obj.metadata.uid ?? '',
      resourceVersion: obj.metadata.resourceVersion ?? '',
      creationTimestamp: obj.metadata.creationTimestamp ?? null,
    },
    spec: { replicas: Number(getPath(obj, segments(spec.specReplicasPath)) ?? 0) },
    status: { replicas: Number(getPath(obj, segments(spec.statusReplicasPath)) ?? 0), selector },
  };
}

export function getScale(svc: ResourceService, type: ResourceType, ns: string, name: string): JsonObject {
  return toScale(type, svc.get(type, ns, name));
}

/** PUT of a Scale: sets the replicas of the object (optimistic concurrency on the Scale's resourceVersion). */
export function updateScale(
  svc: ResourceService,
  type: ResourceType,
  ns: string,
  name: string,
  body: unknown,
  opts: WriteOptions,
): JsonObject {
  const spec = scaleSpec(type);
  if (!isJsonObject(body))
    throw apiErrors.badRequest(
      'Scale in version "v1" cannot be handled as a Scale: the request body is not a JSON object',
    );
  const replicas = getPath(body, ['spec', 'replicas']);
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw apiErrors.invalid('Scale', 'autoscaling', name, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.replicas',
        message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0`,
      },
    ]);
  }
  const old = svc.get(type, ns, name);
  const rv = getPath(body, ['metadata', 'resourceVersion']);
  if (typeof rv === 'string' && rv && rv !== old.metadata.resourceVersion)
    throw apiErrors.staleUpdate(type.resource, type.group, name);
  const next = cloneJson(old);
  setPath(next as unknown as JsonObject, segments(spec.specReplicasPath), replicas);
  const prepared = svc.prepareUpdate(type, old, next, { ...opts, subresource: undefined }, false);
  return toScale(type, svc.commitUpdate(type, old, prepared, opts));
}

/** PATCH of a Scale (merge, strategic — treated as merge — or JSON patch). */
export function patchScale(
  svc: ResourceService,
  type: ResourceType,
  ns: string,
  name: string,
  patchType: PatchType,
  patch: unknown,
  opts: WriteOptions,
): JsonObject {
  const current = getScale(svc, type, ns, name);
  const patched =
    patchType === 'json' ? applyJsonPatch(current, patch as JsonValue) : applyMergePatch(current, patch as JsonValue);
  return updateScale(svc, type, ns, name, patched, opts);
}
