import { apiErrors, KubeApiError } from '../api/api-errors';
import { cloneJson, isJsonObject, jsonEqual, type JsonObject, type KubeObject } from '../api/kube-object.types';
import type { ResourceRegistry } from '../api/resource.registry';
import { apiVersionOf, groupResourceOf, type ResourceType } from '../api/resource-type';
import { applyJsonPatch } from '../patch/json-patch';
import { applyMergePatch } from '../patch/json-merge-patch';
import { recordUpdate, type WriteScope } from '../patch/managed-fields';
import { serverSideApply } from '../patch/server-side-apply';
import { applyStrategicMergePatch } from '../patch/strategic-merge-patch';
import { StoreError, type ObjectKey, type ObjectStore } from '../store/store.types';
import { applySchemaDefaults, decodeBody } from './body-decoder';
import { builtinStrategies } from './builtin.strategies';
import { deleteObject, type DeleteOutcome } from './deletion';
import { plainStrategy, type KindStrategy, type StrategyContext } from './kind-strategy';
import { pageOf, type ListPage, type ListQuery } from './list-query';
import { generateNameFrom, labelErrors, newUid, nowTimestamp, subdomainErrors } from './names';
import { admitQuota } from './quota.admission';
import {
  managerOf,
  type DeleteOptions,
  type PatchOptions,
  type PatchType,
  type WriteOptions,
  type WriteResult,
} from './write-options';

const serverOwnedMeta = [
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'selfLink',
] as const;

/**
 * The apiserver's generic registry: every read and write of every resource type goes through
 * here (HTTP handlers and simulated controllers alike), so validation, defaulting, admission,
 * optimistic concurrency, generation, managed fields and finalizers behave the same for all.
 */
export class ResourceService {
  constructor(
    readonly store: ObjectStore,
    readonly registry: ResourceRegistry,
    private readonly clock: () => number = Date.now,
  ) {}

  now(): string {
    return nowTimestamp(this.clock);
  }

  strategyOf(type: ResourceType): KindStrategy {
    return builtinStrategies[groupResourceOf(type)] ?? plainStrategy(type.source === 'crd');
  }

  keyOf(type: ResourceType, namespace: string, name: string): ObjectKey {
    return { groupResource: groupResourceOf(type), namespace: type.namespaced ? namespace : '', name };
  }

  /** The object as served in `type`'s version (apiVersion/kind rewritten). */
  present(type: ResourceType, obj: KubeObject): KubeObject {
    return { ...obj, apiVersion: apiVersionOf(type), kind: type.kind };
  }

  get(type: ResourceType, namespace: string, name: string): KubeObject {
    const found = this.store.get(this.keyOf(type, namespace, name));
    if (!found) throw apiErrors.notFound(type.resource, type.group, name);
    return this.present(type, found);
  }

  list(type: ResourceType, namespace: string | undefined, query: ListQuery): ListPage {
    const all = this.store.list(groupResourceOf(type), type.namespaced ? namespace : undefined);
    const page = pageOf(all, type, query, this.store.revision);
    page.items = page.items.map((o) => this.present(type, o));
    return page;
  }

  create(type: ResourceType, namespace: string, body: unknown, opts: WriteOptions): WriteResult {
    const { object, warnings } = decodeBody(type, body, opts.fieldValidation);
    return { object: this.createDecoded(type, namespace, object, opts, false), warnings, created: true };
  }

  update(type: ResourceType, namespace: string, name: string, body: unknown, opts: WriteOptions): WriteResult {
    const { object, warnings } = decodeBody(type, body, opts.fieldValidation);
    const old = this.get(type, namespace, name);
    this.checkIdentity(type, namespace, name, object);
    const rv = object.metadata.resourceVersion;
    if (rv && rv !== old.metadata.resourceVersion) throw apiErrors.staleUpdate(type.resource, type.group, name);
    const next = this.prepareUpdate(type, old, object, opts, false);
    return { object: this.commitUpdate(type, old, next, opts), warnings, created: false };
  }

