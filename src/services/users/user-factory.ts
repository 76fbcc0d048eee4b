import type { EntityManager } from '@mikro-orm/postgresql';
import { Membership, WorkspaceRole } from '../../entities/membership.entity';
import { RoleDefinition } from '../../entities/role-definition.entity';
import { User } from '../../entities/user.entity';
import { Workspace } from '../../entities/workspace.entity';
import { NameTakenFailure, ValidationFailure, type FieldProblem } from '../errors';
import { checkPasswordPolicy, hashPassword } from '../auth/password';

export interface NewUser {
  username: string;
  email: string;
  password: string;
  roleNames: readonly string[];
  /** Join this workspace as MEMBER instead of getting a personal workspace. */
  workspace?: Workspace;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Field checks shared by every way of creating a user. */
export function validateNewUser(
  input: Pick<NewUser, 'username' | 'email' | 'password'>,
): ValidationFailure | undefined {
  const details: FieldProblem[] = [];
  if (!USERNAME.test(input.username))
    details.push({ path: 'username', message: 'username must be 2–63 characters: letters, digits, ".", "_" or "-"' });
  if (!EMAIL.test(input.email) || input.email.length > 254)
    details.push({ path: 'email', message: 'email is not a valid address' });
  for (const failed of checkPasswordPolicy(input.password))
    details.push({ path: `password:${failed.rule}`, message: `password needs ${failed.message}` });
  if (details.length === 0) return undefined;
  return new ValidationFailure(`Invalid input: ${details.map((d) => d.path).join(', ')}`, details);
}

/**
 * Creates a user with its roles and workspace membership in the caller's transaction (flushes).
 * A personal workspace named after the user is created unless `workspace` is given.
 */
export async function createUserRecord(
  em: EntityManager,
  input: NewUser,
): Promise<User | ValidationFailure | NameTakenFailure> {
  const invalid = validateNewUser(input);
  if (invalid) return invalid;
  if (await em.count(User, { username: { $ilike: escapeLike(input.username) } })) return usernameTaken(input.username);
  const roles = await em.find(RoleDefinition, { name: { $in: [...input.roleNames] } });
  const missing = input.roleNames.filter((n) => !roles.some((r) => r.name === n));
  if (missing.length)
    return new ValidationFailure(
      `Unknown roles: ${missing.join(', ')}`,
      missing.map((m) => ({ path: 'roles', message: `unknown role ${m}` })),
    );

  const user = em.create(User, {
    username: input.username,
    email: input.email.toLowerCase(),
    passwordHash: await hashPassword(input.password),
  });
  user.roles.set(roles);
  const workspace =
    input.workspace ?? em.create(Workspace, { name: await freeWorkspaceName(em, input.username), createdBy: user });
  user.workspace = workspace;
  em.create(Membership, { user, workspace, role: input.workspace ? WorkspaceRole.MEMBER : WorkspaceRole.OWNER });
  await em.flush();
  return user;
}

/** The answer to a username someone already has (or took concurrently). */
export const usernameTaken = (username: string) => new NameTakenFailure(`Username "${username}" is taken`);

/** Escapes LIKE wildcards so a user-supplied name matches literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

async function freeWorkspaceName(em: EntityManager, base: string): Promise<string> {
  const taken = new Set(
    (await em.find(Workspace, { name: { $like: `${escapeLike(base)}%` } }, { fields: ['name'] })).map((w) => w.name),
  );
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
