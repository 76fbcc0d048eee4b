/**
 * `record`: the last task of every operation. It finishes the release record (rendered actions:
 * this revision `deployed`, the previous one `superseded`; delete: `uninstalled`; cease: the
 * records are already purged), describes the release's objects, and returns the
 * OperationOutcome the job-finished hook settles the instance with (the description is read while
 * the record is written; the task succeeds only when both did). Re-running rewrites nothing that
 * is already final.
 */
import { done, type Processor, type TaskContext } from '../../../../jobs/job.types';
import type { OperationOutcome } from '../../../../services/instances/instance-operation.types';
import { refOf, type ObjectRef } from '../../kube-object.types';
import type { DeployPorts } from '../deploy-ports';
import { manifestObjects } from '../manifest-objects';
import { renderModeOf, type RenderMode } from '../deploy.planner';
import { upstream, withKube, type KubeTaskScope, renderedRelease } from '../task-context';
import type { RenderedRelease } from './render.task';
import { PENDING_STATUSES } from './release.task';
import { releasedRefs } from './wait.task';

const EMPTY: OperationOutcome = { resources: [], nodes: [], endpoints: [], removedValueKeys: [] };

export function recordProcessor(ports: DeployPorts): Processor {
  return async (ctx) =>
    withKube(ports, ctx, async (scope) => {
      const outcome = await finish(ctx, ports, scope);
      return done({ ...outcome });
    });
}

async function finish(ctx: TaskContext, ports: DeployPorts, scope: KubeTaskScope): Promise<OperationOutcome> {
  const { op, releases } = scope;
  const mode = renderModeOf(op.action);
  if (mode) {
    const rendered = renderedRelease(ctx, ports);
    const refs = rendered.objects.map((o) => refOf(o, op.namespace));
    const [described] = await Promise.all([
      describe(scope, refs),
      releases.markDeployed(op.revision, completion(mode, op.rollbackTo)),
    ]);
    return {
      ...described,
      removedValueKeys: rendered.removedValueKeys,
      manifestDigest: rendered.manifestDigest,
    };
  }
  if (op.action === 'delete') {
    await releases.setStatus(op.revision, 'uninstalled', 'Uninstallation complete', [
      'uninstalling',
      'deployed',
      'failed',
      'superseded',
      ...PENDING_STATUSES,
    ]);
    return EMPTY;
  }
  if (op.action === 'cease') return EMPTY;
  const { replicas } = upstream<{ replicas: Record<string, number> }>(ctx, 'scale');
  return { ...(await describe(scope, await releasedRefs(scope))), removedValueKeys: [], replicas };
}

function completion(mode: RenderMode, rollbackTo: number | undefined): string {
  if (mode === 'install') return 'Install complete';
  if (mode === 'rollback') return `Rollback to ${rollbackTo ?? '?'}`;
  return 'Upgrade complete';
}

/** The live description of `refs` (resources with health, pods, endpoints). */
export async function describe(scope: KubeTaskScope, refs: readonly ObjectRef[]) {
  const d = await scope.conn.describe(refs);
  return { resources: d.resources, nodes: d.nodes, endpoints: d.endpoints, removedValueKeys: [] };
}

/** Refs of a manifest text's objects. */
export function manifestRefs(manifest: string, namespace: string): ObjectRef[] {
  return manifestObjects(manifest).map((o) => refOf(o, namespace));
}
