/**
 * The worker side of the orphan admin operations (short jobs the API awaits): `vm.orphans.list`
 * lists a cloud runtime's orphaned tagged resources; `vm.orphans.remove` removes them (or the
 * chosen ones), observing the cloud before every step and re-scheduling itself until each is
 * going or gone. Both read the cloud through the runtime's real IaaS adapter.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { DriverError } from '../../../jobs/errors';
import { done, reschedule, type Processor, type TaskContext } from '../../../jobs/job.types';
import type { SsrfPolicy } from '../../../net';
import type { SecretBox } from '../../../services/secrets/secret-box';
import { IaasError, type IaasClient } from '../../iaas';
import { readMarinaRecords, type RecordedElsewhere } from './orphan-records';
import { chooseTargets, removalStep, type RemovalAction, type SkippedOrphan } from './orphan-removal';
import { findOrphans, type CloudInventory, type OrphanedResource } from './orphan-scan';
import { Runtime } from '../../../entities/runtime.entity';
import { asDriverError } from '../deploy/vm-context';
import { openCloudClient } from '../vm-cloud';

export const ORPHANS_LIST_ACTION = 'vm.orphans.list';
export const ORPHANS_REMOVE_ACTION = 'vm.orphans.remove';

/** How long a removal waits between observations of the cloud. */
const REMOVAL_POLL_MS = 500;

export interface OrphanDeps {
  readonly secrets: SecretBox;
  readonly outbound: SsrfPolicy;
  /** Cloud ids recorded outside instance nodes (frontgates). */
  readonly elsewhere?: readonly RecordedElsewhere[];
}

export interface OrphanRemovalResult {
  readonly removed: readonly OrphanedResource[];
  readonly skipped: readonly SkippedOrphan[];
}

interface RemovalState {
  readonly targets: readonly OrphanedResource[];
  readonly skipped: readonly SkippedOrphan[];
}

/** The runtime's IaaS client (opened in this worker) and its row. */
async function openRuntime(em: EntityManager, deps: OrphanDeps, runtimeId: string) {
  const client = await openCloudClient(em, deps.secrets, deps.outbound, runtimeId);
  return { client, runtime: await em.findOneOrFail(Runtime, runtimeId) };
}

function runtimeIdOf(ctx: TaskContext): string {
  const runtimeId = ctx.task.input?.runtimeId;
  if (typeof runtimeId !== 'string') throw new DriverError('BAD_TASK_INPUT', 'an orphan task needs a runtimeId', false);
  return runtimeId;
}

async function scan(
  em: EntityManager,
  deps: OrphanDeps,
  runtimeId: string,
  client: IaasClient,
  zone: string | null,
): Promise<{ inventory: CloudInventory; orphans: OrphanedResource[] }> {
  const [instances, volumes] = await Promise.all([client.describeInstances({}), client.describeVolumes({})]);
  const inventory: CloudInventory = { zone, instances, volumes };
  const records = await readMarinaRecords(em.fork(), runtimeId, inventory, deps.elsewhere);
  return { inventory, orphans: findOrphans(inventory, records) };
}

/** `vm.orphans.list`: `{ orphans }`. */
export function listOrphansProcessor(deps: OrphanDeps): Processor {
  return async (ctx) => {
    const runtimeId = runtimeIdOf(ctx);
    try {
      const { client, runtime } = await openRuntime(ctx.em as EntityManager, deps, runtimeId);
      const { orphans } = await scan(ctx.em as EntityManager, deps, runtimeId, client, runtime.zone ?? null);
      return done({ orphans });
    } catch (err) {
      throw asDriverError(err);
    }
  };
}

/** `vm.orphans.remove` with input `{ runtimeId, ids: string[] | null }`: an {@link OrphanRemovalResult}. */
export function removeOrphansProcessor(deps: OrphanDeps): Processor {
  return async (ctx) => {
    const runtimeId = runtimeIdOf(ctx);
    const requested = ctx.task.input?.ids;
    const ids = Array.isArray(requested) ? requested.filter((id): id is string => typeof id === 'string') : null;
    try {
      const { client, runtime } = await openRuntime(ctx.em as EntityManager, deps, runtimeId);
      const { inventory, orphans } = await scan(ctx.em as EntityManager, deps, runtimeId, client, runtime.zone ?? null);
      const state: RemovalState = (ctx.task.state as RemovalState | null) ?? chooseTargets(ids, orphans);
      const step = removalStep(state.targets, inventory, orphans);
      for (const action of step.actions) {
        await ctx.checkpoint();
        await ctx.log(describe(action));
        await act(client, action);
      }
      if (step.waiting.length > 0) return reschedule(REMOVAL_POLL_MS, { ...state });
      const gone = new Set(step.gone);
      const result: OrphanRemovalResult = {
        removed: state.targets.filter((t) => gone.has(t.id)),
        skipped: [...state.skipped, ...step.skipped],
      };
      return done({ ...result });
    } catch (err) {
      throw asDriverError(err);
    }
  };
}

function describe(action: RemovalAction): string {
  switch (action.kind) {
    case 'terminate':
      return `terminating instance ${action.instanceId}`;
    case 'detach':
      return `detaching volume ${action.volumeId} from ${action.instanceId}`;
    case 'delete':
      return `deleting volume ${action.volumeId}`;
  }
}

async function act(client: IaasClient, action: RemovalAction): Promise<void> {
  try {
    switch (action.kind) {
      case 'terminate':
        return await client.terminateInstances([action.instanceId]);
      case 'detach':
        return await client.detachVolume(action.volumeId, action.instanceId);
      case 'delete':
        return await client.deleteVolume(action.volumeId);
    }
  } catch (err) {
    // gone meanwhile, or mid-transition: the next observation decides
    if (err instanceof IaasError && (err.code === 'NOT_FOUND' || err.code === 'INCORRECT_STATE')) return;
    throw err;
  }
}
