import { isJsonObject, type JsonObject, type JsonValue } from '../api/kube-object.types';
import { modelSchema } from './model-schema.builder';
import { anySchema, type Constraints, type ListType, type ObjectSchema, type SchemaNode } from './schema.types';

const constraintKeys = [
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'format',
] as const;

function constraintsOf(p: JsonObject): Constraints | undefined {
  const out: Record<string, JsonValue> = {};
  for (const k of constraintKeys) if (p[k] !== undefined) out[k] = p[k];
  return Object.keys(out).length ? (out as Constraints) : undefined;
}

/**
 * Converts a CRD version's `openAPIV3Schema` (JSONSchemaProps) into the sandbox schema.
 * `metadata` of the top level always uses the built-in ObjectMeta schema, as the apiserver does;
 * `apiVersion`/`kind` are always allowed.
 */
export function crdSchemaToNode(
  root: JsonObject | undefined,
  gvk: { group: string; version: string; kind: string },
): ObjectSchema {
  const node = root ? convert(root) : undefined;
  const top: ObjectSchema =
    node && node.kind === 'object'
      ? { ...node, properties: { ...node.properties } }
      : { kind: 'object', properties: {}, required: [], preserveUnknownFields: !root || node?.kind === 'any' };
  top.properties.apiVersion = { kind: 'string' };
  top.properties.kind = { kind: 'string' };
  top.properties.metadata = modelSchema('V1ObjectMeta');
  top.gvk = gvk;
  return top;
}

/** Converts one JSONSchemaProps node. */
export function convert(p: JsonObject): SchemaNode {
  const base = {
    description: typeof p.description === 'string' ? p.description : undefined,
    nullable: p.nullable === true,
    constraints: constraintsOf(p),
    default: p.default,
  };
  if (p['x-kubernetes-int-or-string'] === true) return { kind: 'int-or-string', ...base };
  const preserve = p['x-kubernetes-preserve-unknown-fields'] === true;
  switch (p.type) {
    case 'object':
      return objectNode(p, preserve, base);
    case 'array': {
      const items = isJsonObject(p.items) ? convert(p.items) : anySchema;
      const listType = (
        typeof p['x-kubernetes-list-type'] === 'string' ? p['x-kubernetes-list-type'] : 'atomic'
      ) as ListType;
      const keys = Array.isArray(p['x-kubernetes-list-map-keys'])
        ? p['x-kubernetes-list-map-keys'].filter((k): k is string => typeof k === 'string')
        : [];
      return { kind: 'array', items, listType, mapKeys: keys, ...base };
    }
    case 'string':
      return { kind: 'string', format: typeof p.format === 'string' ? p.format : undefined, ...base };
    case 'integer':
      return { kind: 'integer', ...base };
    case 'number':
      return { kind: 'number', ...base };
    case 'boolean':
      return { kind: 'boolean', ...base };
    default:
      if (isJsonObject(p.properties)) return objectNode(p, preserve, base);
      return { kind: 'any', ...base };
  }
}

function objectNode(p: JsonObject, preserve: boolean, base: Partial<SchemaNode>): SchemaNode {
  if (isJsonObject(p.additionalProperties))
    return { kind: 'map', values: convert(p.additionalProperties), ...base } as SchemaNode;
  const properties: Record<string, SchemaNode> = {};
  if (isJsonObject(p.properties))
    for (const [k, v] of Object.entries(p.properties)) if (isJsonObject(v)) properties[k] = convert(v);
  const embedded = p['x-kubernetes-embedded-resource'] === true;
  if (embedded) {
    properties.apiVersion ??= { kind: 'string' };
    properties.kind ??= { kind: 'string' };
    properties.metadata ??= { kind: 'object', properties: {}, required: [], preserveUnknownFields: true };
  }
  const noProps = !isJsonObject(p.properties) && p.additionalProperties !== false;
  return {
    kind: 'object',
    properties,
    required: Array.isArray(p.required) ? p.required.filter((r): r is string => typeof r === 'string') : [],
    preserveUnknownFields: preserve || (noProps && p.additionalProperties === true),
    embeddedResource: embedded,
    atomic: p['x-kubernetes-map-type'] === 'atomic',
    ...base,
  } as SchemaNode;
}
