import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiErrors, KubeApiError } from '../api/api-errors';
import { isJsonObject, type JsonObject, type KubeObject } from '../api/kube-object.types';
import type { FieldValidation } from '../core/body-decoder';
import type { ResourceService } from '../core/resource.service';
import { finalizeNamespace } from '../core/namespace-finalize';
import { getScale, patchScale, updateScale } from '../core/scale.subresource';
import type { DeleteOptions, PropagationPolicy, WriteOptions } from '../core/write-options';
import { sendJson } from './http-io';
import { responseForm, type ResponseForm } from './negotiation';
import { podLog, sendPodLog } from './pod-log';
import { decodeObjectBody, patchTypeOf, readBody } from './request-body';
import type { ResourcePath } from './resource-path';
import { toTable } from './table.converter';
import { serveWatch, type WatchSettings } from './watch.handler';

const validations = new Set(['Strict', 'Warn', 'Ignore']);

function writeOptions(params: URLSearchParams, req: IncomingMessage, subresource?: string): WriteOptions {
  const fv = params.get('fieldValidation') ?? 'Warn';
  if (!validations.has(fv))
    throw apiErrors.badRequest(
      `fieldValidation: Unsupported value: "${fv}": supported values: "Ignore", "Strict", "Warn"`,
    );
  const dryRun = params.getAll('dryRun');
  if (dryRun.some((d) => d !== 'All'))
    throw apiErrors.badRequest(`dryRun: Unsupported value: "${dryRun.join(',')}": supported values: "All"`);
  return {
    dryRun: dryRun.includes('All'),
    fieldManager: params.get('fieldManager') ?? undefined,
    userAgent: req.headers['user-agent'],
    fieldValidation: fv as FieldValidation,
    subresource: subresource === 'status' ? 'status' : undefined,
  };
}

