import type { StatusCause } from '../api/api-errors';
import { isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';
import type { KindStrategy, StrategyContext } from './kind-strategy';

export const crdCleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

function condition(type: string, reason: string, message: string, now: string): JsonObject {
  return { type, status: 'True', lastTransitionTime: now, reason, message };
}

/** Status the sandbox gives a CRD: names accepted and established at once (no real delay). */
function crdStatus(o: KubeObject, old: KubeObject | undefined, ctx: StrategyContext): JsonObject {
  const spec = o.spec as JsonObject;
  const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(isJsonObject);
  const storage = versions.find((v) => v.storage === true)?.name;
  const oldStored =
    old && isJsonObject(old.status) && Array.isArray(old.status.storedVersions)
      ? old.status.storedVersions.map(String)
      : [];
  const stored = [...new Set([...oldStored, ...(storage ? [String(storage)] : [])])];
  const now = ctx.now();
  return {
    acceptedNames: spec.names ?? {},
    conditions: [
      condition('NamesAccepted', 'NoConflicts', 'no conflicts found', now),
      condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted', now),
    ],
    storedVersions: stored,
  };
}

function validateCrd(o: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = isJsonObject(o.spec) ? o.spec : {};
  const names = isJsonObject(spec.names) ? spec.names : {};
  const group = typeof spec.group === 'string' ? spec.group : '';
  if (!group.includes('.'))
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.group',
      message: `Invalid value: "${group}": should be a domain with at least one dot`,
    });
  if (typeof names.plural !== 'string' || !names.plural)
    causes.push({ reason: 'FieldValueRequired', field: 'spec.names.plural', message: 'Required value' });
  if (typeof names.kind !== 'string' || !names.kind)
    causes.push({ reason: 'FieldValueRequired', field: 'spec.names.kind', message: 'Required value' });
  const expected = `${String(names.plural)}.${group}`;
  if (o.metadata.name !== expected)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
      message: `Invalid value: "${String(o.metadata.name)}": must be spec.names.plural+"."+spec.group`,
    });
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster')
    causes.push({
      reason: 'FieldValueNotSupported',
      field: 'spec.scope',
      message: `Unsupported value: "${String(spec.scope)}": supported values: "Cluster", "Namespaced"`,
    });
  const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(isJsonObject);
  if (versions.length === 0)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.versions',
      message: 'Invalid value: null: must have exactly one version marked as storage version',
    });
  else if (versions.filter((v) => v.storage === true).length !== 1)
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'spec.versions',
      message: 'Invalid value: must have exactly one version marked as storage version',
    });
  versions.forEach((v, i) => {
    if (!isJsonObject(v.schema) || !isJsonObject(v.schema.openAPIV3Schema))
      causes.push({
        reason: 'FieldValueRequired',
        field: `spec.versions[${i}].schema.openAPIV3Schema`,
        message: 'Required value: schemas are required',
      });
  });
  return causes;
}

export const crdStrategy: KindStrategy = {
  generation: true,
  prepareForCreate: (o, ctx) => {
    o.metadata.finalizers = [...new Set([...(o.metadata.finalizers ?? []), crdCleanupFinalizer])];
    o.status = crdStatus(o, undefined, ctx);
  },
  prepareForUpdate: (o, old, ctx) => {
    o.status = crdStatus(o, old, ctx);
  },
  validate: (o) => validateCrd(o),
};
