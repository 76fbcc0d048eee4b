import {
  Arg,
  Authorized,
  createUnionType,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Workspace } from '../entities/workspace.entity';
import { toConnection } from '../schema/connection';
import { WorkspaceRole } from '../schema/enums';
import { failureTypeName, NameTakenError, ValidationError } from '../schema/errors.type';
import { UserConnection } from '../schema/user.type';
import { MembershipType, WorkspaceType } from '../schema/workspace.type';
import { type RequestContext, requireActor } from '../server/context';

const WorkspaceResult = createUnionType({
  name: 'WorkspaceResult',
  types: () => [WorkspaceType, ValidationError, NameTakenError] as const,
  resolveType: (value) => failureTypeName(value) ?? 'Workspace',
});

@Resolver(() => WorkspaceType)
export class WorkspaceResolver {
  @FieldResolver(() => UserConnection)
  async members(
    @Root() workspace: Workspace,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return toConnection(
      await ctx.services.workspaces.members(ctx.em, requireActor(ctx), workspace.id, { first, after }),
    );
  }

  @Authorized()
  @Query(() => [WorkspaceType], { description: 'Workspaces the caller is a member of.' })
  workspaces(@Ctx() ctx: RequestContext) {
    return ctx.services.workspaces.mine(ctx.em, requireActor(ctx));
  }

  @Authorized()
  @Query(() => WorkspaceType, { nullable: true })
  workspace(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.workspaces.get(ctx.em, requireActor(ctx), id);
  }

  @Authorized()
  @Mutation(() => WorkspaceResult)
  createWorkspace(@Arg('name', () => String) name: string, @Ctx() ctx: RequestContext) {
    return ctx.services.workspaces.create(ctx.em, requireActor(ctx), name);
  }

  @Authorized()
  @Mutation(() => MembershipType, {
    description: "Changes a member's role (owners and admins, up to their own role; never OWNER).",
  })
  setWorkspaceMemberRole(
    @Arg('workspaceId', () => ID) workspaceId: string,
    @Arg('userId', () => ID) userId: string,
    @Arg('role', () => WorkspaceRole) role: WorkspaceRole,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.workspaces.setMemberRole(ctx.em, requireActor(ctx), workspaceId, userId, role);
  }

  @Authorized()
  @Mutation(() => WorkspaceType, { description: 'The owner hands ownership to another member and becomes an ADMIN.' })
  transferWorkspaceOwnership(
    @Arg('workspaceId', () => ID) workspaceId: string,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.workspaces.transferOwnership(ctx.em, requireActor(ctx), workspaceId, userId);
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description:
      'Owners and admins remove members ranked up to their own role; a member may remove itself (leave), the owner only after a transfer.',
  })
  removeWorkspaceMember(
    @Arg('workspaceId', () => ID) workspaceId: string,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.workspaces.removeMember(ctx.em, requireActor(ctx), workspaceId, userId);
  }
}
