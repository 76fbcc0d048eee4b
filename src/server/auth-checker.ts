import type { AuthChecker } from 'type-graphql';
import { isPermission } from '../services/auth/permissions';
import { DomainError, forbidden, unauthenticated } from '../services/errors';
import type { RequestContext } from './context';

const ROOT_TYPES: ReadonlySet<string> = new Set(['Query', 'Mutation', 'Subscription']);
/** What a user whose password an admin reset may still do. */
const WHILE_PASSWORD_CHANGE_REQUIRED: ReadonlySet<string> = new Set(['me', 'changePassword', 'logout']);

/**
 * The one auth checker behind every `@Authorized(...)`: no actor → UNAUTHENTICATED; a missing
 * permission → FORBIDDEN naming it. `@Authorized()` alone only requires a signed-in caller.
 * A user who must change an admin-reset password gets FORBIDDEN (reason PASSWORD_CHANGE_REQUIRED)
 * for every operation but me, changePassword and logout. Row-level access (tenancy) is checked in the services.
 */
export const authChecker: AuthChecker<RequestContext> = ({ context, info }, permissions) => {
  const actor = context.actor;
  if (!actor) throw unauthenticated();
  if (
    actor.mustChangePassword &&
    ROOT_TYPES.has(info.parentType.name) &&
    !WHILE_PASSWORD_CHANGE_REQUIRED.has(info.fieldName)
  ) {
    throw new DomainError('FORBIDDEN', 'Set a new password with changePassword first', {
      reason: 'PASSWORD_CHANGE_REQUIRED',
    });
  }
  for (const p of permissions) {
    if (!isPermission(p)) throw new Error(`@Authorized names an unknown permission "${p}"`);
    if (!actor.can(p)) throw forbidden(`Missing permission ${p}`);
  }
  return true;
};
