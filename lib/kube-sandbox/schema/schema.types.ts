import type { JsonValue } from '../api/kube-object.types';

/**
 * The sandbox's structural schema: a subset of OpenAPI v3 with the Kubernetes extensions the
 * server needs (list types and merge keys for strategic merge and server-side apply,
 * preserve-unknown-fields, int-or-string). Built-in kinds get it from @kubernetes/client-node's
 * model metadata; custom resources from their CRD's `openAPIV3Schema`.
 */
export type SchemaNode = ObjectSchema | MapSchema | ArraySchema | ScalarSchema | AnySchema;

/** Value constraints CRD schemas may carry (built-in kinds leave them empty). */
export interface Constraints {
  enum?: JsonValue[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  format?: string;
}

interface NodeBase {
  description?: string;
  nullable?: boolean;
  constraints?: Constraints;
  /** Default applied on create/update when the field is absent (CRD `default`). */
  default?: JsonValue;
}

/** A struct: known properties; unknown ones are rejected unless `preserveUnknownFields`. */
export interface ObjectSchema extends NodeBase {
  kind: 'object';
  /** Model name (`V1PodSpec`) for built-ins; becomes the `$ref` component name in OpenAPI. */
  modelName?: string;
  properties: Record<string, SchemaNode>;
  required: string[];
  preserveUnknownFields: boolean;
  embeddedResource?: boolean;
  /** `x-kubernetes-map-type: atomic` (replaced as a whole by merges). */
  atomic?: boolean;
  /** Set on top-level kinds: `x-kubernetes-group-version-kind`. */
  gvk?: { group: string; version: string; kind: string };
}

/** `additionalProperties`: a string-keyed map of one value schema. */
export interface MapSchema extends NodeBase {
  kind: 'map';
  values: SchemaNode;
}

export type ListType = 'atomic' | 'set' | 'map';

export interface ArraySchema extends NodeBase {
  kind: 'array';
  items: SchemaNode;
  listType: ListType;
  /** For `listType: map`: the keys that identify an item. */
  mapKeys: string[];
  /** Strategic merge patch metadata (`x-kubernetes-patch-merge-key` / `-strategy`). */
  patchMergeKey?: string;
  patchStrategy?: string;
}

export type ScalarKind = 'string' | 'integer' | 'number' | 'boolean' | 'int-or-string' | 'quantity';

export interface ScalarSchema extends NodeBase {
  kind: ScalarKind;
  format?: string;
}

/** Free JSON (`RawExtension`, `x-kubernetes-preserve-unknown-fields` without a type). */
export interface AnySchema extends NodeBase {
  kind: 'any';
}

export const anySchema: AnySchema = { kind: 'any' };
