import { clientNode } from './client-node.loader';
import { listMetaCatalog, quantityCatalog, type ListMeta } from './patch-meta.catalog';
import { anySchema, type ArraySchema, type ObjectSchema, type SchemaNode } from './schema.types';

/** Shape of one entry of a client-node model's `attributeTypeMap`. */
interface AttributeType {
  name: string;
  baseName: string;
  type: string;
  format: string;
}

interface ModelClass {
  getAttributeTypeMap(): AttributeType[];
}

const models = clientNode as unknown as Record<string, ModelClass | undefined>;
const cache = new Map<string, ObjectSchema>();

/** True when @kubernetes/client-node has a model class of that name. */
export function hasModel(name: string): boolean {
  return typeof models[name]?.getAttributeTypeMap === 'function';
}

/**
 * The schema of a client-node model (`V1Deployment`), built once and cached. Recursive models
 * (JSONSchemaProps) yield cyclic schema graphs; consumers walk them lazily.
 */
export function modelSchema(name: string): ObjectSchema {
  const cached = cache.get(name);
  if (cached) return cached;
  const cls = models[name];
  if (!cls || typeof cls.getAttributeTypeMap !== 'function')
    throw new Error(`no @kubernetes/client-node model named ${name}`);
  const schema: ObjectSchema = {
    kind: 'object',
    modelName: name,
    properties: {},
    required: [],
    preserveUnknownFields: false,
  };
  cache.set(name, schema);
  const quantities = new Set(quantityCatalog[name] ?? []);
  for (const attr of cls.getAttributeTypeMap()) {
    schema.properties[attr.baseName] = quantities.has(attr.baseName)
      ? quantityNode(attr.type)
      : typeNode(attr.type, attr.format, listMetaCatalog[name]?.[attr.baseName], attr.baseName);
  }
  return schema;
}

function quantityNode(type: string): SchemaNode {
  const q: SchemaNode = { kind: 'quantity' };
  return type.startsWith('{') ? { kind: 'map', values: q } : q;
}

function typeNode(type: string, format: string, listMeta: ListMeta | undefined, prop: string): SchemaNode {
  const arrayMatch = /^Array<(.+)>$/.exec(type);
  if (arrayMatch) return arrayNode(arrayMatch[1], format, listMeta, prop);
  const mapMatch = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (mapMatch) return { kind: 'map', values: typeNode(mapMatch[1], '', undefined, '') };
  switch (type) {
    case 'string':
      return format === 'byte' ? { kind: 'string', format: 'byte' } : { kind: 'string' };
    case 'number':
      return format === 'double' ? { kind: 'number', format } : { kind: 'integer', format: format || 'int64' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'Date':
      return { kind: 'string', format: format || 'date-time' };
    case 'IntOrString':
      return { kind: 'int-or-string' };
    case 'any':
      return anySchema;
    default:
      return hasModel(type) ? modelSchema(type) : anySchema;
  }
}

function arrayNode(itemType: string, format: string, meta: ListMeta | undefined, prop: string): ArraySchema {
  const items = typeNode(itemType, format, undefined, '');
  if (meta)
    return {
      kind: 'array',
      items,
      listType: meta.listType,
      mapKeys: meta.mapKeys ?? [],
      patchMergeKey: meta.patchMergeKey,
      patchStrategy: meta.patchStrategy,
    };
  // General rule of the Kubernetes API: `conditions` lists are maps keyed by `type`.
  if (prop === 'conditions' && items.kind === 'object' && items.properties.type) {
    return { kind: 'array', items, listType: 'map', mapKeys: ['type'], patchMergeKey: 'type', patchStrategy: 'merge' };
  }
  return { kind: 'array', items, listType: 'atomic', mapKeys: [] };
}
