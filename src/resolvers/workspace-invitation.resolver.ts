import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { WorkspaceInvitation } from '../entities/workspace-invitation.entity';
import { WorkspaceRole } from '../schema/enums';
import { UserType } from '../schema/user.type';
import { MembershipType, WorkspaceInvitationType, WorkspaceType } from '../schema/workspace.type';
import { type RequestContext, requireActor } from '../server/context';

@Resolver(() => WorkspaceInvitationType)
export class WorkspaceInvitationResolver {
  @FieldResolver(() => WorkspaceType)
  workspace(@Root() invitation: WorkspaceInvitation, @Ctx() ctx: RequestContext) {
    return ctx.loaders.workspace.load(invitation.workspace.id);
  }

  @FieldResolver(() => UserType)
  invitee(@Root() invitation: WorkspaceInvitation, @Ctx() ctx: RequestContext) {
    return ctx.loaders.user.load(invitation.invitee.id);
  }

  @FieldResolver(() => UserType)
  invitedBy(@Root() invitation: WorkspaceInvitation, @Ctx() ctx: RequestContext) {
    return ctx.loaders.user.load(invitation.invitedBy.id);
  }

  @Authorized()
  @Query(() => [WorkspaceInvitationType], { description: "The caller's pending workspace invitations, newest first." })
  workspaceInvitations(@Ctx() ctx: RequestContext) {
    return ctx.services.invitations.mine(ctx.em, requireActor(ctx));
  }

  @Authorized()
  @Mutation(() => WorkspaceInvitationType, {
    description:
      'Invites a user (owners and admins; a role up to their own, never OWNER). The user joins by accepting.',
  })
  inviteWorkspaceMember(
    @Arg('workspaceId', () => ID) workspaceId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => WorkspaceRole) role: WorkspaceRole,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.invitations.invite(ctx.em, requireActor(ctx), workspaceId, userId, role);
  }

  @Authorized()
  @Mutation(() => MembershipType, { description: 'The invitee joins the workspace with the offered role.' })
  acceptWorkspaceInvitation(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.invitations.accept(ctx.em, requireActor(ctx), id);
  }

  @Authorized()
  @Mutation(() => Boolean)
  declineWorkspaceInvitation(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.invitations.decline(ctx.em, requireActor(ctx), id);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Owners and admins withdraw a pending invitation.' })
  revokeWorkspaceInvitation(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.invitations.revoke(ctx.em, requireActor(ctx), id);
  }
}
