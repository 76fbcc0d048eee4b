import { apiErrors } from './api-errors';
import { getPath, type KubeObject } from './kube-object.types';
import type { ResourceType } from './resource-type';

interface FieldRequirement {
  field: string;
  equals: boolean;
  value: string;
}

/** A parsed `fieldSelector`; the empty selector matches everything. */
export interface FieldSelector {
  requirements: FieldRequirement[];
  matches(obj: KubeObject): boolean;
}

function fieldValue(obj: KubeObject, field: string): string {
  const v = getPath(obj, field.split('.'));
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * Parses `fieldSelector` (`metadata.name=x,status.phase!=Running`) for a resource type. Only the
 * labels the apiserver supports for that type are accepted (BadRequest otherwise).
 */
export function parseFieldSelector(text: string | undefined | null, type: ResourceType): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of (text ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw apiErrors.badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = m[1].trim();
    const allowed = field === 'metadata.name' || field === 'metadata.namespace' || type.fieldLabels.includes(field);
    if (!allowed) throw apiErrors.badRequest(`field label not supported: ${field}`);
    requirements.push({ field, equals: m[2] !== '!=', value: m[3].trim() });
  }
  return {
    requirements,
    matches: (obj) => requirements.every((r) => (fieldValue(obj, r.field) === r.value) === r.equals),
  };
}
