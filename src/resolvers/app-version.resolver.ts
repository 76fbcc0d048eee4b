import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { VersionRow } from '../data/catalog/store-rows';
import type { AppVersion } from '../entities/app-version.entity';
import type { VersionAudit } from '../entities/version-audit.entity';
import { AppNode, AppVersionNode, AppVersionResult } from '../schema/app.type';
import { AuditEntryNode, ReviewNode } from '../schema/review.type';
import type { FileUpload } from '../schema/scalars';
import { JSONScalar, UploadScalar } from '../schema/scalars';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';

/** An audit row as the AuditEntry type reads it. */
export interface AuditView {
  readonly action: string;
  readonly from?: string;
  readonly to: string;
  readonly role?: string;
  readonly message?: string;
  readonly at: Date;
  readonly actorId: string;
}

const auditView = (a: VersionAudit): AuditView => ({
  action: a.action,
  from: a.fromStatus,
  to: a.toStatus,
  role: a.role,
  message: a.message,
  at: a.createdAt,
  actorId: a.actor.id,
});

/** A version as the field resolvers read it: an entity, or a plain row of a version list. */
type VersionRoot = AppVersion | VersionRow;

@Resolver(() => AppVersionNode)
export class AppVersionResolver {
  @FieldResolver(() => AppNode)
  async app(@Root() version: VersionRoot, @Ctx() ctx: RequestContext) {
    return ctx.loaders.catalog.app.load(version.app.id);
  }

  @FieldResolver(() => Int, {
    description: 'Bytes of the package archive (repo packages are fetched once to learn it).',
  })
  async packageSize(@Root() version: VersionRoot, @Ctx() ctx: RequestContext) {
    return ctx.services.packages.size(ctx.em, await ctx.services.apps.managedVersion(ctx.em, version));
  }

  @FieldResolver(() => [String], { description: 'Paths of the package files, relative to its top-level directory.' })
  async files(@Root() version: VersionRoot, @Ctx() ctx: RequestContext) {
    return ctx.services.packages.fileNames(ctx.em, await ctx.services.apps.managedVersion(ctx.em, version));
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Text of one package file, e.g. "values.yaml"; null when absent.',
  })
  async file(@Root() version: VersionRoot, @Arg('name', () => String) name: string, @Ctx() ctx: RequestContext) {
    return ctx.services.packages.fileText(ctx.em, await ctx.services.apps.managedVersion(ctx.em, version), name);
  }

  @FieldResolver(() => JSONScalar, { nullable: true, description: 'values.schema.json of a Helm chart.' })
  async valuesSchema(@Root() version: VersionRoot, @Ctx() ctx: RequestContext) {
    return ctx.services.packages.valuesSchema(ctx.em, await ctx.services.apps.managedVersion(ctx.em, version));
  }

  @FieldResolver(() => JSONScalar, {
    nullable: true,
    description: 'config.json of a VM package; { variables } of a template package.',
  })
  async configSchema(@Root() version: VersionRoot, @Ctx() ctx: RequestContext) {
    return ctx.services.packages.configSchema(ctx.em, await ctx.services.apps.managedVersion(ctx.em, version));
  }

  @FieldResolver(() => ReviewNode, {
    nullable: true,
    description: 'The latest review of this version (null when never submitted).',
  })
  async review(@Root() version: VersionRoot, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.catalog.reviewOfVersion.load(version.id)) ?? null;
  }

  @FieldResolver(() => [AuditEntryNode], { description: 'Every transition of this version, oldest first.' })
  async audits(@Root() version: VersionRoot, @Ctx() ctx: RequestContext): Promise<AuditView[]> {
    return (await ctx.loaders.catalog.auditsOfVersion.load(version.id)).map(auditView);
  }

  @Authorized()
  @Query(() => AppVersionNode, { nullable: true })
  appVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.apps.getVersion(ctx.em, requireActor(ctx), id);
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => AppVersionResult, {
    description: 'Adds a DRAFT version from a package of the same type and name as the app.',
  })
  createAppVersion(
    @Arg('appId', () => ID) appId: string,
    @Arg('package', () => UploadScalar) upload: Promise<FileUpload>,
    @Arg('changelog', () => String, { nullable: true }) changelog: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.appUploads.createVersion(ctx.em, requireActor(ctx), appId, upload, changelog);
  }
}
