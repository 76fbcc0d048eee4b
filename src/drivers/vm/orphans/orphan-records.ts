/**
 * Marina's side of an orphan scan: for the tags and ids the cloud listed, which instances exist
 * (and in which runtime, with an open job or not), which cloud ids a node records, and which
 * tagged tasks belong to an unfinished job. A fixed number of statements per scan, whatever
 * the number of resources.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { InstanceStatus, JobStatus } from '../../../entities/enums';
import { Instance } from '../../../entities/instance.entity';
import { InstanceNode } from '../../../entities/instance-node.entity';
import { Job } from '../../../entities/job.entity';
import { Task } from '../../../entities/task.entity';
import { isUuid } from '../../../services/ids';
import {
  INSTANCE_TAG,
  NODE_TAG,
  TASK_TAG,
  type CloudInventory,
  type InstanceFate,
  type MarinaRecords,
} from './orphan-scan';

const OPEN_JOB = [JobStatus.PENDING, JobStatus.RUNNING];

/** Extra cloud ids Marina records outside instance nodes (e.g. frontgates), by the feature that owns them. */
export type RecordedElsewhere = (em: EntityManager, inventory: CloudInventory) => Promise<ReadonlySet<string>>;

export async function readMarinaRecords(
  em: EntityManager,
  runtimeId: string,
  inventory: CloudInventory,
  elsewhere: readonly RecordedElsewhere[] = [],
): Promise<MarinaRecords> {
  const tagged = [...inventory.instances, ...inventory.volumes].filter((r) => r.tags[INSTANCE_TAG]);
  const instanceIds = unique(tagged.map((r) => r.tags[INSTANCE_TAG]).filter(isUuid));
  const taskIds = unique(tagged.map((r) => r.tags[TASK_TAG] ?? '').filter(isUuid));
  const resourceIds = unique(tagged.map((r) => r.id));

  const instances = instanceIds.length
    ? await em.find(Instance, { id: { $in: instanceIds } }, { fields: ['id', 'name', 'status', 'runtime'] })
    : [];
  const openJobs = instanceIds.length
    ? await em.find(Job, { instance: { $in: instanceIds }, status: { $in: OPEN_JOB } }, { fields: ['id', 'instance'] })
    : [];
  const nodes =
    instanceIds.length || resourceIds.length
      ? await em.find(
          InstanceNode,
          {
            $or: [
              { instance: { $in: instanceIds } },
              { providerInstanceId: { $in: resourceIds } },
              { volumeId: { $in: resourceIds } },
            ],
          },
          { fields: ['id', 'instance', 'name', 'providerInstanceId', 'volumeId'] },
        )
      : [];
  const openTasks = taskIds.length
    ? await em.find(Task, { id: { $in: taskIds }, job: { status: { $in: OPEN_JOB } } }, { fields: ['id'] })
    : [];
  const recorded = recordedIds(inventory, nodes);
  for (const more of elsewhere) for (const id of await more(em, inventory)) recorded.add(id);

  const fates = new Map<string, InstanceFate>();
  const withOpenJob = new Set(openJobs.map((j) => j.instance!.id));
  for (const instance of instances) {
    const fate: InstanceFate =
      instance.runtime.id !== runtimeId
        ? { kind: 'elsewhere' }
        : instance.status === InstanceStatus.CEASED
          ? { kind: 'ceased', name: instance.name }
          : { kind: 'live', name: instance.name, jobOpen: withOpenJob.has(instance.id) };
    fates.set(instance.id, fate);
  }
  const open = new Set(openTasks.map((t) => t.id));
  return {
    fateOf: (tag) => fates.get(tag) ?? { kind: 'absent' },
    recorded: (id) => recorded.has(id),
    taskOpen: (tag) => open.has(tag),
  };
}

/**
 * Cloud ids the nodes record: a VM by its id; a volume by its id, by the recorded VM it is
 * attached to, or by its `marina:node` tag naming a recorded node of its instance (the VM
 * tasks find a node's volume by that tag).
 */
function recordedIds(
  inventory: CloudInventory,
  nodes: readonly Pick<InstanceNode, 'instance' | 'name' | 'providerInstanceId' | 'volumeId'>[],
): Set<string> {
  const recorded = new Set<string>();
  const nodeNames = new Set<string>();
  for (const node of nodes) {
    if (node.providerInstanceId) recorded.add(node.providerInstanceId);
    if (node.volumeId) recorded.add(node.volumeId);
    nodeNames.add(`${node.instance.id}/${node.name}`);
  }
  for (const volume of inventory.volumes) {
    const byTag = `${volume.tags[INSTANCE_TAG]}/${volume.tags[NODE_TAG] ?? ''}`;
    if ((volume.attachedTo && recorded.has(volume.attachedTo)) || nodeNames.has(byTag)) recorded.add(volume.id);
  }
  return recorded;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
