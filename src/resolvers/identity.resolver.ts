import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ApiTokenType, AuthResult } from '../schema/auth.type';
import { UserType } from '../schema/user.type';
import { type RequestContext, requireActor } from '../server/context';
import { badInput, notFound } from '../services/errors';
import { User } from '../entities/user.entity';

/** Lets the payload's user show its own private fields although the request had no bearer token. */
function remember<T>(ctx: RequestContext, result: T): T {
  if (result && typeof result === 'object' && 'user' in result && result.user instanceof User)
    ctx.authenticatedAs.add(result.user.id);
  return result;
}

@Resolver()
export class IdentityResolver {
  @Mutation(() => AuthResult)
  async register(
    @Arg('username', () => String) username: string,
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: RequestContext,
  ) {
    return remember(ctx, await ctx.services.identity.register(ctx.em, { username, email, password }));
  }

  @Mutation(() => AuthResult)
  async login(
    @Arg('username', () => String) username: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: RequestContext,
  ) {
    return remember(ctx, await ctx.services.identity.login(ctx.em, username, password, ctx.clientAddress));
  }

  @Mutation(() => AuthResult)
  async refreshToken(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() ctx: RequestContext) {
    return remember(ctx, await ctx.services.identity.refresh(ctx.em, refreshToken));
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description:
      "Ends the caller's session (its refresh tokens). allSessions: every session and access token of the user; apiTokens: also revokes the user's API tokens.",
  })
  logout(
    @Arg('allSessions', () => Boolean, { nullable: true }) allSessions: boolean | undefined,
    @Arg('apiTokens', () => Boolean, { nullable: true }) apiTokens: boolean | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.identity.logout(ctx.em, requireActor(ctx), {
      allSessions: allSessions ?? false,
      apiTokens: apiTokens ?? false,
    });
  }

  @Authorized()
  @Query(() => UserType)
  async me(@Ctx() ctx: RequestContext): Promise<User> {
    const actor = requireActor(ctx);
    const user = await ctx.loaders.user.load(actor.userId);
    if (!user) throw notFound('User', actor.userId);
    return user;
  }

  @Authorized()
  @Mutation(() => ApiTokenType, { description: 'The token secret is returned only here.' })
  async createApiToken(@Arg('name', () => String) name: string, @Ctx() ctx: RequestContext) {
    const created = await ctx.services.identity.createApiToken(ctx.em, requireActor(ctx), name);
    if (!('record' in created)) throw badInput(created.message);
    return {
      id: created.record.id,
      name: created.record.name,
      createdAt: created.record.createdAt,
      token: created.token,
    };
  }

  @Authorized()
  @Mutation(() => Boolean)
  revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.identity.revokeApiToken(ctx.em, requireActor(ctx), id);
  }

  @Authorized()
  @Query(() => [ApiTokenType])
  async apiTokens(@Ctx() ctx: RequestContext) {
    const tokens = await ctx.services.identity.listApiTokens(ctx.em, requireActor(ctx));
    return tokens.map((t) => ({
      id: t.id,
      name: t.name,
      createdAt: t.createdAt,
      lastUsedAt: t.lastUsedAt,
      token: null,
    }));
  }
}