  patch(
    type: ResourceType,
    namespace: string,
    name: string,
    patchType: PatchType,
    patchBody: unknown,
    opts: PatchOptions,
  ): WriteResult {
    const key = this.keyOf(type, namespace, name);
    const stored = this.store.get(key);
    if (patchType === 'apply') return this.apply(type, namespace, name, stored, patchBody, opts);
    if (!stored) throw apiErrors.notFound(type.resource, type.group, name);
    const old = this.present(type, stored);
    const patched = this.applyPatch(type, old, patchType, patchBody);
    const { object, warnings } = decodeBody(type, patched, opts.fieldValidation);
    this.checkIdentity(type, namespace, name, object);
    const rv =
      isJsonObject(patchBody) && isJsonObject(patchBody.metadata) ? patchBody.metadata.resourceVersion : undefined;
    if (typeof rv === 'string' && rv !== old.metadata.resourceVersion)
      throw apiErrors.staleUpdate(type.resource, type.group, name);
    const next = this.prepareUpdate(type, old, object, opts, false);
    return { object: this.commitUpdate(type, old, next, opts), warnings, created: false };
  }

  delete(type: ResourceType, namespace: string, name: string, opts: DeleteOptions): DeleteOutcome {
    return deleteObject(this, type, namespace, name, opts);
  }

  /** Deletes every object of a collection matching the query; returns the affected objects. */
  deleteCollection(
    type: ResourceType,
    namespace: string | undefined,
    query: ListQuery,
    opts: DeleteOptions,
  ): KubeObject[] {
    const { items } = this.list(type, namespace, {
      labelSelector: query.labelSelector,
      fieldSelector: query.fieldSelector,
    });
    const out: KubeObject[] = [];
    for (const o of items) {
      try {
        out.push(this.delete(type, o.metadata.namespace ?? '', String(o.metadata.name), opts).object);
      } catch (err) {
        if (!(err instanceof KubeApiError && err.code === 'NotFound')) throw err;
      }
    }
    return out;
  }

  private applyPatch(type: ResourceType, old: KubeObject, patchType: PatchType, patchBody: unknown): unknown {
    const base = cloneJson(old) as unknown as JsonObject;
    switch (patchType) {
      case 'json':
        return applyJsonPatch(base, patchBody as JsonObject);
      case 'merge':
        return applyMergePatch(base, patchBody as JsonObject);
      case 'strategic':
        if (type.source === 'crd')
          throw new KubeApiError(
            'UnsupportedMediaType',
            'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
          );
        return applyStrategicMergePatch(base, patchBody as JsonObject, type.schema);
      default:
        throw apiErrors.badRequest(`unsupported patch type ${String(patchType)}`);
    }
  }

