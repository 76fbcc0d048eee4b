import { KubeApiError } from '../api/api-errors';
import type { KubeObject, OwnerReference } from '../api/kube-object.types';
import type { LabelSelector } from '../api/label-selector';
import { apiVersionOf, type ResourceType } from '../api/resource-type';
import type { PropagationPolicy, WriteOptions } from '../core/write-options';
import type { ControllerContext } from './controller.types';

/**
 * The API as a controller sees it: typed by group/resource (`deployments.apps`, `pods`), writes
 * recorded under the controller's field manager, reads straight from the store.
 */
export class ClusterClient {
  constructor(
    readonly ctx: ControllerContext,
    private readonly manager: string,
  ) {}

  type(groupResource: string): ResourceType {
    const t = this.ctx.registry.anyVersionOf(groupResource);
    if (!t) throw new Error(`resource ${groupResource} is not served`);
    return t;
  }

  private opts(): WriteOptions {
    return { fieldManager: this.manager, fieldValidation: 'Ignore' };
  }

  get(groupResource: string, namespace: string, name: string): KubeObject | undefined {
    return this.ctx.store.get({ groupResource, namespace: this.type(groupResource).namespaced ? namespace : '', name });
  }

  list(groupResource: string, namespace?: string, selector?: LabelSelector): KubeObject[] {
    const all = this.ctx.store.list(groupResource, namespace);
    return selector ? all.filter((o) => selector.matches(o.metadata.labels)) : all;
  }

  create(groupResource: string, namespace: string, obj: KubeObject): KubeObject {
    const t = this.type(groupResource);
    return this.ctx.api.create(t, namespace, { ...obj, apiVersion: apiVersionOf(t), kind: t.kind }, this.opts()).object;
  }

  /** PUT of the whole object; the object's resourceVersion is the precondition. */
  update(groupResource: string, obj: KubeObject): KubeObject {
    const t = this.type(groupResource);
    return this.ctx.api.update(
      t,
      obj.metadata.namespace ?? '',
      String(obj.metadata.name),
      { ...obj, apiVersion: apiVersionOf(t), kind: t.kind },
      this.opts(),
    ).object;
  }

  /** PUT to the status subresource (plain update for kinds without one). */
  updateStatus(groupResource: string, obj: KubeObject): KubeObject {
    const t = this.type(groupResource);
    const opts: WriteOptions = { ...this.opts(), subresource: t.statusSubresource ? 'status' : undefined };
    return this.ctx.api.update(
      t,
      obj.metadata.namespace ?? '',
      String(obj.metadata.name),
      { ...obj, apiVersion: apiVersionOf(t), kind: t.kind },
      opts,
    ).object;
  }

  /** Deletes; a missing object is not an error. */
  delete(
    groupResource: string,
    namespace: string,
    name: string,
    propagationPolicy: PropagationPolicy = 'Background',
  ): void {
    try {
      this.ctx.api.delete(this.type(groupResource), namespace, name, { propagationPolicy });
    } catch (err) {
      if (!(err instanceof KubeApiError && err.code === 'NotFound')) throw err;
    }
  }
}

/** A controller owner reference to `owner`. */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: String(owner.metadata.name),
    uid: String(owner.metadata.uid),
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** True when `obj` is controlled by the object with `uid`. */
export function isControlledBy(obj: Readonly<KubeObject>, uid: string | undefined): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid);
}

/** The controlling owner reference of `obj`, if any. */
export function controllerOf(obj: Readonly<KubeObject>): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
}

export const objectKey = (o: Readonly<KubeObject>): string =>
  `${o.metadata.namespace ?? ''}/${String(o.metadata.name)}`;
export const splitKey = (key: string): { namespace: string; name: string } => {
  const i = key.indexOf('/');
  return { namespace: key.slice(0, i), name: key.slice(i + 1) };
};
