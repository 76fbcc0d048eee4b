/**
 * Generic object operations over the plain-JSON object API: read, list (all pages), server-side
 * apply, create, replace, delete and scale. Errors are thrown as client-node raised them;
 * the connection maps them (./kube-errors.ts).
 */
import type { ApplyOptions } from './kube-connection.types';
import { kubeError } from './kube-errors';
import type { WireObjectApi } from './kube-client';
import type { KubeObject, ObjectRef } from './kube-object.types';

const PAGE = 500;

interface KubeList {
  items?: KubeObject[];
  metadata?: { continue?: string };
}

const isNotFound = (err: unknown) => (err as { code?: unknown } | null)?.code === 404;

function header(ref: ObjectRef): KubeObject {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
  };
}

function notServed(apiVersion: string, kind: string) {
  return kubeError(
    'KUBE_INVALID',
    `the cluster does not serve kind ${kind} in ${apiVersion} (is its CustomResourceDefinition installed?)`,
  );
}

export class KubeObjectOps {
  constructor(
    private readonly api: WireObjectApi,
    /** The kubeconfig context's namespace, for namespaced objects that name none. */
    private readonly contextNamespace: string,
  ) {}

  async get(ref: ObjectRef): Promise<KubeObject | null> {
    if (!(await this.api.scopeOf(ref.apiVersion, ref.kind))) return null;
    try {
      return await this.api.send<KubeObject>({ method: 'GET', path: await this.api.pathOf(header(ref), 'read') });
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Every object of a kind (all namespaces when `namespace` is null); null when the kind is not served. */
  async list(
    apiVersion: string,
    kind: string,
    namespace: string | null,
    labelSelector?: string,
  ): Promise<KubeObject[] | null> {
    const scope = await this.api.scopeOf(apiVersion, kind);
    if (!scope) return null;
    const ns = scope === 'namespaced' && namespace ? { namespace } : {};
    const path = await this.api.pathOf({ apiVersion, kind, metadata: { name: '', ...ns } }, 'list');
    const items: KubeObject[] = [];
    let next: string | undefined;
    do {
      const page = await this.api.send<KubeList>({
        method: 'GET',
        path,
        query: { labelSelector, limit: String(PAGE), continue: next },
      });
      for (const item of page.items ?? []) items.push({ ...item, apiVersion, kind });
      next = page.metadata?.continue || undefined;
    } while (next);
    return items;
  }

  async apply(obj: KubeObject, defaultNamespace: string | null, opts: ApplyOptions): Promise<KubeObject> {
    const body = await this.placed(obj, defaultNamespace);
    return this.api.send<KubeObject>({
      method: 'PATCH',
      path: await this.api.pathOf(body, 'patch'),
      query: {
        fieldManager: opts.fieldManager,
        force: String(opts.force),
        ...(opts.dryRun ? { dryRun: 'All' } : {}),
        ...(opts.fieldValidation ? { fieldValidation: opts.fieldValidation } : {}),
      },
      body,
      contentType: 'application/apply-patch+yaml',
    });
  }

  async create(obj: KubeObject, defaultNamespace: string | null): Promise<KubeObject> {
    const body = await this.placed(obj, defaultNamespace);
    return this.api.send<KubeObject>({ method: 'POST', path: await this.api.pathOf(body, 'create'), body });
  }

  async replace(obj: KubeObject): Promise<KubeObject> {
    if (!obj.metadata.resourceVersion)
      throw kubeError('KUBE_INVALID', `replace of ${obj.kind}/${obj.metadata.name} needs metadata.resourceVersion`);
    const body = await this.placed(obj, null);
    return this.api.send<KubeObject>({ method: 'PUT', path: await this.api.pathOf(body, 'replace'), body });
  }

  async remove(ref: ObjectRef, propagation: 'Background' | 'Foreground' | 'Orphan'): Promise<'deleted' | 'absent'> {
    if (!(await this.api.scopeOf(ref.apiVersion, ref.kind))) return 'absent';
    try {
      await this.api.send({
        method: 'DELETE',
        path: await this.api.pathOf(header(ref), 'delete'),
        body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: propagation },
      });
      return 'deleted';
    } catch (err) {
      if (isNotFound(err)) return 'absent';
      throw err;
    }
  }

  async scale(ref: ObjectRef, replicas: number): Promise<void> {
    if (!Number.isInteger(replicas) || replicas < 0)
      throw kubeError('KUBE_INVALID', `cannot scale to ${replicas} replicas: a whole number ≥ 0 is needed`);
    if (!(await this.api.scopeOf(ref.apiVersion, ref.kind))) throw notServed(ref.apiVersion, ref.kind);
    await this.api.send({
      method: 'PATCH',
      path: `${await this.api.pathOf(header(ref), 'read')}/scale`,
      body: { spec: { replicas } },
      contentType: 'application/merge-patch+json',
    });
  }

  /** A copy of `obj` with the namespace its kind's scope calls for. */
  private async placed(obj: KubeObject, defaultNamespace: string | null): Promise<KubeObject> {
    const scope = await this.api.scopeOf(obj.apiVersion, obj.kind);
    if (!scope) throw notServed(obj.apiVersion, obj.kind);
    const body = structuredClone(obj);
    if (scope === 'cluster') delete body.metadata.namespace;
    else body.metadata.namespace ||= defaultNamespace ?? this.contextNamespace;
    return body;
  }
}
