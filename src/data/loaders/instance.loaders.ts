/**
 * Batch loaders for the fields of instances. The instance itself was authorised when it was read,
 * and whoever may read an instance may read what it is made of (its app, version and runtime —
 * even a store app of another workspace), so these load by id without a scope.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { AppVersion } from '../../entities/app-version.entity';
import { Instance } from '../../entities/instance.entity';
import { InstanceNode } from '../../entities/instance-node.entity';
import { InstanceRevision } from '../../entities/instance-revision.entity';
import { Runtime } from '../../entities/runtime.entity';
import { RuntimeResource, RuntimeResourceKind } from '../../entities/runtime-resource.entity';
import { byId, groupBy } from './batch';

export interface InstanceLoaders {
  readonly app: DataLoader<string, App | undefined>;
  readonly version: DataLoader<string, AppVersion | undefined>;
  readonly runtime: DataLoader<string, Runtime | undefined>;
  /** Instances by id, for `Job.instance` (the job was authorised; its instance shares its workspace). */
  readonly instance: DataLoader<string, Instance | undefined>;
  /** Revisions per instance id, oldest first. */
  readonly revisions: DataLoader<string, InstanceRevision[]>;
  /** Nodes (pods) per instance id, by name. */
  readonly nodes: DataLoader<string, InstanceNode[]>;
  /** Load balancers added to each instance id, by name (they share the instance's workspace). */
  readonly loadBalancers: DataLoader<string, RuntimeResource[]>;
}

export function createInstanceLoaders(em: EntityManager): InstanceLoaders {
  return {
    app: new DataLoader(async (ids) => byId(await em.find(App, { id: { $in: [...ids] } }), ids)),
    version: new DataLoader(async (ids) => byId(await em.find(AppVersion, { id: { $in: [...ids] } }), ids)),
    runtime: new DataLoader(async (ids) => byId(await em.find(Runtime, { id: { $in: [...ids] } }), ids)),
    instance: new DataLoader(async (ids) => byId(await em.find(Instance, { id: { $in: [...ids] } }), ids)),
    revisions: new DataLoader(async (ids) =>
      groupBy(
        await em.find(InstanceRevision, { instance: { $in: [...ids] } }, { orderBy: { revision: 'asc' } }),
        ids,
        (r) => r.instance.id,
      ),
    ),
    nodes: new DataLoader(async (ids) =>
      groupBy(
        await em.find(InstanceNode, { instance: { $in: [...ids] } }, { orderBy: { name: 'asc' } }),
        ids,
        (n) => n.instance.id,
      ),
    ),
    loadBalancers: new DataLoader(async (ids) =>
      groupBy(
        await em.find(
          RuntimeResource,
          { instance: { $in: [...ids] }, kind: RuntimeResourceKind.LOAD_BALANCER },
          { orderBy: { name: 'asc' } },
        ),
        ids,
        (r) => r.instance!.id,
      ),
    ),
  };
}
