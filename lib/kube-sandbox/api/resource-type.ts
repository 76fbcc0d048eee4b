import type { SchemaNode } from '../schema/schema.types';

/** An additional printer column (from a CRD's `additionalPrinterColumns` or the sandbox's built-in tables). */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string;
  description?: string;
  priority?: number;
}

/** Where the `scale` subresource finds its numbers (CRD `subresources.scale` or built-in). */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/**
 * One served resource (a group/version/resource triple). Instances are immutable; the registry
 * replaces them when a CRD changes.
 */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  /** Plural, lower case: the path segment (`deployments`). */
  readonly resource: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  readonly statusSubresource: boolean;
  readonly scale?: ScaleSubresource;
  /** Schema of the whole object; drives strict validation, OpenAPI, strategic merge and apply. */
  readonly schema: SchemaNode;
  readonly source: 'builtin' | 'crd';
  /** Field selector labels accepted beyond metadata.name / metadata.namespace. */
  readonly fieldLabels: readonly string[];
  readonly printerColumns?: readonly PrinterColumn[];
}

export function apiVersionOf(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** Identity of a resource across versions: the unit stored objects are keyed by. */
export function groupResourceOf(t: Pick<ResourceType, 'group' | 'resource'>): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource;
}

export const standardVerbs = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
] as const;
