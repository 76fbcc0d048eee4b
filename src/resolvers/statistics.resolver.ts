import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { PlatformStatisticsNode } from '../schema/statistics.type';
import { type RequestContext, requireActor } from '../server/context';

@Resolver()
export class StatisticsResolver {
  @Authorized()
  @Query(() => PlatformStatisticsNode, {
    description:
      'Admins: app, version, repo, runtime and deploy counts; apps per category; the `top` most deployed apps and versions.',
  })
  async platformStatistics(
    @Arg('top', () => Int, { nullable: true, defaultValue: 10 }) top: number,
    @Ctx() ctx: RequestContext,
  ): Promise<PlatformStatisticsNode> {
    const stats = await ctx.services.statistics.platform(ctx.em, requireActor(ctx), top);
    return {
      ...stats,
      appsPerCategory: [...stats.appsPerCategory],
      mostDeployedApps: [...stats.mostDeployedApps],
      mostDeployedVersions: [...stats.mostDeployedVersions],
    };
  }
}
