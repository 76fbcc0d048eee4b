import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Instance } from '../entities/instance.entity';
import { AppIdentityType, AppKeyResult, AppKeyVerificationType } from '../schema/app-key.type';
import { InstanceType } from '../schema/instance.type';
import { type RequestContext, requireActor } from '../server/context';
import { NO_IDENTITY, type AppIdentity } from '../services/app-keys/app-declarations';
import { PERMISSIONS } from '../services/auth/permissions';

const identityView = (identity: AppIdentity): AppIdentityType => ({
  apiPermissions: [...identity.apiPermissions],
  dataPermissions: identity.dataPermissions.map((d) => ({ ...d, actions: [...d.actions] })),
  dependencies: [...identity.dependencies],
});

/** Per-instance AppKey/AppSecret (PRODUCT.md H8). */
@Resolver()
export class AppKeyResolver {
  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => AppKeyResult, {
    description:
      "Issues a new AppKey/AppSecret for an instance (shown this once) and updates the workload's Secret; the old pair stops verifying.",
  })
  rotateAppKey(@Arg('instanceId', () => ID) instanceId: string, @Ctx() ctx: RequestContext) {
    return ctx.services.appKeys.rotate(ctx.em, requireActor(ctx), instanceId);
  }

  @Authorized(PERMISSIONS.RUNTIME_USE)
  @Mutation(() => InstanceType, {
    description: "Revokes an instance's AppKey: no pair verifies any more and the workload's Secret is removed.",
  })
  revokeAppKey(@Arg('instanceId', () => ID) instanceId: string, @Ctx() ctx: RequestContext): Promise<Instance> {
    return ctx.services.appKeys.revoke(ctx.em, requireActor(ctx), instanceId);
  }

  @Query(() => AppKeyVerificationType, {
    description:
      'Checks a presented AppKey/AppSecret (no login needed): valid with its granted permissions, or invalid with none. Constant-cost; reveals nothing else.',
  })
  async verifyAppKey(
    @Arg('appKey', () => String) appKey: string,
    @Arg('appSecret', () => String) appSecret: string,
    @Ctx() ctx: RequestContext,
  ): Promise<AppKeyVerificationType> {
    const r = await ctx.services.appKeys.verify(ctx.em, appKey, appSecret);
    return { valid: r.valid, identity: identityView(r.identity) };
  }
}

@Resolver(() => InstanceType)
export class InstanceIdentityResolver {
  @FieldResolver(() => AppIdentityType, {
    description: "What the instance's AppKey is granted (declared by its version's identity.json).",
  })
  identity(@Root() instance: Instance): AppIdentityType {
    return identityView((instance.appIdentity as AppIdentity | null | undefined) ?? NO_IDENTITY);
  }
}
