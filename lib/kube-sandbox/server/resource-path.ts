import type { ResourceRegistry } from '../api/resource.registry';
import type { ResourceType } from '../api/resource-type';

/** A request path that names a resource collection, an object or an object's subresource. */
export interface ResourcePath {
  type: ResourceType;
  /** Set for namespaced requests (`/namespaces/<ns>/…`); undefined for all-namespace lists and cluster-scoped kinds. */
  namespace?: string;
  name?: string;
  subresource?: string;
}

/** Group/version addressed by a path prefix, with the remaining segments. */
export function splitGroupVersion(segments: string[]): { group: string; version: string; rest: string[] } | undefined {
  if (segments[0] === 'api' && segments.length >= 2)
    return { group: '', version: segments[1], rest: segments.slice(2) };
  if (segments[0] === 'apis' && segments.length >= 3)
    return { group: segments[1], version: segments[2], rest: segments.slice(3) };
  return undefined;
}

/**
 * Resolves `/api/v1/...` and `/apis/<g>/<v>/...` resource paths. Returns undefined when the
 * path does not name a served resource (the caller answers 404).
 */
export function parseResourcePath(
  registry: ResourceRegistry,
  group: string,
  version: string,
  rest: string[],
): ResourcePath | undefined {
  if (rest.length === 0) return undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const nested = registry.lookup(group, version, rest[2]);
    if (nested && nested.namespaced) {
      if (rest.length > 5) return undefined;
      return { type: nested, namespace: rest[1], name: rest[3], subresource: rest[4] };
    }
  }
  const type = registry.lookup(group, version, rest[0]);
  if (!type || rest.length > 3) return undefined;
  return { type, name: rest[1], subresource: rest[2] };
}