function deleteOptions(params: URLSearchParams, body: unknown): DeleteOptions {
  const b = isJsonObject(body) ? body : {};
  const pre = isJsonObject(b.preconditions) ? b.preconditions : {};
  const dry = [...params.getAll('dryRun'), ...(Array.isArray(b.dryRun) ? b.dryRun.map(String) : [])];
  const policy =
    params.get('propagationPolicy') ?? (typeof b.propagationPolicy === 'string' ? b.propagationPolicy : undefined);
  if (policy !== undefined && !['Foreground', 'Background', 'Orphan'].includes(policy)) {
    throw apiErrors.badRequest(
      `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  const orphan = params.get('orphanDependents') ?? b.orphanDependents;
  return {
    propagationPolicy: policy as PropagationPolicy | undefined,
    orphanDependents: orphan === undefined || orphan === null ? undefined : orphan === true || orphan === 'true',
    preconditions: {
      uid: typeof pre.uid === 'string' ? pre.uid : undefined,
      resourceVersion: typeof pre.resourceVersion === 'string' ? pre.resourceVersion : undefined,
    },
    dryRun: dry.includes('All'),
  };
}

function listBody(
  path: ResourcePath,
  page: { items: KubeObject[]; resourceVersion: string; continue?: string; remainingItemCount?: number },
  form: ResponseForm,
): JsonObject {
  const metadata: JsonObject = { resourceVersion: page.resourceVersion };
  if (page.continue) metadata.continue = page.continue;
  if (page.remainingItemCount !== undefined) metadata.remainingItemCount = page.remainingItemCount;
  if (form.table) return toTable(path.type, page.items, form.includeObject, metadata);
  const t = path.type;
  if (form.metadataOnly) {
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      metadata,
      items: page.items.map((o) => ({
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: o.metadata as unknown as JsonObject,
      })),
    };
  }
  return {
    kind: t.listKind,
    apiVersion: t.group ? `${t.group}/${t.version}` : t.version,
    metadata,
    items: page.items as unknown as JsonObject[],
  };
}

function objectBody(path: ResourcePath, obj: KubeObject, form: ResponseForm): unknown {
  if (form.table)
    return toTable(path.type, [obj], form.includeObject, { resourceVersion: obj.metadata.resourceVersion ?? '' });
  if (form.metadataOnly) return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  return obj;
}

/** Context a resource request runs in. */
export interface ResourceHandlerContext {
  svc: ResourceService;
  watch: WatchSettings;
}

/** Serves one request on a resource path (collection, object or subresource). */
export async function handleResource(
  ctx: ResourceHandlerContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: ResourcePath,
  params: URLSearchParams,
): Promise<void> {
  const { svc } = ctx;
  const t = path.type;
  const method = req.method ?? 'GET';
  const ns = path.namespace ?? '';
  if (t.namespaced && path.name !== undefined && path.namespace === undefined)
    throw apiErrors.notFound(t.resource, t.group, path.name);
  const form = responseForm(req.headers.accept, params.get('includeObject'));
  const sub = path.subresource;
  const podLogRequest = sub === 'log' && t.resource === 'pods' && t.group === '';
  const finalizeRequest = sub === 'finalize' && t.resource === 'namespaces' && t.group === '';
  if (sub && sub !== 'status' && !podLogRequest && !finalizeRequest && !(sub === 'scale' && t.scale))
    throw new KubeApiError('NotFound', 'the server could not find the requested resource');
  if (sub === 'status' && !t.statusSubresource)
    throw apiErrors.notFound(`${t.resource}/status`, t.group, path.name ?? '');

  if (path.name === undefined) {
    if (method === 'GET') {
      if (params.get('watch') === 'true' || params.get('watch') === '1')
        return serveWatch(svc, ctx.watch, req, res, path, params, form);
      const page = svc.list(t, path.namespace, {
        labelSelector: params.get('labelSelector') ?? undefined,
        fieldSelector: params.get('fieldSelector') ?? undefined,
        limit: Number(params.get('limit') ?? 0),
        continue: params.get('continue') ?? undefined,
      });
      return sendJson(res, 200, listBody(path, page, form));
    }
    if (method === 'POST') {
      if (t.namespaced && path.namespace === undefined)
        throw apiErrors.methodNotAllowed('the server does not allow this method on the requested resource');
      const body = decodeObjectBody(await readBody(req), req.headers['content-type']);
      const r = svc.create(t, ns, body, writeOptions(params, req));
      return sendJson(res, 201, r.object, { warnings: r.warnings });
    }
    if (method === 'DELETE') {
      const body = decodeObjectBody(await readBody(req), req.headers['content-type']);
      const items = svc.deleteCollection(
        t,
        path.namespace,
        {
          labelSelector: params.get('labelSelector') ?? undefined,
          fieldSelector: params.get('fieldSelector') ?? undefined,
        },
        deleteOptions(params, body),
      );
      return sendJson(res, 200, {
        kind: t.listKind,
        apiVersion: t.group ? `${t.group}/${t.version}` : t.version,
        metadata: { resourceVersion: String(svc.store.revision) },
        items,
      });
    }
    throw apiErrors.methodNotAllowed('the server does not allow this method on the requested resource');
  }

  const name = path.name;
  if (method === 'GET') {
    if (params.get('watch') === 'true' || params.get('watch') === '1')
      return serveWatch(svc, ctx.watch, req, res, path, params, form);
    if (sub === 'scale') return sendJson(res, 200, getScale(svc, t, ns, name));
    if (podLogRequest) return sendPodLog(res, podLog(svc.get(t, ns, name), params.get('container')));
    return sendJson(res, 200, objectBody(path, svc.get(t, ns, name), form));
  }
  if (method === 'PUT') {
    const body = decodeObjectBody(await readBody(req), req.headers['content-type']);
    if (sub === 'scale') return sendJson(res, 200, updateScale(svc, t, ns, name, body, writeOptions(params, req)));
    if (finalizeRequest) {
      const finalizers =
        isJsonObject(body) && isJsonObject(body.spec) && Array.isArray(body.spec.finalizers)
          ? body.spec.finalizers.map(String)
          : [];
      return sendJson(res, 200, finalizeNamespace(svc, name, finalizers));
    }
    const r = svc.update(t, ns, name, body, writeOptions(params, req, sub));
    return sendJson(res, 200, r.object, { warnings: r.warnings });
  }
  if (method === 'PATCH') {
    const patchType = patchTypeOf(req.headers['content-type']);
    const body = decodeObjectBody(
      await readBody(req),
      patchType === 'apply' ? 'application/apply-patch+yaml' : 'application/json',
    );
    if (sub === 'scale')
      return sendJson(res, 200, patchScale(svc, t, ns, name, patchType, body, writeOptions(params, req)));
    const r = svc.patch(t, ns, name, patchType, body, {
      ...writeOptions(params, req, sub),
      force: params.get('force') === 'true',
    });
    return sendJson(res, r.created ? 201 : 200, r.object, { warnings: r.warnings });
  }
  if (method === 'DELETE') {
    if (sub) throw apiErrors.methodNotAllowed('the server does not allow this method on the requested resource');
    const body = decodeObjectBody(await readBody(req), req.headers['content-type']);
    const outcome = svc.delete(t, ns, name, deleteOptions(params, body));
    return sendJson(res, outcome.deleted ? 200 : 202, outcome.object);
  }
  throw apiErrors.methodNotAllowed('the server does not allow this method on the requested resource');
}
