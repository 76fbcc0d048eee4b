import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { OrphanedResourceNode, OrphanRemovalNode } from '../schema/orphan.type';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';

@Resolver()
export class OrphanResolver {
  @Authorized(PERMISSIONS.INSTANCE_ADMIN)
  @Query(() => [OrphanedResourceNode], {
    description:
      "Administrators: VMs and volumes in a cloud runtime's zone carrying Marina's tags whose instance is ceased or unknown, or that no node records (read by a worker).",
  })
  async orphanedCloudResources(
    @Arg('runtimeId', () => ID) runtimeId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<OrphanedResourceNode[]> {
    return (await ctx.services.runtimeOrphans.list(ctx.em, requireActor(ctx), runtimeId)) as OrphanedResourceNode[];
  }

  @Authorized(PERMISSIONS.INSTANCE_ADMIN)
  @Mutation(() => OrphanRemovalNode, {
    description:
      'Administrators: terminates orphaned VMs and detaches and deletes orphaned volumes of a cloud runtime (`ids`: only those; every orphan when omitted). Ids that are not orphans are left alone.',
  })
  async removeOrphanedCloudResources(
    @Arg('runtimeId', () => ID) runtimeId: string,
    @Arg('ids', () => [String], { nullable: true }) ids: string[] | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<OrphanRemovalNode> {
    const result = await ctx.services.runtimeOrphans.remove(ctx.em, requireActor(ctx), runtimeId, ids ?? null);
    return { removed: [...result.removed], skipped: [...result.skipped] } as OrphanRemovalNode;
  }
}
