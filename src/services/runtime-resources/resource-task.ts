/**
 * The worker side of runtime resources: one short-job task (`kube.resources`) that writes,
 * removes and reads objects in a runtime's namespace through the Kubernetes driver (credentials
 * are opened only here, in the worker) and answers what the cluster holds afterwards.
 */
import type { DeployPorts } from '../../drivers/kubernetes/deploy/deploy-ports';
import type { KubeObject, ObjectRef } from '../../drivers/kubernetes/kube-object.types';
import { DriverError } from '../../jobs/errors';
import { done, type Processor } from '../../jobs/job.types';

export const RESOURCES_TASK_ACTION = 'kube.resources';

/** Field manager of Marina's runtime-resource writes. */
const FIELD_MANAGER = 'marina-resources';

/** What one `kube.resources` task does, in this order: writes, removals, reads. */
export interface ResourcesTaskInput {
  readonly runtimeId: string;
  readonly namespace: string;
  /** `create` fails when the object exists (KUBE_CONFLICT); `replace` overwrites a live one in place. */
  readonly write?: readonly { readonly object: KubeObject; readonly mode: 'create' | 'replace' }[];
  readonly remove?: readonly ObjectRef[];
  readonly read?: readonly ObjectRef[];
  /** Also answer the nodes' addresses (NodePort load balancers). */
  readonly nodeAddresses?: boolean;
}

export interface ResourcesTaskResult {
  readonly written: KubeObject[];
  readonly read: (KubeObject | null)[];
  readonly nodeAddresses: string[];
}

function inputOf(raw: Readonly<Record<string, unknown>> | null): ResourcesTaskInput {
  const input = raw as Partial<ResourcesTaskInput> | null;
  if (typeof input?.runtimeId !== 'string' || typeof input.namespace !== 'string')
    throw new DriverError('BAD_TASK_INPUT', 'kube.resources needs runtimeId and namespace', false);
  return input as ResourcesTaskInput;
}

export function resourcesProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const input = inputOf(ctx.task.input);
    const conn = await ports.connect(ctx.em as never, input.runtimeId);
    try {
      const written: KubeObject[] = [];
      if (input.write?.length) await conn.ensureNamespace(input.namespace, {});
      for (const { object, mode } of input.write ?? []) {
        const live = mode === 'replace' ? await conn.get({ ...refOfObject(object), namespace: input.namespace }) : null;
        if (mode === 'replace' && !live)
          throw new DriverError(
            'KUBE_NOT_FOUND',
            `${object.kind}/${object.metadata.name} is no longer in the cluster`,
            false,
          );
        written.push(
          live
            ? await conn.replace({
                ...object,
                metadata: {
                  ...object.metadata,
                  namespace: input.namespace,
                  resourceVersion: live.metadata.resourceVersion,
                },
              })
            : await conn.create(object, input.namespace),
        );
      }
      for (const ref of input.remove ?? []) await conn.remove(ref, 'Background');
      const read = await Promise.all((input.read ?? []).map((ref) => conn.get(ref)));
      const nodeAddresses = input.nodeAddresses ? addressesOfNodes(await conn.list('v1', 'Node', null)) : [];
      const result: ResourcesTaskResult = { written, read, nodeAddresses };
      return done({ ...result });
    } finally {
      conn.close();
    }
  };
}

function refOfObject(object: KubeObject): ObjectRef {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
    namespace: object.metadata.namespace ?? null,
  };
}

/** Each node's InternalIP (ExternalIP when it has one). */
function addressesOfNodes(nodes: readonly KubeObject[]): string[] {
  return nodes.flatMap((node) => {
    const addresses = ((node.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ??
      []) as { type: string; address: string }[];
    const pick = addresses.find((a) => a.type === 'ExternalIP') ?? addresses.find((a) => a.type === 'InternalIP');
    return pick ? [pick.address] : [];
  });
}
