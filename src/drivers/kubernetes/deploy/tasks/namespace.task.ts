/**
 * `namespace`: the release's namespace exists (created with Marina's label when missing; an
 * existing one is left as it is). `crds` (installs only, like Helm): the chart's crds/ objects
 * created when absent — existing CRDs are never changed, as Helm does — then the task
 * re-schedules itself until every one is Established.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { crdObjects } from '@marina/helm';
import { done, reschedule, type Processor } from '../../../../jobs/job.types';
import { refOf, type KubeObject } from '../../kube-object.types';
import type { DeployPorts } from '../deploy-ports';
import { manifestObjects } from '../manifest-objects';
import { operationOf, withKube } from '../task-context';

export const MARINA_NAMESPACE_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/managed-by': 'marina' };

export function namespaceProcessor(ports: DeployPorts): Processor {
  return async (ctx) =>
    withKube(ports, ctx, async ({ op, conn }) => {
      const outcome = await conn.ensureNamespace(op.namespace, MARINA_NAMESPACE_LABELS);
      return done({ namespace: op.namespace, outcome });
    });
}

export function crdsProcessor(ports: DeployPorts): Processor {
  return async (ctx) => {
    const op = operationOf(ctx);
    const chart = await ports.chart(ctx.em as EntityManager, op.versionId);
    const crds = crdObjects(chart).flatMap((f) => manifestObjects(f.file.data.toString('utf8')));
    if (crds.length === 0) return done({ crds: [] }); // nothing to create: no cluster call
    return withKube(ports, ctx, async ({ conn }) => {
      const pending: string[] = [];
      for (const crd of crds) {
        const live =
          (await conn.get(refOf(crd, null))) ??
          (await conn.apply(crd, null, { fieldManager: ports.fieldManager, force: false }));
        if (!established(live)) pending.push(crd.metadata.name);
      }
      if (pending.length > 0) return reschedule(200, { pending });
      return done({ crds: crds.map((c) => c.metadata.name) });
    });
  };
}

function established(crd: KubeObject): boolean {
  const conditions = (crd.status as { conditions?: { type?: string; status?: string }[] } | undefined)?.conditions;
  return (conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}
