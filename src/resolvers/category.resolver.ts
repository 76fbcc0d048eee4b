import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { AppNode, CategoryNode } from '../schema/app.type';
import type { FileUpload } from '../schema/scalars';
import { UploadScalar } from '../schema/scalars';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';

/** Store categories (services/categories). */
@Resolver(() => CategoryNode)
export class CategoryResolver {
  @Authorized()
  @Query(() => [CategoryNode], { description: '"uncategorized" first, then by name.' })
  categories(@Ctx() ctx: RequestContext) {
    return ctx.services.categories.list(ctx.em);
  }

  @Authorized(PERMISSIONS.CATEGORY_MANAGE)
  @Mutation(() => CategoryNode, {
    description: 'A name in use is a CONFLICT error; a refused icon (checked like app icons) is BAD_USER_INPUT.',
  })
  createCategory(
    @Arg('name', () => String) name: string,
    @Arg('description', () => String, { nullable: true }) description: string | undefined,
    @Arg('icon', () => UploadScalar, { nullable: true }) icon: Promise<FileUpload> | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.categories.create(ctx.em, requireActor(ctx), { name, description, icon });
  }

  @Authorized(PERMISSIONS.CATEGORY_MANAGE)
  @Mutation(() => CategoryNode, {
    description:
      'Absent fields are unchanged ("" clears the description). "uncategorized" keeps its name. Errors as createCategory.',
  })
  updateCategory(
    @Arg('id', () => ID) id: string,
    @Arg('name', () => String, { nullable: true }) name: string | undefined,
    @Arg('description', () => String, { nullable: true }) description: string | undefined,
    @Arg('icon', () => UploadScalar, { nullable: true }) icon: Promise<FileUpload> | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.categories.update(ctx.em, requireActor(ctx), id, { name, description, icon });
  }

  @Authorized(PERMISSIONS.CATEGORY_MANAGE)
  @Mutation(() => Boolean, {
    description:
      'Refused (CONFLICT) while apps use it unless force, which un-links them (apps left without one go to "uncategorized"). "uncategorized" is never deleted.',
  })
  deleteCategory(
    @Arg('id', () => ID) id: string,
    @Arg('force', () => Boolean, { nullable: true }) force: boolean | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.categories.delete(ctx.em, requireActor(ctx), id, force ?? false);
  }

  @Authorized(PERMISSIONS.APP_DEVELOP)
  @Mutation(() => AppNode, { description: 'Replaces the categories of an app (empty: "uncategorized").' })
  setAppCategories(
    @Arg('appId', () => ID) appId: string,
    @Arg('categoryIds', () => [ID]) categoryIds: string[],
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.categories.setAppCategories(ctx.em, requireActor(ctx), appId, categoryIds);
  }
}