  private apply(
    type: ResourceType,
    namespace: string,
    name: string,
    stored: KubeObject | undefined,
    body: unknown,
    opts: PatchOptions,
  ): WriteResult {
    if (!opts.fieldManager)
      throw new KubeApiError(
        'BadRequest',
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    const { object: applied, warnings } = decodeBody(type, body, opts.fieldValidation);
    this.checkIdentity(type, namespace, name, applied);
    if (!applied.metadata.name) applied.metadata.name = name;
    const scope: WriteScope = opts.subresource === 'status' ? 'status' : type.statusSubresource ? 'main' : 'all';
    const old = stored ? this.present(type, stored) : undefined;
    const merged = serverSideApply(old, applied as unknown as JsonObject, {
      manager: opts.fieldManager,
      force: opts.force === true,
      apiVersion: apiVersionOf(type),
      time: this.now(),
      scope,
      subresource: opts.subresource,
      schema: type.schema,
    });
    if (!old) {
      if (opts.subresource) throw apiErrors.notFound(type.resource, type.group, name);
      return { object: this.createDecoded(type, namespace, merged, opts, true), warnings, created: true };
    }
    const next = this.prepareUpdate(type, old, merged, opts, true);
    return { object: this.commitUpdate(type, old, next, opts), warnings, created: false };
  }

  private checkIdentity(type: ResourceType, namespace: string, name: string, obj: KubeObject): void {
    if (obj.metadata.name && obj.metadata.name !== name)
      throw apiErrors.badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
      );
    if (type.namespaced && obj.metadata.namespace && obj.metadata.namespace !== namespace) {
      throw apiErrors.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
  }

  private ctx(type: ResourceType): StrategyContext {
    return { store: this.store, registry: this.registry, type, now: () => this.now() };
  }

  /** Create path shared by POST and apply-creates. `managedDone`: managedFields were already set (apply). */
  createDecoded(
    type: ResourceType,
    namespace: string,
    obj: KubeObject,
    opts: WriteOptions,
    managedDone: boolean,
  ): KubeObject {
    const meta = obj.metadata;
    if (type.namespaced) {
      if (meta.namespace && meta.namespace !== namespace)
        throw apiErrors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      meta.namespace = namespace;
    } else delete meta.namespace;
    const requested = cloneJson(obj);
    if (!meta.name && meta.generateName) meta.name = generateNameFrom(meta.generateName);
    if (!meta.name)
      throw apiErrors.invalid(type.kind, type.group, '', [
        {
          reason: 'FieldValueRequired',
          field: 'metadata.name',
          message: 'Required value: name or generateName is required',
        },
      ]);
    const strategy = this.strategyOf(type);
    for (const f of serverOwnedMeta) delete meta[f];
    delete meta.resourceVersion;
    meta.uid = newUid();
    meta.creationTimestamp = this.now();
    if (strategy.generation) meta.generation = 1;
    if (type.statusSubresource) delete obj.status;
    strategy.prepareForCreate?.(obj, this.ctx(type));
    applySchemaDefaults(obj as unknown as JsonObject, type);
    const causes = [
      ...this.nameCauses(strategy, String(meta.name)),
      ...(strategy.validate?.(obj, undefined, this.ctx(type)) ?? []),
    ];
    if (causes.length) throw apiErrors.invalid(type.kind, type.group, String(meta.name), causes);
    this.admitNamespace(type, obj);
    admitQuota(this.store, this.registry, type, obj);
    if (!managedDone) {
      recordUpdate(
        undefined,
        obj,
        {
          manager: managerOf(opts),
          apiVersion: apiVersionOf(type),
          time: this.now(),
          scope: type.statusSubresource ? 'main' : 'all',
          schema: type.schema,
        },
        requested,
      );
    }
    if (opts.dryRun) return obj;
    try {
      return this.present(type, this.store.create(this.keyOf(type, namespace, String(meta.name)), obj));
    } catch (err) {
      if (err instanceof StoreError && err.code === 'AlreadyExists')
        throw apiErrors.alreadyExists(type.resource, type.group, String(meta.name));
      throw err;
    }
  }

  private nameCauses(strategy: KindStrategy, name: string) {
    const errs = strategy.nameIsLabel ? labelErrors(name) : subdomainErrors(name);
    return errs.map((e) => ({
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
      message: `Invalid value: "${name}": ${e}`,
    }));
  }

  private admitNamespace(type: ResourceType, obj: KubeObject): void {
    if (!type.namespaced) return;
    const ns = this.store.get({ groupResource: 'namespaces', namespace: '', name: String(obj.metadata.namespace) });
    if (!ns) throw apiErrors.notFound('namespaces', '', String(obj.metadata.namespace));
    if (ns.metadata.deletionTimestamp) {
      throw apiErrors.forbidden(
        `${type.resource}${type.group ? '.' + type.group : ''} "${String(obj.metadata.name)}" is forbidden: unable to create new content in namespace ${String(obj.metadata.namespace)} because it is being terminated`,
        {
          name: String(obj.metadata.name),
          kind: type.resource,
          group: type.group,
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${String(obj.metadata.namespace)} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      );
    }
  }

  /** Builds the object an update stores: server-owned fields carried over, subresource rules, generation, managed fields. */
  prepareUpdate(
    type: ResourceType,
    old: KubeObject,
    incoming: KubeObject,
    opts: WriteOptions,
    managedDone: boolean,
  ): KubeObject {
    let next = cloneJson(incoming);
    if (opts.subresource === 'status') {
      next = {
        ...cloneJson(old),
        status: next.status,
        metadata: {
          ...cloneJson(old.metadata),
          managedFields: next.metadata.managedFields ?? old.metadata.managedFields,
        },
      };
    } else if (type.statusSubresource) {
      if (old.status === undefined) delete next.status;
      else next.status = cloneJson(old.status);
    }
    for (const f of serverOwnedMeta) {
      if (old.metadata[f] === undefined) delete next.metadata[f];
      else (next.metadata as Record<string, unknown>)[f] = old.metadata[f];
    }
    next.metadata.name = old.metadata.name;
    if (type.namespaced) next.metadata.namespace = old.metadata.namespace;
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    const strategy = this.strategyOf(type);
    strategy.prepareForUpdate?.(next, old, this.ctx(type));
    applySchemaDefaults(next as unknown as JsonObject, type);
    const causes = strategy.validate?.(next, old, this.ctx(type)) ?? [];
    if (causes.length) throw apiErrors.invalid(type.kind, type.group, String(old.metadata.name), causes);
    if (strategy.generation && specChanged(old, next))
      next.metadata.generation = Number(old.metadata.generation ?? 0) + 1;
    if (!managedDone) {
      const scope: WriteScope = opts.subresource === 'status' ? 'status' : type.statusSubresource ? 'main' : 'all';
      recordUpdate(old, next, {
        manager: managerOf(opts),
        apiVersion: apiVersionOf(type),
        time: this.now(),
        subresource: opts.subresource,
        scope,
        schema: type.schema,
      });
    }
    return next;
  }

  /** Stores a prepared update (or completes a pending deletion when the last finalizer went away). */
  commitUpdate(type: ResourceType, old: KubeObject, next: KubeObject, opts: WriteOptions): KubeObject {
    const key = this.keyOf(type, old.metadata.namespace ?? '', String(old.metadata.name));
    const finalizing =
      next.metadata.deletionTimestamp &&
      (next.metadata.finalizers ?? []).length === 0 &&
      !hasNamespaceFinalizers(type, next);
    if (opts.dryRun) return next;
    if (finalizing) return this.present(type, this.store.delete(key));
    if (unchanged(old, next)) return old;
    try {
      return this.present(type, this.store.update(key, next, old.metadata.resourceVersion));
    } catch (err) {
      if (err instanceof StoreError && err.code === 'Conflict')
        throw apiErrors.staleUpdate(type.resource, type.group, String(old.metadata.name));
      if (err instanceof StoreError && err.code === 'NotFound')
        throw apiErrors.notFound(type.resource, type.group, String(old.metadata.name));
      throw err;
    }
  }
}

function withoutVolatile(o: KubeObject): unknown {
  const { managedFields, resourceVersion, ...meta } = o.metadata;
  void resourceVersion;
  const fields = Array.isArray(managedFields) ? managedFields.map((m) => ({ ...m, time: undefined })) : undefined;
  return { ...o, metadata: { ...meta, managedFields: fields } };
}

function unchanged(old: KubeObject, next: KubeObject): boolean {
  return jsonEqual(withoutVolatile(old), withoutVolatile(next));
}

function specChanged(old: KubeObject, next: KubeObject): boolean {
  const strip = (o: KubeObject): unknown => ({
    ...o,
    metadata: undefined,
    status: undefined,
    apiVersion: undefined,
    kind: undefined,
  });
  return !jsonEqual(strip(old), strip(next));
}

function hasNamespaceFinalizers(type: ResourceType, obj: KubeObject): boolean {
  if (groupResourceOf(type) !== 'namespaces') return false;
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  return Array.isArray(spec.finalizers) && spec.finalizers.length > 0;
}
