/**
 * What a caller sees of a user: private fields (full email, workspace) only for the user
 * themself, platform administrators and members of the user's workspace; and the user's roles
 * split into built-in and custom ones with the union of their permissions.
 */
import type { RoleDefinition } from '../../entities/role-definition.entity';
import type { User } from '../../entities/user.entity';
import type { Actor } from '../auth/actor';
import { type BuiltinRole, isBuiltinRole, PERMISSIONS } from '../auth/permissions';

/** The facts of a user these rules read: an entity or a plain read model (the store's owner rows). */
export type UserFacts = Pick<User, 'id' | 'email'> & { readonly workspace?: { readonly id: string } };

/** Who is looking: the request's actor, and the users the request has just proved to be (login, register, refresh). */
export interface Viewer {
  readonly actor: Actor | undefined;
  readonly provenUserIds: ReadonlySet<string>;
}

/** The user themself, platform admins, and members of the user's workspace see private fields. */
export function canSeePrivateFields(viewer: Viewer, user: UserFacts): boolean {
  if (viewer.provenUserIds.has(user.id)) return true;
  const actor = viewer.actor;
  if (!actor) return false;
  return (
    actor.userId === user.id ||
    actor.can(PERMISSIONS.USER_MANAGE) ||
    (user.workspace !== undefined && actor.canReadWorkspace(user.workspace.id))
  );
}

/** `a***@example.com`: first character and domain only. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at > 0 ? `${email[0]}***${email.slice(at)}` : '***';
}

/** The user's email as the viewer may see it: full or masked. */
export function visibleEmail(viewer: Viewer, user: UserFacts): string {
  return canSeePrivateFields(viewer, user) ? user.email : maskEmail(user.email);
}

/** The id of the user's workspace when the viewer may see it, else undefined. */
export function visibleWorkspaceId(viewer: Viewer, user: UserFacts): string | undefined {
  const id = user.workspace?.id;
  return id && canSeePrivateFields(viewer, user) ? id : undefined;
}

/** Built-in role names, custom role names, and the sorted union of the roles' permissions. */
export interface RoleSummary {
  readonly builtin: BuiltinRole[];
  readonly custom: string[];
  readonly permissions: string[];
}

export function summarizeRoles(roles: readonly RoleDefinition[]): RoleSummary {
  const names = roles.map((r) => r.name);
  return {
    builtin: names.filter(isBuiltinRole),
    custom: names.filter((n) => !isBuiltinRole(n)),
    permissions: [...new Set(roles.flatMap((r) => r.permissions))].sort(),
  };
}

const NO_ROLES: RoleSummary = { builtin: [], custom: [], permissions: [] };

/** The user's roles as the viewer may see them: others get a public profile, without roles or permissions. */
export function visibleRoles(viewer: Viewer, user: UserFacts, roles: readonly RoleDefinition[]): RoleSummary {
  return canSeePrivateFields(viewer, user) ? summarizeRoles(roles) : NO_ROLES;
}
