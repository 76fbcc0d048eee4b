import { forbidden } from '../errors';
import { PERMISSIONS, type Permission } from './permissions';

/**
 * The authenticated caller, resolved once per request. Immutable; every service receives it and
 * every authorization decision goes through `can`/`require` (permissions) and services/tenancy (rows).
 */
export class Actor {
  private readonly permissionSet: ReadonlySet<string>;

  constructor(
    readonly userId: string,
    readonly username: string,
    /** Names of all assigned roles (built-in and custom). */
    readonly roleNames: readonly string[],
    permissions: Iterable<string>,
    /** Workspaces the user is a member of, with write access flag. */
    readonly memberships: ReadonlyMap<string, { canWrite: boolean }>,
    readonly primaryWorkspaceId: string | undefined,
    /** The session (refresh-token family) of the access token; undefined for API tokens. */
    readonly sessionId: string | undefined = undefined,
    /** After an admin's password reset: the user must set a new password before anything else. */
    readonly mustChangePassword = false,
  ) {
    this.permissionSet = new Set(permissions);
  }

  get permissions(): string[] {
    return [...this.permissionSet].sort();
  }

  get workspaceIds(): string[] {
    return [...this.memberships.keys()];
  }

  /** Platform administrators see and manage every tenant's rows. */
  get isAdmin(): boolean {
    return this.permissionSet.has(PERMISSIONS.USER_MANAGE) && this.permissionSet.has(PERMISSIONS.ROLE_MANAGE);
  }

  can(permission: Permission): boolean {
    return this.permissionSet.has(permission);
  }

  /** `can` for a permission name that is not (yet) known to be in the catalogue. */
  holds(permission: string): boolean {
    return this.permissionSet.has(permission);
  }

  /** Throws FORBIDDEN naming the missing permission. */
  require(permission: Permission): void {
    if (!this.can(permission)) throw forbidden(`Missing permission ${permission}`);
  }

  canReadWorkspace(workspaceId: string): boolean {
    return this.isAdmin || this.memberships.has(workspaceId);
  }

  canWriteWorkspace(workspaceId: string): boolean {
    return this.isAdmin || this.memberships.get(workspaceId)?.canWrite === true;
  }
}
