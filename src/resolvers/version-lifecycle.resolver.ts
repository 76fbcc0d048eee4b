import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { AppVersionNode, AppVersionResult } from '../schema/app.type';
import { ReviewStage } from '../schema/enums';
import { ReviewConnection, ReviewPipelineNode, ReviewQueue } from '../schema/review.type';
import { toConnection } from '../schema/connection';
import { listReviewQueue } from '../services/reviews/review.service';
import type { FileUpload } from '../schema/scalars';
import { UploadScalar } from '../schema/scalars';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';

/** Version transitions (services/versions) and review stages (services/reviews). */
@Resolver(() => AppVersionNode)
export class VersionLifecycleResolver {
  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => AppVersionResult, {
    description: 'DRAFT or REJECTED (→ DRAFT): replaces the package and/or changelog.',
  })
  async updateAppVersion(
    @Arg('id', () => ID) id: string,
    @Arg('package', () => UploadScalar, { nullable: true }) upload: Promise<FileUpload> | undefined,
    @Arg('changelog', () => String, { nullable: true }) changelog: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const actor = requireActor(ctx);
    const replacement = upload
      ? await ctx.services.appUploads.packageReplacement(ctx.em, actor, id, upload)
      : undefined;
    if (replacement && !(typeof replacement === 'function')) return replacement;
    return ctx.services.versions.update(ctx.em, actor, id, { changelog, replacePackage: replacement });
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => AppVersionResult, { description: 'DRAFT → SUBMITTED into the current review pipeline.' })
  submitAppVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.versions.submit(ctx.em, requireActor(ctx), id);
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => AppVersionResult, { description: 'SUBMITTED, IN_REVIEW or PASSED → DRAFT.' })
  cancelAppVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.versions.cancel(ctx.em, requireActor(ctx), id);
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => AppVersionResult, { description: 'PASSED → ACTIVE (published to the store).' })
  releaseAppVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.versions.release(ctx.em, requireActor(ctx), id);
  }

  @Authorized(PERMISSIONS.APP_MANAGE)
  @Mutation(() => AppVersionResult, { description: 'ACTIVE → SUSPENDED (gone from the store; instances untouched).' })
  suspendAppVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.versions.suspend(ctx.em, requireActor(ctx), id);
  }

  @Authorized(PERMISSIONS.APP_MANAGE)
  @Mutation(() => AppVersionResult, { description: 'SUSPENDED → ACTIVE.' })
  recoverAppVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.versions.recover(ctx.em, requireActor(ctx), id);
  }

  @Authorized()
  @Mutation(() => AppVersionResult, { description: 'DRAFT, PASSED, REJECTED or SUSPENDED → DELETED.' })
  deleteAppVersion(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.versions.delete(ctx.em, requireActor(ctx), id);
  }

  @Authorized()
  @Mutation(() => AppVersionResult, { description: 'Claims the current stage of a submitted version.' })
  startReview(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('stage', () => ReviewStage) stage: ReviewStage,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.reviews.start(ctx.em, requireActor(ctx), versionId, stage);
  }

  @Authorized()
  @Mutation(() => AppVersionResult, {
    description: 'Passes the claimed stage; the last stage makes the version PASSED.',
  })
  passReview(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('stage', () => ReviewStage) stage: ReviewStage,
    @Arg('message', () => String, { nullable: true }) message: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.reviews.pass(ctx.em, requireActor(ctx), versionId, stage, message);
  }

  @Authorized()
  @Mutation(() => AppVersionResult, {
    description: 'Rejects the claimed stage: the version becomes REJECTED with the message.',
  })
  rejectReview(
    @Arg('versionId', () => ID) versionId: string,
    @Arg('stage', () => ReviewStage) stage: ReviewStage,
    @Arg('message', () => String) message: string,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.reviews.reject(ctx.em, requireActor(ctx), versionId, stage, message);
  }

  @Authorized()
  @Query(() => ReviewConnection, {
    description: "The caller's review queue over its stages (default UNPROCESSED), newest submission first.",
  })
  async reviews(
    @Arg('stage', () => ReviewStage, { nullable: true }) stage: ReviewStage | undefined,
    @Arg('queue', () => ReviewQueue, { nullable: true }) queue: ReviewQueue | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return toConnection(
      await listReviewQueue(ctx.em, requireActor(ctx), stage, queue ?? ReviewQueue.UNPROCESSED, { first, after }),
    );
  }

  @Authorized()
  @Query(() => ReviewPipelineNode, { description: 'The review pipeline new submissions go through.' })
  reviewPipeline(@Ctx() ctx: RequestContext) {
    return ctx.services.settings.reviewPipeline(ctx.em);
  }

  @Authorized(PERMISSIONS.SETTINGS_MANAGE)
  @Mutation(() => ReviewPipelineNode, {
    description: 'OPENPITRIX (ISV → BUSINESS → TECHNICAL) or KUBESPHERE (APP_REVIEW). Submitted versions keep theirs.',
  })
  setReviewPipeline(@Arg('name', () => String) name: string, @Ctx() ctx: RequestContext) {
    return ctx.services.settings.setReviewPipeline(ctx.em, requireActor(ctx), name);
  }
}
