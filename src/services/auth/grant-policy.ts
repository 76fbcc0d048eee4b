import type { EntityManager } from '@mikro-orm/postgresql';
import { AdvisoryLock } from '../../data/advisory-locks';
import { advisoryTransactionLock } from '../../data/sql';
import { WorkspaceRole } from '../../entities/membership.entity';
import { User } from '../../entities/user.entity';
import { forbidden, ValidationFailure } from '../errors';
import type { Actor } from './actor';
import { BuiltinRole } from './permissions';

/** A role as the policy sees it: its name and the permissions it carries. */
export interface GrantedRole {
  readonly name: string;
  readonly permissions: readonly string[];
}

/**
 * The one granting rule, used by every path that gives or takes permissions (createUser,
 * setUserRoles, createRole, deleteRole, createDeveloper, vendor approval, password resets,
 * workspace invitations and member roles):
 * - a caller grants (to anyone, itself included) only permissions it already holds;
 * - ADMIN is granted and taken away only by an ADMIN;
 * - a caller manages (changes roles or password of) only users whose permissions it holds all of;
 * - the last ADMIN cannot be demoted;
 * - workspace roles are granted only up to the caller's own role; OWNER is never granted (only transferred).
 * Refusals are FORBIDDEN (thrown) naming what the caller lacks; the last-admin rule is a ValidationFailure.
 */
export const grantPolicy = {
  /** Throws FORBIDDEN unless the actor holds every permission of `roles` (and is ADMIN when one of them is ADMIN). */
  assertMayGrant(actor: Actor, roles: readonly GrantedRole[]): void {
    if (roles.some((r) => r.name === BuiltinRole.ADMIN) && !isPlatformAdmin(actor))
      throw forbidden('Only an ADMIN grants the ADMIN role');
    grantPolicy.assertMayGrantPermissions(
      actor,
      roles.flatMap((r) => r.permissions),
    );
  },

  /** Throws FORBIDDEN naming the permissions the actor would grant without holding them. */
  assertMayGrantPermissions(actor: Actor, permissions: readonly string[]): void {
    const lacking = [...new Set(permissions)].filter((p) => !actor.holds(p)).sort();
    if (lacking.length) throw forbidden(`You cannot grant permissions you do not hold: ${lacking.join(', ')}`);
  },

  /** Throws FORBIDDEN unless the actor may manage a user currently holding `current` roles. */
  assertMayManage(actor: Actor, targetUserId: string, current: readonly GrantedRole[]): void {
    if (targetUserId === actor.userId) return;
    if (current.some((r) => r.name === BuiltinRole.ADMIN) && !isPlatformAdmin(actor))
      throw forbidden('Only an ADMIN manages an ADMIN');
    const lacking = [...new Set(current.flatMap((r) => r.permissions))].filter((p) => !actor.holds(p));
    if (lacking.length) throw forbidden('You cannot manage a user holding permissions you do not hold');
  },

  /**
   * Replacing `current` roles of a user by `next`: the actor must be allowed to manage the user, grant
   * the new roles, and (for ADMIN changes) be ADMIN. Roles the user keeps are not grants.
   */
  assertMayReplace(
    actor: Actor,
    targetUserId: string,
    current: readonly GrantedRole[],
    next: readonly GrantedRole[],
  ): void {
    grantPolicy.assertMayManage(actor, targetUserId, current);
    const kept = new Set(current.map((r) => r.name));
    grantPolicy.assertMayGrant(
      actor,
      next.filter((r) => !kept.has(r.name)),
    );
    const losesAdmin = kept.has(BuiltinRole.ADMIN) && !next.some((r) => r.name === BuiltinRole.ADMIN);
    if (losesAdmin && !isPlatformAdmin(actor)) throw forbidden('Only an ADMIN takes the ADMIN role away');
  },

  /**
   * In the caller's transaction: a ValidationFailure when `user` (roles populated) is an ADMIN, would
   * lose the role, and no other enabled ADMIN remains. A transaction-scoped lock keeps two concurrent
   * demotions from both passing.
   */
  async lastAdminFailure(tx: EntityManager, user: User, keepsAdmin: boolean): Promise<ValidationFailure | undefined> {
    if (keepsAdmin || !user.roles.getItems().some((r) => r.name === BuiltinRole.ADMIN)) return undefined;
    await advisoryTransactionLock(tx, AdvisoryLock.LAST_ADMIN);
    const others = await tx.count(User, { id: { $ne: user.id }, disabled: false, roles: { name: BuiltinRole.ADMIN } });
    if (others > 0) return undefined;
    return new ValidationFailure(
      'The last ADMIN cannot lose the ADMIN role',
      [{ path: 'roles', message: 'at least one ADMIN must remain' }],
      'LAST_ADMIN',
    );
  },

  /** Throws FORBIDDEN unless a member with `granterRole` (or a platform admin) may give `role` in a workspace. */
  assertMayGrantWorkspaceRole(actor: Actor, granterRole: WorkspaceRole | undefined, role: WorkspaceRole): void {
    if (role === WorkspaceRole.OWNER) throw forbidden('Ownership is never granted; the owner transfers it');
    if (actor.isAdmin) return;
    if (!granterRole || !MANAGERS.has(granterRole)) throw forbidden('Only workspace owners and admins manage members');
    if (RANK[role] > RANK[granterRole]) throw forbidden(`A workspace ${granterRole} cannot grant ${role}`);
  },

  /** Throws FORBIDDEN unless a member with `managerRole` may change or remove a member holding `targetRole`. */
  assertMayChangeMember(actor: Actor, managerRole: WorkspaceRole | undefined, targetRole: WorkspaceRole): void {
    if (targetRole === WorkspaceRole.OWNER) throw forbidden('The owner keeps their role until they transfer ownership');
    if (actor.isAdmin) return;
    if (!managerRole || !MANAGERS.has(managerRole)) throw forbidden('Only workspace owners and admins manage members');
    if (RANK[targetRole] > RANK[managerRole])
      throw forbidden(`A workspace ${managerRole} cannot change a ${targetRole}`);
  },
};

const RANK: Readonly<Record<WorkspaceRole, number>> = {
  [WorkspaceRole.VIEWER]: 0,
  [WorkspaceRole.MEMBER]: 1,
  [WorkspaceRole.ADMIN]: 2,
  [WorkspaceRole.OWNER]: 3,
};
const MANAGERS: ReadonlySet<WorkspaceRole> = new Set([WorkspaceRole.OWNER, WorkspaceRole.ADMIN]);

function isPlatformAdmin(actor: Actor): boolean {
  return actor.roleNames.includes(BuiltinRole.ADMIN);
}
