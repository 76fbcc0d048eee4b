import type { EntityManager } from '@mikro-orm/postgresql';
import { RoleDefinition } from '../../entities/role-definition.entity';
import { User } from '../../entities/user.entity';
import { Workspace } from '../../entities/workspace.entity';
import type { Actor } from '../auth/actor';
import { grantPolicy } from '../auth/grant-policy';
import { BuiltinRole, isPermission, PERMISSIONS } from '../auth/permissions';
import { forbidden, NameTakenFailure, notFound, ValidationFailure } from '../errors';
import { paginate, type Page, type PageArgs } from '../pagination';
import { createUserRecord, escapeLike } from './user-factory';

/** Admin user management, role assignment, custom roles, and ISV developer accounts (A2, A4). */
export class UserService {
  async createUser(em: EntityManager, actor: Actor, input: { username: string; email: string; password: string; roleNames: string[] }): Promise<User | ValidationFailure | NameTakenFailure> {
    actor.require(PERMISSIONS.USER_MANAGE);
    return em.transactional(async (tx) => {
      grantPolicy.assertMayGrant(actor, await tx.find(RoleDefinition, { name: { $in: [...input.roleNames] } }));
      return createUserRecord(tx, input);
    });
  }

  /** An ISV creates a DEVELOPER account inside its own workspace. */
  async createDeveloper(em: EntityManager, actor: Actor, input: { username: string; email: string; password: string }): Promise<User | ValidationFailure | NameTakenFailure> {
    actor.require(PERMISSIONS.VENDOR_MANAGE_DEVELOPERS);
    const workspaceId = actor.primaryWorkspaceId;
    if (!workspaceId || !actor.canWriteWorkspace(workspaceId)) throw forbidden('Your vendor account has no workspace');
    return em.transactional(async (tx) => {
      const workspace = await tx.findOneOrFail(Workspace, workspaceId);
      grantPolicy.assertMayGrant(actor, await tx.find(RoleDefinition, { name: BuiltinRole.DEVELOPER }));
      return createUserRecord(tx, { ...input, roleNames: [BuiltinRole.DEVELOPER], workspace });
    });
  }

  /** Replaces a user's roles (built-in or custom, by name), as the grant policy allows; the last ADMIN keeps ADMIN. */
  async setUserRoles(em: EntityManager, actor: Actor, userId: string, roleNames: string[]): Promise<User | ValidationFailure> {
    actor.require(PERMISSIONS.USER_MANAGE);
    return em.transactional(async (tx) => {
      const user = await tx.findOne(User, userId, { populate: ['roles'] });
      if (!user) throw notFound('User', userId);
      const roles = await tx.find(RoleDefinition, { name: { $in: roleNames } });
      const missing = roleNames.filter((n) => !roles.some((r) => r.name === n));
      if (missing.length) return new ValidationFailure(`Unknown roles: ${missing.join(', ')}`, missing.map((m) => ({ path: 'roles', message: `unknown role ${m}` })));
      grantPolicy.assertMayReplace(actor, userId, user.roles.getItems(), roles);
      const lastAdmin = await grantPolicy.lastAdminFailure(tx, user, roleNames.includes(BuiltinRole.ADMIN));
      if (lastAdmin) return lastAdmin;
      user.roles.set(roles);
      return user;
    });
  }

  async users(em: EntityManager, actor: Actor, search: string | undefined, page: PageArgs): Promise<Page<User>> {
    actor.require(PERMISSIONS.USER_MANAGE);
    const where = search ? { $or: [{ username: { $ilike: `%${escapeLike(search)}%` } }, { email: { $ilike: `%${escapeLike(search)}%` } }] } : {};
    return paginate(em, User, where, page);
  }

  async createRole(em: EntityManager, actor: Actor, input: { name: string; description?: string; permissions: string[] }): Promise<RoleDefinition | ValidationFailure | NameTakenFailure> {
    actor.require(PERMISSIONS.ROLE_MANAGE);
    const details = [
      ...(/^[A-Za-z][A-Za-z0-9_-]{1,63}$/.test(input.name) ? [] : [{ path: 'name', message: 'role name must be 2–64 letters, digits, "_" or "-"' }]),
      ...input.permissions.filter((p) => !isPermission(p)).map((p) => ({ path: 'permissions', message: `unknown permission ${p}` })),
      ...(input.permissions.length ? [] : [{ path: 'permissions', message: 'at least one permission' }]),
    ];
    if (details.length) return new ValidationFailure('Invalid role', details);
    grantPolicy.assertMayGrantPermissions(actor, input.permissions);
    if (await em.count(RoleDefinition, { name: input.name })) return new NameTakenFailure(`Role "${input.name}" exists`);
    const role = em.create(RoleDefinition, { name: input.name, description: input.description, permissions: [...new Set(input.permissions)].sort(), builtin: false });
    await em.flush();
    return role;
  }

  async deleteRole(em: EntityManager, actor: Actor, name: string): Promise<boolean | ValidationFailure> {
    actor.require(PERMISSIONS.ROLE_MANAGE);
    const role = await em.findOne(RoleDefinition, { name });
    if (!role) throw notFound('Role', name);
    if (role.builtin) return new ValidationFailure('Built-in roles cannot be deleted', [{ path: 'name', message: 'built-in role' }]);
    grantPolicy.assertMayGrant(actor, [role]);
    await em.nativeDelete(RoleDefinition, { id: role.id });
    return true;
  }

  roles(em: EntityManager, actor: Actor): Promise<RoleDefinition[]> {
    actor.require(PERMISSIONS.ROLE_MANAGE);
    return em.find(RoleDefinition, {}, { orderBy: { builtin: 'desc', name: 'asc' } });
  }
}
