import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Instance } from '../entities/instance.entity';
import { RuntimeResourceKind, type RuntimeResource } from '../entities/runtime-resource.entity';
import { InstanceType } from '../schema/instance.type';
import {
  ConfigFileResult,
  ConfigFileType,
  CreateConfigFileInput,
  CreateVolumeInput,
  DeleteResourceResult,
  LoadBalancerInput,
  LoadBalancerLayer,
  LoadBalancerResult,
  LoadBalancerType,
  VolumeResult,
  VolumeType,
} from '../schema/runtime-resource.type';
import { JSONScalar } from '../schema/scalars';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';
import { isFailure, type Failure } from '../services/errors';
import type { VolumeView } from '../services/runtime-resources/runtime-resource.service';

function configFileOf(row: RuntimeResource): ConfigFileType {
  return {
    id: row.id,
    name: row.name,
    namespace: row.namespace,
    runtimeId: row.runtime.id,
    data: (row.spec.data ?? {}) as Record<string, string>,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function volumeOf({ resource, phase }: VolumeView): VolumeType {
  const spec = resource.spec as { size: string; storageClass: string | null; accessMode: string };
  return {
    id: resource.id,
    name: resource.name,
    namespace: resource.namespace,
    runtimeId: resource.runtime.id,
    size: spec.size,
    storageClass: spec.storageClass,
    accessMode: spec.accessMode,
    phase,
    createdAt: resource.createdAt,
  };
}

function loadBalancerOf(row: RuntimeResource): LoadBalancerType {
  const spec = row.spec as { layer: LoadBalancerLayer; serviceType?: string; ports?: unknown; rules?: unknown };
  return {
    id: row.id,
    name: row.name,
    namespace: row.namespace,
    instanceId: row.instance?.id ?? null,
    layer: spec.layer,
    serviceType: spec.serviceType ?? null,
    ports: spec.ports ?? null,
    rules: spec.rules ?? null,
    addresses: ((row.observed?.addresses as string[] | undefined) ?? []).slice(),
    createdAt: row.createdAt,
  };
}

const mapped = <T, R>(value: T | Failure, map: (v: T) => R): R | Failure => (isFailure(value) ? value : map(value));

/** Config files, volumes and load balancers of runtimes (issue 16 item 4). */
@Resolver()
export class RuntimeResourceResolver {
  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Query(() => [ConfigFileType], { description: "Config files of a runtime's namespace created by your workspaces." })
  async configFiles(@Arg('runtimeId', () => ID) runtimeId: string, @Ctx() ctx: RequestContext) {
    const rows = await ctx.services.runtimeResources.list(
      ctx.em,
      requireActor(ctx),
      runtimeId,
      RuntimeResourceKind.CONFIG_FILE,
    );
    return rows.map(configFileOf);
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Query(() => ConfigFileType, { nullable: true })
  async configFile(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return configFileOf(
      await ctx.services.runtimeResources.get(ctx.em, requireActor(ctx), id, RuntimeResourceKind.CONFIG_FILE),
    );
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => ConfigFileResult, { description: 'Creates a ConfigMap with one key per file.' })
  async createConfigFile(
    @Arg('input', () => CreateConfigFileInput) input: CreateConfigFileInput,
    @Ctx() ctx: RequestContext,
  ) {
    return mapped(await ctx.services.runtimeResources.createConfigFile(ctx.em, requireActor(ctx), input), configFileOf);
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => ConfigFileResult, {
    description: 'Replaces the files of a config file in place (files not given are removed); mounts see the change.',
  })
  async updateConfigFile(
    @Arg('id', () => ID) id: string,
    @Arg('data', () => JSONScalar) data: unknown,
    @Ctx() ctx: RequestContext,
  ) {
    return mapped(
      await ctx.services.runtimeResources.updateConfigFile(ctx.em, requireActor(ctx), id, data),
      configFileOf,
    );
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => DeleteResourceResult)
  async deleteConfigFile(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    const r = await ctx.services.runtimeResources.remove(
      ctx.em,
      requireActor(ctx),
      id,
      RuntimeResourceKind.CONFIG_FILE,
    );
    return r === true ? { id } : r;
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Query(() => [VolumeType], { description: 'Volumes of a runtime created by your workspaces, with their live phase.' })
  async volumes(@Arg('runtimeId', () => ID) runtimeId: string, @Ctx() ctx: RequestContext) {
    return (await ctx.services.runtimeResources.volumes(ctx.em, requireActor(ctx), runtimeId)).map(volumeOf);
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => VolumeResult, { description: 'Creates a PersistentVolumeClaim of the requested size and class.' })
  async createVolume(@Arg('input', () => CreateVolumeInput) input: CreateVolumeInput, @Ctx() ctx: RequestContext) {
    return mapped(await ctx.services.runtimeResources.createVolume(ctx.em, requireActor(ctx), input), volumeOf);
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => DeleteResourceResult)
  async deleteVolume(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    const r = await ctx.services.runtimeResources.remove(ctx.em, requireActor(ctx), id, RuntimeResourceKind.VOLUME);
    return r === true ? { id } : r;
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => LoadBalancerResult, {
    description: 'Adds a Service (L4) or an Ingress (L7) to a deployed instance; kept when the instance is deleted.',
  })
  async addLoadBalancer(
    @Arg('instanceId', () => ID) instanceId: string,
    @Arg('input', () => LoadBalancerInput) input: LoadBalancerInput,
    @Ctx() ctx: RequestContext,
  ) {
    return mapped(
      await ctx.services.runtimeResources.addLoadBalancer(ctx.em, requireActor(ctx), instanceId, input),
      loadBalancerOf,
    );
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => DeleteResourceResult)
  async removeLoadBalancer(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    const r = await ctx.services.runtimeResources.remove(
      ctx.em,
      requireActor(ctx),
      id,
      RuntimeResourceKind.LOAD_BALANCER,
    );
    return r === true ? { id } : r;
  }
}

@Resolver(() => InstanceType)
export class InstanceLoadBalancersResolver {
  @FieldResolver(() => [LoadBalancerType], { description: 'Load balancers added to it after its deploy.' })
  async loadBalancers(@Root() instance: Instance, @Ctx() ctx: RequestContext): Promise<LoadBalancerType[]> {
    return (await ctx.loaders.instances.loadBalancers.load(instance.id)).map(loadBalancerOf);
  }
}
