import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { App } from '../entities/app.entity';
import {
  AppConnection,
  AppFilter,
  AppNode,
  AppResult,
  AppSort,
  AppVersionConnection,
  AppVersionNode,
  CategoryNode,
  CreateAppInput,
  PackageValidationNode,
  UpdateAppInput,
} from '../schema/app.type';
import { toConnection } from '../schema/connection';
import type { StoreAppRow } from '../data/catalog/store-rows';
import { VersionStatus } from '../schema/enums';
import { RepoNode } from '../schema/repo.type';
import type { FileUpload } from '../schema/scalars';
import { UploadScalar } from '../schema/scalars';
import { UserType } from '../schema/user.type';
import { VendorType } from '../schema/vendor.type';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';

/** An app as the field resolvers read it: an entity, or a plain store row (which carries its owner and vendor). */
type AppRoot = App | StoreAppRow;

@Resolver(() => AppNode)
export class AppResolver {
  @FieldResolver(() => [CategoryNode])
  categories(@Root() app: AppRoot, @Ctx() ctx: RequestContext) {
    return ctx.loaders.catalog.categoriesOfApp.load(app.id);
  }

  @FieldResolver(() => RepoNode, { nullable: true })
  async repo(@Root() app: AppRoot, @Ctx() ctx: RequestContext) {
    return app.repo ? ((await ctx.loaders.catalog.repo.load(app.repo.id)) ?? null) : null;
  }

  @FieldResolver(() => UserType)
  owner(@Root() app: AppRoot, @Ctx() ctx: RequestContext) {
    return 'view' in app ? app.owner : ctx.loaders.user.load(app.owner.id);
  }

  @FieldResolver(() => VendorType, { nullable: true })
  async vendor(@Root() app: AppRoot, @Ctx() ctx: RequestContext) {
    if ('view' in app) return app.vendor ?? null;
    return app.vendor ? ((await ctx.loaders.catalog.vendor.load(app.vendor.id)) ?? null) : null;
  }

  @FieldResolver(() => AppVersionConnection, { description: 'Newest SemVer first; every status unless filtered.' })
  async versions(
    @Root() app: AppRoot,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Arg('status', () => [VersionStatus], { nullable: true }) status: VersionStatus[] | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return toConnection(
      await ctx.services.apps.versions(
        ctx.em,
        requireActor(ctx),
        app,
        status,
        { first, after },
        ctx.loaders.catalog.newestVersionsOfApp,
      ),
    );
  }

  @FieldResolver(() => AppVersionNode, {
    nullable: true,
    description: 'The newest version (by SemVer) that is not DELETED.',
  })
  async latestVersion(@Root() app: AppRoot, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.catalog.latestVersionOfApp.load(app.id)) ?? null;
  }

  @Authorized()
  @Query(() => AppConnection, {
    description:
      "Developer/workspace view: apps of the caller's workspaces and of PUBLIC repos (DELETED ones only when asked for).",
  })
  async apps(
    @Arg('filter', () => AppFilter, { nullable: true }) filter: AppFilter | undefined,
    @Arg('sort', () => AppSort, { nullable: true }) sort: AppSort | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return toConnection(
      await ctx.services.apps.list(ctx.em, requireActor(ctx), filter ?? {}, sort ?? AppSort.NEWEST, { first, after }),
    );
  }

  @Authorized()
  @Query(() => AppConnection, {
    description:
      'The store: ACTIVE apps (and through them only ACTIVE versions) for every signed-in user; newest first by default. The status and mine filters do not apply.',
  })
  async storeApps(
    @Arg('filter', () => AppFilter, { nullable: true }) filter: AppFilter | undefined,
    @Arg('sort', () => AppSort, { nullable: true }) sort: AppSort | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return toConnection(await ctx.services.apps.store(ctx.em, filter ?? {}, sort ?? AppSort.NEWEST, { first, after }));
  }

  @Authorized()
  @Query(() => AppNode, { nullable: true })
  app(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.apps.get(ctx.em, requireActor(ctx), id);
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => PackageValidationNode, { description: 'Loads and validates a package without storing anything.' })
  validatePackage(@Arg('package', () => UploadScalar) upload: Promise<FileUpload>, @Ctx() ctx: RequestContext) {
    return ctx.services.appUploads.validatePackage(requireActor(ctx), upload);
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => AppResult, {
    description: 'Creates the app and its first DRAFT version from a package (optionally published into an S3 repo).',
  })
  createApp(@Arg('input', () => CreateAppInput) input: CreateAppInput, @Ctx() ctx: RequestContext) {
    return ctx.services.appUploads.createApp(ctx.em, requireActor(ctx), input);
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => AppResult, {
    description:
      "Changes an app's metadata, categories, icon and screenshots (writers of its workspace). InvalidStateError while a version is in review or the app is SUSPENDED/DELETED.",
  })
  updateApp(@Arg('input', () => UpdateAppInput) input: UpdateAppInput, @Ctx() ctx: RequestContext) {
    return ctx.services.appEdits.update(ctx.em, requireActor(ctx), input);
  }

  @Authorized(PERMISSIONS.APP_MANAGE)
  @Mutation(() => AppResult, {
    description: 'Suspends every ACTIVE version (each audited); the app leaves the store. Instances untouched.',
  })
  suspendApp(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.appSuspension.suspend(ctx.em, requireActor(ctx), id);
  }

  @Authorized(PERMISSIONS.APP_MANAGE)
  @Mutation(() => AppResult, { description: 'Recovers every SUSPENDED version (each audited).' })
  recoverApp(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.appSuspension.recover(ctx.em, requireActor(ctx), id);
  }
}
