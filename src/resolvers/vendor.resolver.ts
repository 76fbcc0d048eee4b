import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Vendor } from '../entities/vendor.entity';
import { toConnection } from '../schema/connection';
import { VendorStatus } from '../schema/enums';
import { UserType } from '../schema/user.type';
import { VendorConnection, VendorType } from '../schema/vendor.type';
import { type RequestContext, requireActor } from '../server/context';
import { PERMISSIONS } from '../services/auth/permissions';

@Resolver(() => VendorType)
export class VendorResolver {
  @FieldResolver(() => UserType)
  user(@Root() vendor: Pick<Vendor, 'id'> & { readonly user: { readonly id: string } }, @Ctx() ctx: RequestContext) {
    return ctx.loaders.user.load(vendor.user.id);
  }

  @Authorized()
  @Query(() => VendorConnection, { description: 'Reviewers see every application; others their own.' })
  async vendors(
    @Arg('status', () => VendorStatus, { nullable: true }) status: VendorStatus | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return toConnection(await ctx.services.vendors.list(ctx.em, requireActor(ctx), status, { first, after }));
  }

  @Authorized(PERMISSIONS.VENDOR_APPLY)
  @Mutation(() => VendorType)
  submitVendor(
    @Arg('companyName', () => String) companyName: string,
    @Arg('website', () => String, { nullable: true }) website: string | undefined,
    @Arg('description', () => String, { nullable: true }) description: string | undefined,
    @Arg('contact', () => String, { nullable: true }) contact: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.vendors.submit(ctx.em, requireActor(ctx), { companyName, website, description, contact });
  }

  @Authorized(PERMISSIONS.VENDOR_REVIEW)
  @Mutation(() => VendorType)
  passVendor(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.vendors.pass(ctx.em, requireActor(ctx), id);
  }

  @Authorized(PERMISSIONS.VENDOR_REVIEW)
  @Mutation(() => VendorType)
  rejectVendor(
    @Arg('id', () => ID) id: string,
    @Arg('message', () => String) message: string,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.vendors.reject(ctx.em, requireActor(ctx), id, message);
  }
}
