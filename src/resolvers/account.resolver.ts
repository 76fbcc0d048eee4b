import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { User } from '../entities/user.entity';
import { PasswordChangeResult, PasswordResetType } from '../schema/account.type';
import { UserType } from '../schema/user.type';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';

@Resolver(() => UserType)
export class AccountResolver {
  @FieldResolver(() => Boolean, {
    description:
      'True after an admin reset the password, until the user sets a new one (shown to the user and user managers).',
  })
  mustChangePassword(@Root() user: Pick<User, 'id' | 'mustChangePassword'>, @Ctx() ctx: RequestContext): boolean {
    const actor = ctx.actor;
    const mayKnow =
      ctx.authenticatedAs.has(user.id) || actor?.userId === user.id || actor?.can(PERMISSIONS.USER_MANAGE) === true;
    return mayKnow && user.mustChangePassword;
  }

  @Authorized()
  @Mutation(() => PasswordChangeResult, {
    description: "Sets a new password given the current one; ends the user's other sessions.",
  })
  changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.accounts.changePassword(
      ctx.em,
      requireActor(ctx),
      currentPassword,
      newPassword,
      ctx.clientAddress,
    );
  }

  @Authorized(PERMISSIONS.USER_MANAGE)
  @Mutation(() => PasswordResetType, {
    description:
      'Admin: a temporary password for a user, who must set a new one at the next login; ends all their sessions and API tokens.',
  })
  resetUserPassword(@Arg('userId', () => ID) userId: string, @Ctx() ctx: RequestContext) {
    return ctx.services.accounts.resetPassword(ctx.em, requireActor(ctx), userId);
  }
}
