/**
 * The worker side of previews and adoption reads (short jobs the instance service awaits):
 * `kube.preview` renders the target revision against the live cluster exactly as a deploy's
 * render task does and compares every object with the cluster (and with the current revision's
 * manifest, for objects an upgrade drops) — reading only, applying nothing; `kube.read-release`
 * reads a release's Helm records for adoptRelease.
 */
import { DriverError } from '../../jobs/errors';
import { done, type Processor } from '../../jobs/job.types';
import type { DeployPorts } from '../../drivers/kubernetes/deploy/deploy-ports';
import { renderOperation } from '../../drivers/kubernetes/deploy/tasks/render.task';
import type { KubeConnection } from '../../drivers/kubernetes/kube-connection.types';
import type { KubeObject } from '../../drivers/kubernetes/kube-object.types';
import { droppedObjects, manifestObjects, objectKey, previewChanges } from '../../drivers/kubernetes/preview';
import type { InstanceOperation } from './instance-operation.types';
import type { InstancePreview, PreviewOperation } from './instance-preview';

function previewInput(input: Readonly<Record<string, unknown>> | null): PreviewOperation {
  const op = input as Partial<PreviewOperation> | null;
  if (!op || (op.action !== 'deploy' && op.action !== 'upgrade') || typeof op.runtimeId !== 'string')
    throw new DriverError('BAD_TASK_INPUT', 'a preview needs its PreviewOperation as input', false);
  return op as PreviewOperation;
}

/** `kube.preview`: the InstancePreview of the operation in the task's input. */
export function previewProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const op = previewInput(ctx.task.input);
    const conn = await ports.connect(ctx.em as never, op.runtimeId);
    try {
      return done({ ...(await previewOf(ports, conn, ctx.em as never, op)) });
    } finally {
      conn.close();
    }
  };
}

async function previewOf(
  ports: DeployPorts,
  conn: KubeConnection,
  em: Parameters<DeployPorts['chart']>[0],
  op: PreviewOperation,
): Promise<InstancePreview> {
  const asOperation = { ...op, instanceId: op.instanceId ?? '' } as InstanceOperation;
  const mode = op.action === 'deploy' ? 'install' : 'upgrade';
  const rendered = await renderOperation(ports, conn, em, asOperation, mode);
  const previous = await currentObjects(ports, conn, op);
  const byKey = new Map(previous.map((o) => [objectKey(o, op.namespace), o]));
  const desired = await Promise.all(
    rendered.objects.map(async (object) => ({
      object,
      live: await conn.get(refOf(object, op.namespace)),
      previous: byKey.get(objectKey(object, op.namespace)) ?? null,
    })),
  );
  const removed = await Promise.all(
    droppedObjects(previous, rendered.objects, op.namespace).map(async (object) => ({
      object,
      live: await conn.get(refOf(object, op.namespace)),
    })),
  );
  const preview = previewChanges({
    namespace: op.namespace,
    releaseName: op.releaseName,
    desired,
    removed,
    hooks: rendered.hooks.map((h) => ({ kind: h.kind, name: h.name, events: [...h.events], weight: h.weight })),
  });
  return {
    changes: preview.changes,
    warnings: [...(rendered.warnings ?? []), ...preview.warnings],
    removedValueKeys: rendered.removedValueKeys,
  };
}

/** Objects of the current revision's manifest (none for a deploy). */
async function currentObjects(ports: DeployPorts, conn: KubeConnection, op: PreviewOperation): Promise<KubeObject[]> {
  if (op.currentRevision === null) return [];
  const history = await ports.releases(conn, op.namespace, op.releaseName).history();
  const current = history.find((r) => r.version === op.currentRevision) ?? history.at(-1);
  return current ? manifestObjects(current.manifest) : [];
}

function refOf(obj: KubeObject, namespace: string) {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    namespace: obj.metadata.namespace ?? namespace,
  };
}

/** `kube.read-release`: the AdoptedRelease named by the task's input { runtimeId, namespace, name }. */
export function readReleaseProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const input = ctx.task.input as { runtimeId?: unknown; namespace?: unknown; name?: unknown } | null;
    if (typeof input?.runtimeId !== 'string' || typeof input.namespace !== 'string' || typeof input.name !== 'string')
      throw new DriverError('BAD_TASK_INPUT', 'read-release needs runtimeId, namespace and name', false);
    const conn = await ports.connect(ctx.em as never, input.runtimeId);
    try {
      const release = await ports.adopt(conn, input.namespace, input.name);
      if (!release)
        throw new DriverError('RELEASE_NOT_FOUND', `no release ${input.name} in namespace ${input.namespace}`, false);
      return done({ ...release });
    } finally {
      conn.close();
    }
  };
}
