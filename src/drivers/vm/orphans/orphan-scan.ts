/**
 * Which cloud resources carrying Marina's tags are orphans (issue 15, crash safety and cleanup):
 * a pure classification of what the cloud listed against what Marina recorded. A resource is an
 * orphan when
 * - its `marina:instance` names no instance Marina knows and no row of Marina records it
 *   (`INSTANCE_UNKNOWN`), or names a CEASED instance (`INSTANCE_CEASED`): nothing will ever
 *   remove it; or
 * - its instance lives but no node or frontgate of Marina records it, and the job that made it
 *   is over (`UNRECORDED`): a worker died between the cloud call and recording its answer.
 * Resources already going away (terminating, terminated, deleting, deleted), of another runtime
 * or of another zone, and those of a job still running (it may yet record them) are not orphans.
 */
import type { IaasNode, IaasVolume } from '../../iaas/iaas.types';

export const INSTANCE_TAG = 'marina:instance';
export const TASK_TAG = 'marina:task';
/** The node id a VM task gave a VM or its volume. */
export const NODE_TAG = 'marina:node';
/** The frontgate record a frontgate VM was made for. */
export const FRONTGATE_TAG = 'marina:frontgate';

export type OrphanKind = 'INSTANCE' | 'VOLUME';
export type OrphanReason = 'INSTANCE_UNKNOWN' | 'INSTANCE_CEASED' | 'UNRECORDED';

export interface OrphanedResource {
  /** The cloud's id of the VM or volume. */
  readonly id: string;
  readonly kind: OrphanKind;
  readonly name: string;
  /** The cloud's own state word. */
  readonly state: string;
  readonly zone: string;
  /** The `marina:instance` tag. */
  readonly instanceTag: string;
  /** The `marina:task` tag, when present. */
  readonly taskTag: string | null;
  readonly reason: OrphanReason;
  /** Why it is an orphan, for a person. */
  readonly message: string;
  /** Volumes: the VM it is attached to. */
  readonly attachedTo: string | null;
  readonly sizeGiB: number | null;
}

/** What Marina knows about one `marina:instance` tag value in this runtime. */
export type InstanceFate =
  | { readonly kind: 'absent' }
  | { readonly kind: 'ceased'; readonly name: string }
  | { readonly kind: 'live'; readonly name: string; readonly jobOpen: boolean }
  /** An instance (or frontgate) of another runtime: not this runtime's to judge. */
  | { readonly kind: 'elsewhere' };

/** Marina's records, read once per scan (see orphan-knowledge.ts). */
export interface MarinaRecords {
  fateOf(instanceTag: string): InstanceFate;
  /** True when a node, volume or frontgate row records this cloud id. */
  recorded(resourceId: string): boolean;
  /** True when the `marina:task` tag names a task whose job has not finished. */
  taskOpen(taskTag: string): boolean;
}

export interface CloudInventory {
  readonly zone: string | null;
  readonly instances: readonly IaasNode[];
  readonly volumes: readonly IaasVolume[];
}

const GOING_NODE = new Set<IaasNode['state']>(['TERMINATING', 'TERMINATED']);
const GOING_VOLUME = new Set<IaasVolume['state']>(['DELETING', 'DELETED']);

/** The orphans of `inventory`, instances first, each list in the cloud's order. */
export function findOrphans(inventory: CloudInventory, records: MarinaRecords): OrphanedResource[] {
  const orphans: OrphanedResource[] = [];
  for (const node of inventory.instances) {
    if (GOING_NODE.has(node.state)) continue;
    const orphan = classify(inventory.zone, node.id, node.zone, node.tags, records);
    if (orphan)
      orphans.push({
        ...orphan,
        id: node.id,
        kind: 'INSTANCE',
        name: node.name,
        state: node.rawState,
        zone: node.zone,
        attachedTo: null,
        sizeGiB: null,
      });
  }
  for (const volume of inventory.volumes) {
    if (GOING_VOLUME.has(volume.state)) continue;
    const orphan = classify(inventory.zone, volume.id, volume.zone, volume.tags, records);
    if (orphan)
      orphans.push({
        ...orphan,
        id: volume.id,
        kind: 'VOLUME',
        name: volume.name,
        state: volume.rawState,
        zone: volume.zone,
        attachedTo: volume.attachedTo ?? null,
        sizeGiB: volume.sizeGiB,
      });
  }
  return orphans;
}

type Verdict = Pick<OrphanedResource, 'instanceTag' | 'taskTag' | 'reason' | 'message'>;

function classify(
  runtimeZone: string | null,
  id: string,
  zone: string,
  tags: Readonly<Record<string, string>>,
  records: MarinaRecords,
): Verdict | null {
  const instanceTag = tags[INSTANCE_TAG];
  if (!instanceTag) return null;
  if (runtimeZone && zone && zone !== runtimeZone) return null;
  const taskTag = tags[TASK_TAG] || null;
  const fate = records.fateOf(instanceTag);
  switch (fate.kind) {
    case 'elsewhere':
      return null;
    case 'absent':
      // a frontgate (or anything else Marina records outside instances) carries its own tag
      if (records.recorded(id)) return null;
      return {
        instanceTag,
        taskTag,
        reason: 'INSTANCE_UNKNOWN',
        message: `tagged for instance ${instanceTag}, which Marina does not know`,
      };
    case 'ceased':
      return {
        instanceTag,
        taskTag,
        reason: 'INSTANCE_CEASED',
        message: `tagged for instance ${fate.name} (${instanceTag}), which was ceased`,
      };
    case 'live': {
      if (records.recorded(id)) return null;
      if (fate.jobOpen || (taskTag && records.taskOpen(taskTag))) return null;
      return {
        instanceTag,
        taskTag,
        reason: 'UNRECORDED',
        message: `made for instance ${fate.name} (${instanceTag})${taskTag ? ` by task ${taskTag}` : ''} but recorded on none of its nodes`,
      };
    }
  }
}
