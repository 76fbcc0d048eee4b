/**
 * The scheduler's node filter for a pod's required node affinity
 * (`spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`), as kube-scheduler's
 * NodeAffinity plugin reads it: the node must match at least one of `nodeSelectorTerms`; a term
 * matches when all its `matchExpressions` (on node labels: In, NotIn, Exists, DoesNotExist, Gt, Lt)
 * and `matchFields` (`metadata.name`: In, NotIn) hold; a term with neither matches no node.
 * Preferred terms only rank nodes and are ignored here.
 */
import { getPath, isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';

export function matchesRequiredNodeAffinity(pod: Readonly<KubeObject>, node: Readonly<KubeObject>): boolean {
  const required = getPath(pod, ['spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution']);
  if (!isJsonObject(required)) return true;
  const terms = Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms.filter(isJsonObject) : [];
  return terms.some((term) => termMatches(term, node));
}

function termMatches(term: JsonObject, node: Readonly<KubeObject>): boolean {
  const expressions = Array.isArray(term.matchExpressions) ? term.matchExpressions.filter(isJsonObject) : [];
  const fields = Array.isArray(term.matchFields) ? term.matchFields.filter(isJsonObject) : [];
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  const fieldValues: Record<string, string> = { 'metadata.name': String(node.metadata.name) };
  return expressions.every((e) => requirementHolds(e, labels)) && fields.every((f) => requirementHolds(f, fieldValues));
}

function requirementHolds(r: JsonObject, values: Readonly<Record<string, string>>): boolean {
  const key = String(r.key);
  const has = Object.prototype.hasOwnProperty.call(values, key);
  const list = Array.isArray(r.values) ? r.values.map(String) : [];
  switch (r.operator) {
    case 'In':
      return has && list.includes(values[key]);
    case 'NotIn':
      return !has || !list.includes(values[key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
      return has && list.length === 1 && Number(values[key]) > Number(list[0]);
    case 'Lt':
      return has && list.length === 1 && Number(values[key]) < Number(list[0]);
    default:
      return false;
  }
}
