import type { EntityManager } from '@mikro-orm/postgresql';
import { AdvisoryLock } from '../data/advisory-locks';
import { advisoryTransactionLock } from '../data/sql';
import { Category } from '../entities/category.entity';
import { RoleDefinition } from '../entities/role-definition.entity';
import { User } from '../entities/user.entity';
import { generatePassword } from './auth/password';
import { BUILTIN_ROLES, BuiltinRole, SYSTEM_ROLES } from './auth/permissions';
import { createUserRecord } from './users/user-factory';

export const UNCATEGORIZED = 'uncategorized';

/** The system user recorded as the actor of repo sync (a ':' keeps the name out of reach of sign-ups). */
export const SYNC_USERNAME = 'system:sync';

/**
 * Idempotent start-up data: built-in and system roles (permission sets follow the code), the
 * undeletable "uncategorized" category, the disabled system user of repo sync (role SYNC, no
 * password). Safe to run from several processes at once (advisory lock).
 */
export async function ensureBuiltins(em: EntityManager): Promise<void> {
  await em.transactional(async (tx) => {
    await advisoryTransactionLock(tx, AdvisoryLock.BUILTINS);
    for (const [name, permissions] of Object.entries({ ...BUILTIN_ROLES, ...SYSTEM_ROLES })) {
      const role =
        (await tx.findOne(RoleDefinition, { name })) ??
        tx.create(RoleDefinition, { name, builtin: true, permissions: [] });
      role.builtin = true;
      role.permissions = [...permissions].sort();
    }
    if (!(await tx.findOne(Category, { name: UNCATEGORIZED }))) {
      tx.create(Category, { name: UNCATEGORIZED, description: 'Apps without a category', builtin: true });
    }
    await tx.flush();
    await ensureSyncUser(tx);
  });
}

async function ensureSyncUser(tx: EntityManager): Promise<void> {
  if (await tx.count(User, { username: SYNC_USERNAME })) return;
  const user = tx.create(User, {
    username: SYNC_USERNAME,
    email: 'sync@marina.local',
    passwordHash: '!', // not a PHC string: no password ever verifies
    disabled: true,
  });
  user.roles.add(await tx.findOneOrFail(RoleDefinition, { name: 'SYNC' }));
}

export type AdminBootstrap =
  { created: false } | { created: true; username: string; password: string; generated: boolean };

/**
 * Creates the first admin when no user holds the ADMIN role. Uses `password` when given (must meet the
 * policy); otherwise generates one when `generate` is set (embedded profile) and reports it.
 */
export async function ensureAdmin(
  em: EntityManager,
  username: string,
  password: string | undefined,
  generate: boolean,
): Promise<AdminBootstrap> {
  return em.transactional(async (tx) => {
    await advisoryTransactionLock(tx, AdvisoryLock.FIRST_ADMIN);
    if (await tx.count(User, { roles: { name: BuiltinRole.ADMIN } })) return { created: false };
    if (!password && !generate) return { created: false };
    const secret = password ?? generatePassword();
    const user = await createUserRecord(tx, {
      username,
      email: `${username}@marina.local`,
      password: secret,
      roleNames: [BuiltinRole.ADMIN, BuiltinRole.USER],
    });
    if (!(user instanceof User)) throw new Error(`Cannot create admin "${username}": ${user.message}`);
    return { created: true, username, password: secret, generated: !password };
  });
}
