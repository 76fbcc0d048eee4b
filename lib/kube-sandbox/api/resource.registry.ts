import { builtinResourceTypes } from './builtin-resources.catalog';
import { crdResourceTypes } from './crd-resource-types';
import type { KubeObject } from './kube-object.types';
import { groupResourceOf, type ResourceType } from './resource-type';

/** A served API group with its versions, preferred first. */
export interface ApiGroupInfo {
  name: string;
  versions: string[];
}

/**
 * All resource types one sandbox cluster serves: the built-in catalog plus the versions of every
 * established CustomResourceDefinition. Lookups are by group/version/resource or group/version/kind.
 * `revision` increases on every change so discovery and OpenAPI documents can be cached.
 */
export class ResourceRegistry {
  private readonly builtins: ResourceType[];
  private readonly crdTypes = new Map<string, ResourceType[]>();
  private byPath = new Map<string, ResourceType>();
  private byKind = new Map<string, ResourceType>();
  private ordered: ResourceType[] = [];
  revision = 0;

  constructor() {
    this.builtins = builtinResourceTypes();
    this.rebuild();
  }

  /** The type served at `/apis/<group>/<version>/<resource>` (group '' for the core API). */
  lookup(group: string, version: string, resource: string): ResourceType | undefined {
    return this.byPath.get(`${group}/${version}/${resource}`);
  }

  lookupKind(group: string, version: string, kind: string): ResourceType | undefined {
    return this.byKind.get(`${group}/${version}/${kind}`);
  }

  /** Any served version of a group/resource (for garbage collection and namespace cleanup). */
  anyVersionOf(groupResource: string): ResourceType | undefined {
    return this.ordered.find((t) => groupResourceOf(t) === groupResource);
  }

  all(): readonly ResourceType[] {
    return this.ordered;
  }

  /** One entry per group/resource (the storage unit), for sweeps over every stored object. */
  storageTypes(): ResourceType[] {
    const seen = new Map<string, ResourceType>();
    for (const t of this.ordered) if (!seen.has(groupResourceOf(t))) seen.set(groupResourceOf(t), t);
    return [...seen.values()];
  }

  groups(): ApiGroupInfo[] {
    const out = new Map<string, string[]>();
    for (const t of this.ordered) {
      const versions = out.get(t.group) ?? [];
      if (!versions.includes(t.version)) versions.push(t.version);
      out.set(t.group, versions);
    }
    return [...out.entries()].map(([name, versions]) => ({ name, versions }));
  }

  resourcesOf(group: string, version: string): ResourceType[] {
    return this.ordered.filter((t) => t.group === group && t.version === version);
  }

  /** Registers (or replaces) the served versions of a CRD. Returns the new types. */
  applyCrd(crd: KubeObject): ResourceType[] {
    const name = String(crd.metadata.name);
    const types = crdResourceTypes(crd).filter(
      (t) => !this.builtins.some((b) => b.group === t.group && b.resource === t.resource),
    );
    this.crdTypes.set(name, types);
    this.rebuild();
    return types;
  }

  removeCrd(name: string): void {
    if (this.crdTypes.delete(name)) this.rebuild();
  }

  private rebuild(): void {
    this.ordered = [...this.builtins, ...[...this.crdTypes.values()].flat()];
    this.byPath = new Map(this.ordered.map((t) => [`${t.group}/${t.version}/${t.resource}`, t]));
    this.byKind = new Map(this.ordered.map((t) => [`${t.group}/${t.version}/${t.kind}`, t]));
    this.revision++;
  }
}
