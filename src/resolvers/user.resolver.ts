import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { User } from '../entities/user.entity';
import { AuthResult, UserResult } from '../schema/auth.type';
import { toConnection } from '../schema/connection';
import { BuiltinRole } from '../schema/enums';
import { RoleDefinitionResult } from '../schema/role.type';
import { RoleDefinitionType, UserConnection, UserType } from '../schema/user.type';
import { WorkspaceType } from '../schema/workspace.type';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';
import { badInput, isFailure } from '../services/errors';
import {
  type UserFacts,
  visibleEmail,
  visibleRoles,
  visibleWorkspaceId,
  type Viewer,
} from '../services/users/user-view';

const viewerOf = (ctx: RequestContext): Viewer => ({ actor: ctx.actor, provenUserIds: ctx.authenticatedAs });

@Resolver(() => UserType)
export class UserResolver {
  @FieldResolver(() => String, {
    description:
      'Full address for the user, admins and members of their workspace; masked (a***@example.com) for others.',
  })
  email(@Root() user: UserFacts, @Ctx() ctx: RequestContext): string {
    return visibleEmail(viewerOf(ctx), user);
  }

  @FieldResolver(() => [BuiltinRole], {
    description:
      'Empty for other users than the user themself, admins and members of their workspace (a public profile).',
  })
  async roles(@Root() user: UserFacts, @Ctx() ctx: RequestContext): Promise<BuiltinRole[]> {
    return visibleRoles(viewerOf(ctx), user, await ctx.loaders.rolesOfUser.load(user.id)).builtin;
  }

  @FieldResolver(() => [String], { description: 'Names of assigned custom roles (empty in a public profile).' })
  async customRoles(@Root() user: UserFacts, @Ctx() ctx: RequestContext): Promise<string[]> {
    return visibleRoles(viewerOf(ctx), user, await ctx.loaders.rolesOfUser.load(user.id)).custom;
  }

  @FieldResolver(() => [String], { description: 'Empty in a public profile.' })
  async permissions(@Root() user: UserFacts, @Ctx() ctx: RequestContext): Promise<string[]> {
    return visibleRoles(viewerOf(ctx), user, await ctx.loaders.rolesOfUser.load(user.id)).permissions;
  }

  @FieldResolver(() => WorkspaceType, { nullable: true })
  workspace(@Root() user: UserFacts, @Ctx() ctx: RequestContext) {
    const id = visibleWorkspaceId(viewerOf(ctx), user);
    return id ? ctx.loaders.workspace.load(id) : null;
  }

  @Authorized(PERMISSIONS.USER_MANAGE)
  @Query(() => UserConnection)
  async users(
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Arg('search', () => String, { nullable: true }) search: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return toConnection(await ctx.services.users.users(ctx.em, requireActor(ctx), search, { first, after }));
  }

  @Authorized(PERMISSIONS.USER_MANAGE)
  @Mutation(() => AuthResult, {
    description: 'Admin: creates a user with the given roles; the payload carries tokens for the new user.',
  })
  async createUser(
    @Arg('username', () => String) username: string,
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Arg('roles', () => [BuiltinRole]) roles: BuiltinRole[],
    @Arg('customRoles', () => [String], { nullable: true }) customRoles: string[] | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const user = await ctx.services.users.createUser(ctx.em, requireActor(ctx), {
      username,
      email,
      password,
      roles,
      customRoles,
    });
    return isFailure(user) ? user : ctx.services.identity.issue(ctx.em, user);
  }

  @Authorized(PERMISSIONS.USER_MANAGE)
  @Mutation(() => UserType, {
    description: 'Replaces the built-in roles; custom roles are replaced only when customRoles is given.',
  })
  async setUserRoles(
    @Arg('userId', () => ID) userId: string,
    @Arg('roles', () => [BuiltinRole]) roles: BuiltinRole[],
    @Arg('customRoles', () => [String], { nullable: true }) customRoles: string[] | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const result = await ctx.services.users.setUserRoles(ctx.em, requireActor(ctx), userId, { roles, customRoles });
    if (isFailure(result)) throw badInput(result.message);
    ctx.loaders.rolesOfUser.clear(userId);
    return result;
  }

  @Authorized(PERMISSIONS.VENDOR_MANAGE_DEVELOPERS)
  @Mutation(() => UserResult, { description: 'ISV: creates a DEVELOPER account in the vendor workspace.' })
  createDeveloper(
    @Arg('username', () => String) username: string,
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.users.createDeveloper(ctx.em, requireActor(ctx), { username, email, password });
  }

  @Authorized(PERMISSIONS.ROLE_MANAGE)
  @Query(() => [RoleDefinitionType])
  roleDefinitions(@Ctx() ctx: RequestContext) {
    return ctx.services.users.roles(ctx.em, requireActor(ctx));
  }

  @Authorized(PERMISSIONS.ROLE_MANAGE)
  @Mutation(() => RoleDefinitionResult, { description: 'Admin: composes a custom role from permissions.' })
  createRole(
    @Arg('name', () => String) name: string,
    @Arg('permissions', () => [String]) permissions: string[],
    @Arg('description', () => String, { nullable: true }) description: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.users.createRole(ctx.em, requireActor(ctx), { name, description, permissions });
  }

  @Authorized(PERMISSIONS.ROLE_MANAGE)
  @Mutation(() => Boolean)
  async deleteRole(@Arg('name', () => String) name: string, @Ctx() ctx: RequestContext) {
    const result = await ctx.services.users.deleteRole(ctx.em, requireActor(ctx), name);
    if (isFailure(result)) throw badInput(result.message);
    return result;
  }

  @Query(() => [String], { description: 'The permission catalogue custom roles are composed from.' })
  @Authorized(PERMISSIONS.ROLE_MANAGE)
  permissionCatalogue(): string[] {
    return Object.values(PERMISSIONS).sort();
  }
}
