import type { EntityManager } from '@mikro-orm/postgresql';
import { RoleDefinition } from '../entities/role-definition.entity';
import { User } from '../entities/user.entity';
import { Vendor, VendorStatus } from '../entities/vendor.entity';
import { Workspace } from '../entities/workspace.entity';
import type { Actor } from './auth/actor';
import { grantPolicy } from './auth/grant-policy';
import { BuiltinRole, PERMISSIONS } from './auth/permissions';
import { badInput, notFound } from './errors';
import { paginate, type Page, type PageArgs } from './pagination';

export interface VendorApplication {
  companyName: string;
  website?: string | null;
  description?: string | null;
  contact?: string | null;
}

/** Which review decisions are legal from which application status. */
const DECISIONS: Record<VendorStatus, readonly ('submit' | 'pass' | 'reject')[]> = {
  [VendorStatus.DRAFT]: ['submit'],
  [VendorStatus.SUBMITTED]: ['submit', 'pass', 'reject'],
  [VendorStatus.REJECTED]: ['submit'],
  [VendorStatus.PASSED]: [],
};

/**
 * The vendor an upload is attributed to: the uploader's own vendor application, else (a developer
 * an ISV created in its workspace) the application of the user who created the workspace.
 */
export async function vendorOfUploader(
  em: EntityManager,
  userId: string,
  workspaceId: string,
): Promise<Vendor | undefined> {
  const own = await em.findOne(Vendor, { user: userId });
  if (own) return own;
  const workspace = await em.findOne(Workspace, workspaceId, { fields: ['createdBy'] });
  const creator = workspace?.createdBy?.id;
  return creator ? ((await em.findOne(Vendor, { user: creator })) ?? undefined) : undefined;
}

/** ISV certification: a user applies; an admin passes (grants ISV) or rejects with a message. */
export class VendorService {
  async submit(em: EntityManager, actor: Actor, input: VendorApplication): Promise<Vendor> {
    actor.require(PERMISSIONS.VENDOR_APPLY);
    const companyName = input.companyName.trim();
    if (!companyName || companyName.length > 256) throw badInput('companyName is required (at most 256 characters)');
    if (input.website && !/^https?:\/\/\S+$/i.test(input.website)) throw badInput('website must be an http(s) URL');
    return em.transactional(async (tx) => {
      let vendor = await tx.findOne(Vendor, { user: actor.userId });
      if (vendor && !DECISIONS[vendor.status as VendorStatus].includes('submit'))
        throw badInput(`Your vendor application is already ${vendor.status}`);
      vendor ??= tx.create(Vendor, { user: actor.userId, companyName });
      Object.assign(vendor, {
        companyName,
        website: input.website ?? undefined,
        description: input.description ?? undefined,
        contact: input.contact ?? undefined,
        status: VendorStatus.SUBMITTED,
        message: undefined,
        submittedAt: new Date(),
      });
      return vendor;
    });
  }

  async pass(em: EntityManager, actor: Actor, id: string): Promise<Vendor> {
    return this.decide(em, actor, id, 'pass', undefined);
  }

  async reject(em: EntityManager, actor: Actor, id: string, message: string): Promise<Vendor> {
    if (!message.trim()) throw badInput('A rejection needs a message for the applicant');
    return this.decide(em, actor, id, 'reject', message.trim());
  }

  /** Admins list every application; others only their own. */
  async list(em: EntityManager, actor: Actor, status: VendorStatus | undefined, page: PageArgs): Promise<Page<Vendor>> {
    const where = {
      ...(status ? { status } : {}),
      ...(actor.can(PERMISSIONS.VENDOR_REVIEW) || actor.can(PERMISSIONS.REVIEW_BUSINESS) ? {} : { user: actor.userId }),
    };
    return paginate(em, Vendor, where, page);
  }

  private async decide(
    em: EntityManager,
    actor: Actor,
    id: string,
    decision: 'pass' | 'reject',
    message: string | undefined,
  ): Promise<Vendor> {
    actor.require(PERMISSIONS.VENDOR_REVIEW);
    return em.transactional(async (tx) => {
      const vendor = await tx.findOne(Vendor, id, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
      if (!vendor) throw notFound('Vendor', id);
      if (!DECISIONS[vendor.status as VendorStatus].includes(decision))
        throw badInput(`Cannot ${decision} a vendor application that is ${vendor.status}`);
      vendor.status = decision === 'pass' ? VendorStatus.PASSED : VendorStatus.REJECTED;
      vendor.message = message;
      vendor.approver = tx.getReference(User, actor.userId);
      vendor.decidedAt = new Date();
      if (decision === 'pass') {
        const user = await tx.findOneOrFail(User, vendor.user.id, { populate: ['roles'] });
        const isv = await tx.findOneOrFail(RoleDefinition, { name: BuiltinRole.ISV });
        grantPolicy.assertMayGrant(actor, [isv]);
        user.roles.add(isv);
      }
      return vendor;
    });
  }
}
