import { crdSchemaToNode } from '../schema/crd-schema.converter';
import { getPath, isJsonObject, type JsonObject, type KubeObject } from './kube-object.types';
import { standardVerbs, type PrinterColumn, type ResourceType } from './resource-type';

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

function printerColumns(v: unknown): PrinterColumn[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter(isJsonObject).map((c) => ({
    name: String(c.name),
    type: String(c.type ?? 'string') as PrinterColumn['type'],
    jsonPath: String(c.jsonPath),
    description: typeof c.description === 'string' ? c.description : undefined,
    priority: typeof c.priority === 'number' ? c.priority : 0,
  }));
}

/** The served versions of a CustomResourceDefinition as resource types (storage version first). */
export function crdResourceTypes(crd: KubeObject): ResourceType[] {
  const spec = crd.spec as JsonObject;
  const names = spec.names as JsonObject;
  const group = String(spec.group);
  const versions = (Array.isArray(spec.versions) ? spec.versions : [])
    .filter(isJsonObject)
    .filter((v) => v.served !== false);
  versions.sort((a, b) => Number(b.storage === true) - Number(a.storage === true));
  return versions.map((v) => {
    const version = String(v.name);
    const sub = isJsonObject(v.subresources) ? v.subresources : {};
    const scale = isJsonObject(sub.scale) ? sub.scale : undefined;
    const schemaRoot = getPath(v, ['schema', 'openAPIV3Schema']);
    return {
      group,
      version,
      kind: String(names.kind),
      listKind: String(names.listKind ?? `${String(names.kind)}List`),
      resource: String(names.plural),
      singular: String(names.singular ?? String(names.kind).toLowerCase()),
      namespaced: spec.scope !== 'Cluster',
      shortNames: strings(names.shortNames),
      categories: strings(names.categories),
      verbs: standardVerbs,
      statusSubresource: sub.status !== undefined,
      scale: scale
        ? {
            specReplicasPath: String(scale.specReplicasPath),
            statusReplicasPath: String(scale.statusReplicasPath),
            labelSelectorPath: typeof scale.labelSelectorPath === 'string' ? scale.labelSelectorPath : undefined,
          }
        : undefined,
      schema: crdSchemaToNode(isJsonObject(schemaRoot) ? schemaRoot : undefined, {
        group,
        version,
        kind: String(names.kind),
      }),
      source: 'crd' as const,
      fieldLabels: [],
      printerColumns: printerColumns(v.additionalPrinterColumns),
    };
  });
}
