import type { EntityManager } from '@mikro-orm/postgresql';
import { RoleDefinition } from '../../entities/role-definition.entity';
import { User } from '../../entities/user.entity';
import { Workspace } from '../../entities/workspace.entity';
import type { Actor } from '../auth/actor';
import { grantPolicy } from '../auth/grant-policy';
import { BuiltinRole, isBuiltinRole, isPermission, PERMISSIONS } from '../auth/permissions';
import { forbidden, NameTakenFailure, nameTakenOnConflict, notFound, ValidationFailure } from '../errors';
import { paginate, type Page, type PageArgs } from '../pagination';
import { createUserRecord, escapeLike, usernameTaken } from './user-factory';

/** Admin user management, role assignment, custom roles, and the developer accounts of ISVs. */
export class UserService {
  /** Admin: creates a user with the given built-in and custom roles. */
  async createUser(
    em: EntityManager,
    actor: Actor,
    input: {
      username: string;
      email: string;
      password: string;
      roles: readonly BuiltinRole[];
      customRoles?: readonly string[] | null;
    },
  ): Promise<User | ValidationFailure | NameTakenFailure> {
    actor.require(PERMISSIONS.USER_MANAGE);
    const { roles, customRoles, ...account } = input;
    const roleNames = [...roles, ...(customRoles ?? [])];
    return nameTakenOnConflict(
      () =>
        em.transactional(async (tx) => {
          grantPolicy.assertMayGrant(actor, await tx.find(RoleDefinition, { name: { $in: roleNames } }));
          return createUserRecord(tx, { ...account, roleNames });
        }),
      () => usernameTaken(account.username),
    );
  }

  /** An ISV creates a DEVELOPER account inside its own workspace. */
  async createDeveloper(
    em: EntityManager,
    actor: Actor,
    input: { username: string; email: string; password: string },
  ): Promise<User | ValidationFailure | NameTakenFailure> {
    actor.require(PERMISSIONS.VENDOR_MANAGE_DEVELOPERS);
    const workspaceId = actor.primaryWorkspaceId;
    if (!workspaceId || !actor.canWriteWorkspace(workspaceId)) throw forbidden('Your vendor account has no workspace');
    return nameTakenOnConflict(
      () =>
        em.transactional(async (tx) => {
          const workspace = await tx.findOneOrFail(Workspace, workspaceId);
          grantPolicy.assertMayGrant(actor, await tx.find(RoleDefinition, { name: BuiltinRole.DEVELOPER }));
          return createUserRecord(tx, { ...input, roleNames: [BuiltinRole.DEVELOPER], workspace });
        }),
      () => usernameTaken(input.username),
    );
  }

  /**
   * Replaces a user's built-in roles, and their custom roles when `customRoles` is given (else the
   * current custom roles stay), as the grant policy allows; the last ADMIN keeps ADMIN.
   */
  async setUserRoles(
    em: EntityManager,
    actor: Actor,
    userId: string,
    wanted: { roles: readonly BuiltinRole[]; customRoles?: readonly string[] | null },
  ): Promise<User | ValidationFailure> {
    actor.require(PERMISSIONS.USER_MANAGE);
    return em.transactional(async (tx) => {
      const user = await tx.findOne(User, userId, { populate: ['roles'] });
      if (!user) throw notFound('User', userId);
      const custom =
        wanted.customRoles ??
        user.roles
          .getItems()
          .map((r) => r.name)
          .filter((n) => !isBuiltinRole(n));
      const roleNames = [...new Set([...wanted.roles, ...custom])];
      const roles = await tx.find(RoleDefinition, { name: { $in: roleNames } });
      const missing = roleNames.filter((n) => !roles.some((r) => r.name === n));
      if (missing.length)
        return new ValidationFailure(
          `Unknown roles: ${missing.join(', ')}`,
          missing.map((m) => ({ path: 'roles', message: `unknown role ${m}` })),
        );
      grantPolicy.assertMayReplace(actor, userId, user.roles.getItems(), roles);
      const lastAdmin = await grantPolicy.lastAdminFailure(tx, user, roleNames.includes(BuiltinRole.ADMIN));
      if (lastAdmin) return lastAdmin;
      user.roles.set(roles);
      return user;
    });
  }

  async users(em: EntityManager, actor: Actor, search: string | undefined, page: PageArgs): Promise<Page<User>> {
    actor.require(PERMISSIONS.USER_MANAGE);
    const where = search
      ? { $or: [{ username: { $ilike: `%${escapeLike(search)}%` } }, { email: { $ilike: `%${escapeLike(search)}%` } }] }
      : {};
    return paginate(em, User, where, page);
  }

  async createRole(
    em: EntityManager,
    actor: Actor,
    input: { name: string; description?: string; permissions: string[] },
  ): Promise<RoleDefinition | ValidationFailure | NameTakenFailure> {
    actor.require(PERMISSIONS.ROLE_MANAGE);
    const details = [
      ...(/^[A-Za-z][A-Za-z0-9_-]{1,63}$/.test(input.name)
        ? []
        : [{ path: 'name', message: 'role name must be 2–64 letters, digits, "_" or "-"' }]),
      ...input.permissions
        .filter((p) => !isPermission(p))
        .map((p) => ({ path: 'permissions', message: `unknown permission ${p}` })),
      ...(input.permissions.length ? [] : [{ path: 'permissions', message: 'at least one permission' }]),
    ];
    if (details.length) return new ValidationFailure('Invalid role', details);
    grantPolicy.assertMayGrantPermissions(actor, input.permissions);
    const taken = () => new NameTakenFailure(`Role "${input.name}" exists`);
    if (await em.count(RoleDefinition, { name: input.name })) return taken();
    return nameTakenOnConflict(
      () =>
        em.transactional(async (tx) => {
          return tx.create(RoleDefinition, {
            name: input.name,
            description: input.description,
            permissions: [...new Set(input.permissions)].sort(),
            builtin: false,
          });
        }),
      taken,
    );
  }

  async deleteRole(em: EntityManager, actor: Actor, name: string): Promise<boolean | ValidationFailure> {
    actor.require(PERMISSIONS.ROLE_MANAGE);
    const role = await em.findOne(RoleDefinition, { name });
    if (!role) throw notFound('Role', name);
    if (role.builtin)
      return new ValidationFailure('Built-in roles cannot be deleted', [{ path: 'name', message: 'built-in role' }]);
    grantPolicy.assertMayGrant(actor, [role]);
    await em.nativeDelete(RoleDefinition, { id: role.id });
    return true;
  }

  roles(em: EntityManager, actor: Actor): Promise<RoleDefinition[]> {
    actor.require(PERMISSIONS.ROLE_MANAGE);
    return em.find(RoleDefinition, {}, { orderBy: { builtin: 'desc', name: 'asc' } });
  }
}
