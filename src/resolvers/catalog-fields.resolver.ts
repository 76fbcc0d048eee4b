import DataLoader from 'dataloader';
import type { FilterQuery } from '@mikro-orm/core';
import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { App } from '../entities/app.entity';
import type { Category } from '../entities/category.entity';
import type { Review } from '../entities/review.entity';
import type { ReviewPhase } from '../entities/review-phase.entity';
import { AppVersionNode, CategoryNode } from '../schema/app.type';
import { AuditEntryNode, ReviewNode, ReviewPhaseNode } from '../schema/review.type';
import { UserType } from '../schema/user.type';
import { type RequestContext, requireActor } from '../server/context';
import { tenancy } from '../services/tenancy';
import type { AuditView } from './app-version.resolver';

/** Per request: apps per category that the caller may read and that are not DELETED (one GROUP BY per page of categories). */
const appCounts = new WeakMap<RequestContext['loaders'], DataLoader<string, number>>();

function appCountLoader(ctx: RequestContext): DataLoader<string, number> {
  let loader = appCounts.get(ctx.loaders);
  if (!loader) {
    const actor = requireActor(ctx);
    loader = new DataLoader(async (ids) => {
      const apps = await ctx.em.find(
        App,
        { $and: [tenancy.readFilter<App>(actor, { publicVisible: true }), { status: { $ne: 'DELETED' } }, { categories: { id: { $in: [...ids] } } }] } as FilterQuery<App>,
        { populate: ['categories'], fields: ['id', 'categories.id'] as never },
      );
      const counts = new Map<string, number>();
      for (const app of apps) for (const c of app.categories.getItems()) counts.set(c.id, (counts.get(c.id) ?? 0) + 1);
      return ids.map((id) => counts.get(id) ?? 0);
    });
    appCounts.set(ctx.loaders, loader);
  }
  return loader;
}

@Resolver(() => CategoryNode)
export class CategoryFieldsResolver {
  @FieldResolver(() => Int, { description: 'Apps in this category the caller can see (DELETED ones excluded).' })
  appCount(@Root() category: Category, @Ctx() ctx: RequestContext) {
    return appCountLoader(ctx).load(category.id);
  }
}

@Resolver(() => ReviewNode)
export class ReviewFieldsResolver {
  @FieldResolver(() => AppVersionNode)
  version(@Root() review: Review, @Ctx() ctx: RequestContext) {
    return ctx.em.findOneOrFail('AppVersion', review.version.id);
  }

  @FieldResolver(() => [ReviewPhaseNode])
  phases(@Root() review: Review, @Ctx() ctx: RequestContext) {
    return ctx.loaders.catalog.phasesOfReview.load(review.id);
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
