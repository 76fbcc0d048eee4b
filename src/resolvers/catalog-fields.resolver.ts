import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { CategoryRow } from '../data/catalog/store-rows';
import type { Review } from '../entities/review.entity';
import type { ReviewPhase } from '../entities/review-phase.entity';
import { AppVersionNode, CategoryNode } from '../schema/app.type';
import { AuditEntryNode, ReviewNode, ReviewPhaseNode } from '../schema/review.type';
import { UserType } from '../schema/user.type';
import type { RequestContext } from '../server/context';
import type { AuditView } from './app-version.resolver';

@Resolver(() => CategoryNode)
export class CategoryFieldsResolver {
  @FieldResolver(() => Int, { description: 'Apps in this category the caller can see (DELETED ones excluded).' })
  appCount(@Root() category: CategoryRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.catalog.appCountOfCategory.load(category.id);
  }
}

@Resolver(() => ReviewNode)
export class ReviewFieldsResolver {
  @FieldResolver(() => AppVersionNode)
  version(@Root() review: Review, @Ctx() ctx: RequestContext) {
    return ctx.loaders.catalog.version.load(review.version.id);
  }

  @FieldResolver(() => [ReviewPhaseNode], { description: 'In pipeline order.' })
  async phases(@Root() review: Review, @Ctx() ctx: RequestContext) {
    const phases = await ctx.loaders.catalog.phasesOfReview.load(review.id);
    return [...phases].sort((a, b) => review.stages.indexOf(a.stage) - review.stages.indexOf(b.stage));
  }

  @FieldResolver(() => UserType)
  submittedBy(@Root() review: Review, @Ctx() ctx: RequestContext) {
    return ctx.loaders.user.load(review.submittedBy.id);
  }
}

@Resolver(() => ReviewPhaseNode)
export class ReviewPhaseFieldsResolver {
  @FieldResolver(() => UserType, { nullable: true })
  async reviewer(@Root() phase: ReviewPhase, @Ctx() ctx: RequestContext) {
    return phase.reviewer ? ((await ctx.loaders.user.load(phase.reviewer.id)) ?? null) : null;
  }
}

@Resolver(() => AuditEntryNode)
export class AuditEntryFieldsResolver {
  @FieldResolver(() => UserType)
  actor(@Root() entry: AuditView, @Ctx() ctx: RequestContext) {
    return ctx.loaders.user.load(entry.actorId);
  }
}
