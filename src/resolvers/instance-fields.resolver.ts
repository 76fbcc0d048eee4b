import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { App } from '../entities/app.entity';
import type { AppVersion } from '../entities/app-version.entity';
import type { Instance } from '../entities/instance.entity';
import type { InstanceNode } from '../entities/instance-node.entity';
import type { InstanceRevision } from '../entities/instance-revision.entity';
import type { Runtime } from '../entities/runtime.entity';
import type { ResourceStatus } from '../drivers/runtime-driver.types';
import { AppNode, AppVersionNode } from '../schema/app.type';
import { toConnection } from '../schema/connection';
import {
  InstanceNodeType,
  InstanceRevisionType,
  InstanceType,
  JobConnection,
  KubeResourceType,
} from '../schema/instance.type';
import { JobType } from '../schema/job.type';
import { RuntimeNode } from '../schema/runtime.type';
import { JSONScalar } from '../schema/scalars';
import { type RequestContext, requireActor } from '../server/context';
import { notFound } from '../services/errors';
import { toView, type JobView } from '../services/job-view.service';

function loaded<T>(row: T | undefined, what: string, id: string): T {
  if (!row) throw notFound(what, id);
  return row;
}

@Resolver(() => InstanceType)
export class InstanceFieldsResolver {
  @FieldResolver(() => AppNode)
  async app(@Root() instance: Instance, @Ctx() ctx: RequestContext): Promise<App> {
    return loaded(await ctx.loaders.instances.app.load(instance.app.id), 'App', instance.app.id);
  }

  @FieldResolver(() => AppVersionNode)
  async version(@Root() instance: Instance, @Ctx() ctx: RequestContext): Promise<AppVersion> {
    return loaded(await ctx.loaders.instances.version.load(instance.version.id), 'AppVersion', instance.version.id);
  }

  @FieldResolver(() => RuntimeNode)
  async runtime(@Root() instance: Instance, @Ctx() ctx: RequestContext): Promise<Runtime> {
    return loaded(await ctx.loaders.instances.runtime.load(instance.runtime.id), 'Runtime', instance.runtime.id);
  }

  @FieldResolver(() => [InstanceRevisionType], { description: 'Oldest first.' })
  revisions(@Root() instance: Instance, @Ctx() ctx: RequestContext): Promise<InstanceRevision[]> {
    return ctx.loaders.instances.revisions.load(instance.id);
  }

  @FieldResolver(() => [InstanceNodeType], { description: 'Pods (Kubernetes) as last observed.' })
  nodes(@Root() instance: Instance, @Ctx() ctx: RequestContext): Promise<InstanceNode[]> {
    return ctx.loaders.instances.nodes.load(instance.id);
  }

  @FieldResolver(() => [KubeResourceType], { description: 'Deployed objects with health, as last observed.' })
  resources(@Root() instance: Instance): ResourceStatus[] {
    return instance.resources ?? [];
  }

  @FieldResolver(() => JSONScalar, {
    nullable: true,
    description: 'Replica counts recorded by the last stop ("Deployment/web": 3), restored by start.',
  })
  replicas(@Root() instance: Instance): Record<string, number> | null {
    return instance.replicas ?? null;
  }

  @FieldResolver(() => JSONScalar, {
    description:
      "The chart's default values with the user's overrides (config) coalesced onto them, as Helm renders them.",
  })
  effectiveConfig(@Root() instance: Instance, @Ctx() ctx: RequestContext): Promise<Record<string, unknown>> {
    return ctx.services.instances.effectiveConfig(ctx.em, instance);
  }

  @FieldResolver(() => JobConnection, { description: 'Operations on the instance, newest first.' })
  async jobs(
    @Root() instance: Instance,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const page = await ctx.services.instances.jobsOf(ctx.em, instance, { first, after });
    await ctx.em.populate(page.nodes, ['tasks']);
    return toConnection({ ...page, nodes: page.nodes.map(toView) });
  }
}

@Resolver(() => InstanceRevisionType)
export class InstanceRevisionFieldsResolver {
  @FieldResolver(() => AppVersionNode)
  async version(@Root() revision: InstanceRevision, @Ctx() ctx: RequestContext): Promise<AppVersion> {
    return loaded(await ctx.loaders.instances.version.load(revision.version.id), 'AppVersion', revision.version.id);
  }

  @FieldResolver(() => Date)
  at(@Root() revision: InstanceRevision): Date {
    return revision.createdAt;
  }
}

@Resolver(() => InstanceNodeType)
export class InstanceNodeFieldsResolver {
  @FieldResolver(() => String, { nullable: true })
  instanceId(@Root() node: InstanceNode): string | null {
    return node.providerInstanceId ?? null;
  }
}

@Resolver(() => KubeResourceType)
export class KubeResourceFieldsResolver {
  @FieldResolver(() => String, { nullable: true })
  status(@Root() resource: ResourceStatus): string | null {
    return resource.health;
  }
}

@Resolver(() => JobType)
export class JobInstanceResolver {
  @FieldResolver(() => InstanceType, { nullable: true, description: 'The instance the job operates on.' })
  async instance(@Root() job: JobView, @Ctx() ctx: RequestContext): Promise<Instance | null> {
    requireActor(ctx);
    return job.instanceId ? ((await ctx.loaders.instances.instance.load(job.instanceId)) ?? null) : null;
  }
}
