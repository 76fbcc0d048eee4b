import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Instance } from '../entities/instance.entity';
import { toConnection } from '../schema/connection';
import { InstanceStatus } from '../schema/enums';
import { DeployInput, DeployYamlInput, RoleResourceInput } from '../schema/instance.input';
import { InstanceConnection, InstanceJobResult, InstancePreviewResult, InstanceType } from '../schema/instance.type';
import { JSONScalar } from '../schema/scalars';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';
import { isFailure, ValidationFailure, type Failure } from '../services/errors';
import type { StartedOperation } from '../services/instances/instance-operation';
import type { PlainAction } from '../services/instances/instance-change';
import type { JobView } from '../services/job-view.service';

/** What `InstanceJob` resolves from. */
export interface InstanceJobView {
  readonly instance: Instance;
  readonly job: JobView;
  /** The new instance's AppSecret, on the deploy that created it only. */
  readonly appSecret?: string | null;
}

/** The InstanceJob of a started operation (the job re-read after commit, with its tasks), or the failure. */
export async function instanceJobAnswer(
  ctx: RequestContext,
  started: (StartedOperation & { readonly appSecret?: string }) | Failure,
): Promise<InstanceJobView | Failure> {
  if (isFailure(started)) return started;
  const actor = requireActor(ctx);
  const em = ctx.em.fork();
  return {
    instance: await ctx.services.instances.get(em, actor, started.instance.id),
    job: await ctx.services.jobs.get(em, actor, started.job.id),
    appSecret: started.appSecret ?? null,
  };
}

@Resolver(() => InstanceType)
export class InstanceResolver {
  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Query(() => InstanceConnection, { description: 'Instances the caller may see, newest first.' })
  async instances(
    @Arg('appId', () => ID, { nullable: true }) appId: string | undefined,
    @Arg('runtimeId', () => ID, { nullable: true }) runtimeId: string | undefined,
    @Arg('status', () => [InstanceStatus], { nullable: true }) status: InstanceStatus[] | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const page = await ctx.services.instances.list(
      ctx.em,
      requireActor(ctx),
      { appId, runtimeId, status },
      { first, after },
    );
    return toConnection(page);
  }

