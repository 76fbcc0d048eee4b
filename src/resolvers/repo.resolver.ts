import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Repo } from '../entities/repo.entity';
import type { RepoEvent } from '../entities/repo-event.entity';
import { AppConnection } from '../schema/app.type';
import { toConnection } from '../schema/connection';
import { SyncStatus } from '../schema/enums';
import { CreateRepoInput } from '../schema/repo.input';
import {
  RepoConnection,
  RepoEventConnection,
  RepoEventNode,
  RepoNode,
  RepoResult,
  RepoValidationNode,
} from '../schema/repo.type';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';

@Resolver(() => RepoNode)
export class RepoResolver {
  @FieldResolver(() => SyncStatus, {
    nullable: true,
    description: 'Status of the latest sync (null before the first).',
  })
  async syncStatus(@Root() repo: Repo, @Ctx() ctx: RequestContext): Promise<SyncStatus | null> {
    return (await ctx.loaders.catalog.latestEventOfRepo.load(repo.id))?.status ?? null;
  }

  @FieldResolver(() => AppConnection, { description: 'Apps indexed from (or published to) this repo, by name.' })
  async apps(
    @Root() repo: Repo,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return toConnection(await ctx.services.apps.ofRepo(ctx.em, repo.id, { first, after }));
  }

  @FieldResolver(() => RepoEventConnection, { description: 'Sync events, newest first.' })
  async events(
    @Root() repo: Repo,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return toConnection(await ctx.services.repos.events(ctx.em, repo, { first, after }));
  }

  @Authorized()
  @Query(() => RepoConnection, { description: "Repos of the caller's workspaces and PUBLIC repos, newest first." })
  async repos(
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return toConnection(await ctx.services.repos.list(ctx.em, requireActor(ctx), { first, after }));
  }

  @Authorized()
  @Query(() => RepoNode, { nullable: true })
  repo(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Repo> {
    return ctx.services.repos.get(ctx.em, requireActor(ctx), id);
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => RepoValidationNode, {
    description:
      'Checks a repo before saving it: URL, type, credentials, reachability, read (and S3 write) access, index.yaml.',
  })
  validateRepo(@Arg('input', () => CreateRepoInput) input: CreateRepoInput, @Ctx() ctx: RequestContext) {
    return ctx.services.repos.validate(requireActor(ctx), input);
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => RepoResult, { description: 'Validates and creates a repo, then starts its first sync.' })
  createRepo(@Arg('input', () => CreateRepoInput) input: CreateRepoInput, @Ctx() ctx: RequestContext) {
    return ctx.services.repos.create(ctx.em, requireActor(ctx), input);
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => Boolean, { description: 'Marks the repo deleted with its apps and versions.' })
  deleteRepo(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.repos.delete(ctx.em, requireActor(ctx), id);
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => RepoEventNode, {
    description: "Sync now: the PENDING event of a new sync job, or the repo's sync already under way.",
  })
  syncRepo(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<RepoEvent> {
    return ctx.services.repos.sync(ctx.em, requireActor(ctx), id);
  }
}
