import type { JsonObject } from '../api/kube-object.types';
import type { SchemaNode } from '../schema/schema.types';

/**
 * Converts sandbox schemas to OpenAPI v3 schema objects. Named (model) objects become
 * `$ref`s into `components`, which the converter fills as it meets them, so recursive models
 * terminate.
 */
export class OpenApiSchemaWriter {
  readonly components: Record<string, JsonObject> = {};
  private readonly names = new Map<SchemaNode, string>();

  constructor(private readonly prefix: string) {}

  /** Registers a top-level schema under `name` and returns its `$ref`. */
  define(name: string, node: SchemaNode): JsonObject {
    this.names.set(node, name);
    if (!this.components[name]) {
      this.components[name] = {};
      this.components[name] = this.inline(node);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  /** Schema object for `node` ($ref for models). */
  write(node: SchemaNode): JsonObject {
    if (node.kind === 'object' && (node.modelName || this.names.has(node))) {
      const name = this.names.get(node) ?? `${this.prefix}${node.modelName}`;
      return this.define(name, node);
    }
    return this.inline(node);
  }

  private inline(node: SchemaNode): JsonObject {
    const out = this.body(node);
    if (node.description) out.description = node.description;
    if (node.nullable) out.nullable = true;
    if (node.default !== undefined) out.default = node.default;
    if (node.constraints) Object.assign(out, node.constraints);
    return out;
  }

  private body(node: SchemaNode): JsonObject {
    switch (node.kind) {
      case 'object': {
        const out: JsonObject = { type: 'object' };
        const props = Object.entries(node.properties);
        if (props.length) out.properties = Object.fromEntries(props.map(([k, v]) => [k, this.write(v)]));
        if (node.required.length) out.required = node.required;
        if (node.preserveUnknownFields) out['x-kubernetes-preserve-unknown-fields'] = true;
        if (node.embeddedResource) out['x-kubernetes-embedded-resource'] = true;
        if (node.atomic) out['x-kubernetes-map-type'] = 'atomic';
        if (node.gvk) out['x-kubernetes-group-version-kind'] = [{ ...node.gvk }];
        return out;
      }
      case 'map':
        return { type: 'object', additionalProperties: this.write(node.values) };
      case 'array': {
        const out: JsonObject = { type: 'array', items: this.write(node.items) };
        if (node.listType !== 'atomic' || node.mapKeys.length) out['x-kubernetes-list-type'] = node.listType;
        if (node.mapKeys.length) out['x-kubernetes-list-map-keys'] = node.mapKeys;
        if (node.patchMergeKey) out['x-kubernetes-patch-merge-key'] = node.patchMergeKey;
        if (node.patchStrategy) out['x-kubernetes-patch-strategy'] = node.patchStrategy;
        return out;
      }
      case 'int-or-string':
        return { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
      case 'quantity':
        return { oneOf: [{ type: 'string' }, { type: 'number' }] };
      case 'any':
        return { 'x-kubernetes-preserve-unknown-fields': true };
      default: {
        const out: JsonObject = { type: node.kind };
        if (node.format) out.format = node.format;
        return out;
      }
    }
  }
}