  @Authorized()
  @Query(() => InstanceType, { nullable: true })
  instance(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Instance> {
    return ctx.services.instances.get(ctx.em, requireActor(ctx), id);
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Query(() => InstancePreviewResult, {
    description:
      'Renders a deploy against the live cluster (on a worker) and lists what it would create; applies nothing.',
  })
  previewDeploy(@Arg('input', () => DeployInput) input: DeployInput, @Ctx() ctx: RequestContext) {
    return ctx.services.instances.previewDeploy(ctx.em, requireActor(ctx), input);
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Query(() => InstancePreviewResult, {
    description:
      'Renders an upgrade against the live cluster: per object added/changed/removed with a diff (Secrets masked) and the override keys the new chart no longer has. Applies nothing.',
  })
  previewInstanceUpgrade(
    @Arg('id', () => ID) id: string,
    @Arg('versionId', () => ID) versionId: string,
    @Arg('config', () => JSONScalar, { nullable: true }) config: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.instances.previewUpgrade(ctx.em, requireActor(ctx), id, versionId, config);
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, {
    description:
      'Deploys a version (ACTIVE, or any under development/review to a TEST runtime for its owners and technical reviewers).',
  })
  async deployInstance(@Arg('input', () => DeployInput) input: DeployInput, @Ctx() ctx: RequestContext) {
    return instanceJobAnswer(ctx, await ctx.services.instances.deploy(ctx.em, requireActor(ctx), input));
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, {
    description:
      'Deploys raw Kubernetes YAML as an instance (an implicit private TEMPLATE app of the caller, deployed like a DRAFT version: to TEST runtimes). Syntax errors name document and line; the server dry run (strict field validation) refuses before anything is applied.',
  })
  async deployYaml(@Arg('input', () => DeployYamlInput) input: DeployYamlInput, @Ctx() ctx: RequestContext) {
    return instanceJobAnswer(
      ctx,
      await ctx.services.instances.deployYaml(ctx.em, requireActor(ctx), input, ctx.services.appUploads),
    );
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, {
    description: 'A new YAML text for an instance deployYaml created (a new revision; checked like deployYaml).',
  })
  async upgradeYaml(
    @Arg('id', () => ID) id: string,
    @Arg('yaml', () => String) yaml: string,
    @Ctx() ctx: RequestContext,
  ) {
    return instanceJobAnswer(
      ctx,
      await ctx.services.instances.upgradeYaml(ctx.em, requireActor(ctx), id, yaml, ctx.services.appUploads),
    );
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, {
    description:
      "Another version of the app, or the current one with new values (a new revision). Without config the user's overrides carry over.",
  })
  async upgradeInstance(
    @Arg('id', () => ID) id: string,
    @Arg('versionId', () => ID) versionId: string,
    @Arg('config', () => JSONScalar, { nullable: true }) config: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return instanceJobAnswer(
      ctx,
      await ctx.services.instances.upgrade(ctx.em, requireActor(ctx), id, versionId, config),
    );
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, { description: 'Re-applies an earlier revision (default: the previous one).' })
  async rollbackInstance(
    @Arg('id', () => ID) id: string,
    @Arg('revision', () => Int, { nullable: true }) revision: number | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return instanceJobAnswer(ctx, await ctx.services.instances.rollback(ctx.em, requireActor(ctx), id, revision));
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, { description: "Replaces the user's overrides (a new revision)." })
  async updateInstanceConfig(
    @Arg('id', () => ID) id: string,
    @Arg('config', () => JSONScalar) config: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return instanceJobAnswer(ctx, await ctx.services.instances.updateConfig(ctx.em, requireActor(ctx), id, config));
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, { description: 'Restores the replica counts recorded by stop.' })
  startInstance(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return this.change(ctx, id, 'start');
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, { description: 'Scales every workload to zero, recording the replica counts.' })
  stopInstance(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return this.change(ctx, id, 'stop');
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, {
    description:
      'Uninstalls the release; the history is kept (recoverable). Load balancers added to it stay unless removeAttached.',
  })
  async deleteInstance(
    @Arg('id', () => ID) id: string,
    @Arg('removeAttached', () => Boolean, { nullable: true, description: 'Also remove its added load balancers.' })
    removeAttached: boolean | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const started = await this.change(ctx, id, 'delete');
    if (!isFailure(started))
      await ctx.services.appKeys.followWorkloads(ctx.em.fork(), started.instance, requireActor(ctx).userId);
    if (removeAttached && !isFailure(started)) {
      const removed = await ctx.services.runtimeResources.removeAttached(ctx.em, requireActor(ctx), started.instance);
      if (isFailure(removed)) return removed;
    }
    return started;
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, { description: 'Reinstalls the last revision of a DELETED instance.' })
  async recoverInstance(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    const started = await this.change(ctx, id, 'recover');
    if (!isFailure(started))
      await ctx.services.appKeys.followWorkloads(ctx.em.fork(), started.instance, requireActor(ctx).userId);
    return started;
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, {
    description: 'Purges the instance and its release records (final); its AppKey is revoked and its Secret removed.',
  })
  async ceaseInstance(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    const started = await this.change(ctx, id, 'cease');
    if (isFailure(started) || !started.instance.appKey) return started;
    const instance = await ctx.services.appKeys.revoke(ctx.em.fork(), requireActor(ctx), started.instance.id);
    return { ...started, instance };
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, { description: 'VM instances only (cpu/memory/volume per role).' })
  async resizeInstance(
    @Arg('id', () => ID) id: string,
    @Arg('roles', () => [RoleResourceInput]) roles: RoleResourceInput[],
    @Ctx() ctx: RequestContext,
  ) {
    return instanceJobAnswer(ctx, await ctx.services.instances.resize(ctx.em, requireActor(ctx), id, roles));
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, { description: 'VM instances only (add or remove nodes of a role).' })
  async scaleInstance(
    @Arg('id', () => ID) id: string,
    @Arg('role', () => String) role: string,
    @Arg('addNodes', () => Int, { nullable: true }) addNodes: number | undefined,
    @Arg('removeNodeIds', () => [ID], { nullable: true }) removeNodeIds: string[] | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return instanceJobAnswer(
      ctx,
      await ctx.services.instances.scale(ctx.em, requireActor(ctx), id, { role, addNodes, removeNodeIds }),
    );
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceJobResult, {
    description:
      "Takes over a release helm installed in the runtime's namespace (its chart must be a version in your catalogue), with its history.",
  })
  async adoptRelease(
    @Arg('runtimeId', () => ID) runtimeId: string,
    @Arg('namespace', () => String) namespace: string,
    @Arg('name', () => String) name: string,
    @Ctx() ctx: RequestContext,
  ) {
    return instanceJobAnswer(
      ctx,
      await ctx.services.instances.adopt(ctx.em, requireActor(ctx), { runtimeId, namespace, name }),
    );
  }

  @Authorized(PERMISSIONS.INSTANCE_ADMIN)
  @Mutation(() => InstanceType, {
    description:
      "Administrators: clears a stuck transition (cancels its job; the instance settles as the operation's failure).",
  })
  resetInstanceTransition(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Instance> {
    return ctx.services.instances.resetTransition(ctx.em, requireActor(ctx), id);
  }

  private async change(ctx: RequestContext, id: string, action: PlainAction) {
    return instanceJobAnswer(ctx, await ctx.services.instances.change(ctx.em, requireActor(ctx), id, action));
  }
}
