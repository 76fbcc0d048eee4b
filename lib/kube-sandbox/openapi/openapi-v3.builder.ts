import { createHash } from 'node:crypto';
import type { JsonObject } from '../api/kube-object.types';
import type { ResourceRegistry } from '../api/resource.registry';
import type { ResourceType } from '../api/resource-type';
import { OpenApiSchemaWriter } from './schema-to-openapi';

const json = { 'application/json': {} };
const param = (name: string, type = 'string', description = ''): JsonObject => ({
  name,
  in: 'query',
  description,
  schema: { type, uniqueItems: true },
});
const writeParams = [
  param('dryRun'),
  param('fieldManager'),
  param('fieldValidation', 'string', 'Strict, Warn or Ignore: server-side field validation'),
];
const patchContent = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

/** Path prefix of a group/version (`api/v1`, `apis/apps/v1`). */
export const gvPath = (group: string, version: string): string =>
  group ? `apis/${group}/${version}` : `api/${version}`;

function op(t: ResourceType, action: string, ref: JsonObject, extra: JsonObject = {}): JsonObject {
  return {
    operationId: `${action}${t.kind}`,
    tags: [gvPath(t.group, t.version)],
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
    ...extra,
  };
}

function resourcePaths(t: ResourceType, ref: JsonObject): Record<string, JsonObject> {
  const base = `/${gvPath(t.group, t.version)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${t.resource}`;
  const body = (content: string[]): JsonObject => ({
    requestBody: { content: Object.fromEntries(content.map((c) => [c, { schema: ref }])), required: true },
  });
  const nameParams = [
    { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
    ...(t.namespaced ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string' } }] : []),
  ];
  const item: JsonObject = {
    get: op(t, 'get', ref),
    put: op(t, 'put', ref, { parameters: writeParams, ...body(['*/*']) }),
    patch: op(t, 'patch', ref, { parameters: [...writeParams, param('force', 'boolean')], ...body(patchContent) }),
    delete: op(t, 'delete', ref),
    parameters: nameParams,
  };
  const paths: Record<string, JsonObject> = {
    [base]: {
      get: op(t, 'list', ref),
      post: op(t, 'post', ref, { parameters: writeParams, ...body(['*/*']) }),
      delete: op(t, 'deletecollection', ref),
      parameters: nameParams.slice(1),
    },
    [`${base}/{name}`]: item,
  };
  if (t.statusSubresource)
    paths[`${base}/{name}/status`] = {
      get: op(t, 'get', ref),
      put: item.put,
      patch: item.patch,
      parameters: nameParams,
    };
  return paths;
}

/**
 * Builds the OpenAPI v3 document of one group/version: resource paths whose write operations
 * advertise `fieldValidation` (so kubectl and helm rely on server-side strict validation) and
 * component schemas for every kind. PATCH bodies deliberately omit
 * `application/strategic-merge-patch+json`, which makes kubectl compute strategic merge patches
 * from its compiled-in types rather than from these generated schemas.
 */
export function buildGroupVersionDocument(registry: ResourceRegistry, group: string, version: string): JsonObject {
  const writer = new OpenApiSchemaWriter(
    group ? `${group.split('.').reverse().join('.')}.${version}.` : `io.k8s.api.core.${version}.`,
  );
  const paths: Record<string, JsonObject> = {};
  for (const t of registry.resourcesOf(group, version)) {
    const name =
      t.source === 'crd'
        ? `${t.group.split('.').reverse().join('.')}.${t.version}.${t.kind}`
        : `io.k8s.${gvPath(t.group, t.version).replace(/\//g, '.')}.${t.kind}`;
    const ref = writer.define(name, t.schema);
    Object.assign(paths, resourcePaths(t, ref));
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.31.0' },
    paths,
    components: { schemas: writer.components },
  };
}

/** Caches per-GV documents and their hashes until the registry changes. */
export class OpenApiV3Cache {
  private revision = -1;
  private docs = new Map<string, { body: string; hash: string }>();

  constructor(private readonly registry: ResourceRegistry) {}

  private refresh(): void {
    if (this.revision === this.registry.revision) return;
    this.docs = new Map();
    this.revision = this.registry.revision;
  }

  /** Serialized document and hash for `api/v1` / `apis/<g>/<v>`, or undefined when not served. */
  document(path: string): { body: string; hash: string } | undefined {
    this.refresh();
    const cached = this.docs.get(path);
    if (cached) return cached;
    const gv = this.registry
      .groups()
      .flatMap((g) => g.versions.map((v) => ({ group: g.name, version: v })))
      .find((x) => gvPath(x.group, x.version) === path);
    if (!gv) return undefined;
    const body = JSON.stringify(buildGroupVersionDocument(this.registry, gv.group, gv.version));
    const entry = { body, hash: createHash('sha512').update(body).digest('hex').toUpperCase().slice(0, 128) };
    this.docs.set(path, entry);
    return entry;
  }

  /** The `/openapi/v3` discovery document. */
  root(): JsonObject {
    const paths: JsonObject = {};
    for (const g of this.registry.groups()) {
      for (const v of g.versions) {
        const p = gvPath(g.name, v);
        const doc = this.document(p);
        if (doc) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${doc.hash}` };
      }
    }
    return { paths };
  }
}
