/**
 * Removing orphans, one observation at a time: each step re-reads the cloud and re-classifies, so
 * only what is an orphan *now* is touched (a resource a job recorded in between is left alone).
 * VMs are terminated; volumes are detached first when attached, then deleted. A resource is
 * removed once the cloud reports it going or gone (terminating/terminated, deleting/deleted,
 * or absent).
 */
import type { IaasNode, IaasVolume } from '../../iaas/iaas.types';
import type { CloudInventory, OrphanedResource } from './orphan-scan';

export type RemovalAction =
  | { readonly kind: 'terminate'; readonly instanceId: string }
  | { readonly kind: 'detach'; readonly volumeId: string; readonly instanceId: string }
  | { readonly kind: 'delete'; readonly volumeId: string };

export interface SkippedOrphan {
  readonly id: string;
  readonly message: string;
}

export interface RemovalStep {
  /** Calls to make now (each idempotent in the adapters). */
  readonly actions: readonly RemovalAction[];
  /** Targets the cloud reports going or gone. */
  readonly gone: readonly string[];
  /** Targets that are no longer orphans (recorded meanwhile): never touched. */
  readonly skipped: readonly SkippedOrphan[];
  /** Targets still waiting (an action made, or a transition under way). */
  readonly waiting: readonly string[];
}

const GONE_NODE = new Set<IaasNode['state']>(['TERMINATING', 'TERMINATED']);
const GONE_VOLUME = new Set<IaasVolume['state']>(['DELETING', 'DELETED']);

/**
 * Which of `requested` (all orphans when null) are orphans now, and which are not (with why).
 * The targets of a removal are chosen once, at its first step.
 */
export function chooseTargets(
  requested: readonly string[] | null,
  orphans: readonly OrphanedResource[],
): { targets: OrphanedResource[]; skipped: SkippedOrphan[] } {
  if (requested === null) return { targets: [...orphans], skipped: [] };
  const byId = new Map(orphans.map((o) => [o.id, o]));
  const targets: OrphanedResource[] = [];
  const skipped: SkippedOrphan[] = [];
  for (const id of new Set(requested)) {
    const orphan = byId.get(id);
    if (orphan) targets.push(orphan);
    else skipped.push({ id, message: `${id} is not an orphaned resource of this runtime; left alone` });
  }
  return { targets, skipped };
}

/** The next step of removing `targets`, from the cloud as just observed and the orphans found in it. */
export function removalStep(
  targets: readonly OrphanedResource[],
  inventory: CloudInventory,
  orphansNow: readonly OrphanedResource[],
): RemovalStep {
  const orphanIds = new Set(orphansNow.map((o) => o.id));
  const nodes = new Map(inventory.instances.map((n) => [n.id, n]));
  const volumes = new Map(inventory.volumes.map((v) => [v.id, v]));
  const actions: RemovalAction[] = [];
  const gone: string[] = [];
  const skipped: SkippedOrphan[] = [];
  const waiting: string[] = [];
  for (const target of targets) {
    const live = target.kind === 'INSTANCE' ? nodes.get(target.id) : volumes.get(target.id);
    const isGone =
      !live ||
      (target.kind === 'INSTANCE'
        ? GONE_NODE.has((live as IaasNode).state)
        : GONE_VOLUME.has((live as IaasVolume).state));
    if (isGone) {
      gone.push(target.id);
      continue;
    }
    if (!orphanIds.has(target.id)) {
      skipped.push({ id: target.id, message: `${target.id} was recorded by Marina meanwhile; left alone` });
      continue;
    }
    waiting.push(target.id);
    if (target.kind === 'INSTANCE') {
      actions.push({ kind: 'terminate', instanceId: target.id });
      continue;
    }
    const volume = live as IaasVolume;
    if (volume.attachedTo) actions.push({ kind: 'detach', volumeId: volume.id, instanceId: volume.attachedTo });
    else if (volume.state === 'AVAILABLE' || volume.state === 'ERROR')
      actions.push({ kind: 'delete', volumeId: volume.id });
    // CREATING or IN_USE without an attachment (detaching): wait for the next observation
  }
  return { actions, gone, skipped, waiting };
}
