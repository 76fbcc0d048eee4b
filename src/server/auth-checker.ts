import type { AuthChecker } from 'type-graphql';
import { isPermission } from '../services/auth/permissions';
import { forbidden, unauthenticated } from '../services/errors';
import type { RequestContext } from './context';

/**
 * The one auth checker behind every `@Authorized(...)`: no actor → UNAUTHENTICATED; a missing
 * permission → FORBIDDEN naming it. `@Authorized()` alone only requires a signed-in caller.
 * Row-level access (tenancy) is checked in the services.
 */
export const authChecker: AuthChecker<RequestContext> = ({ context }, permissions) => {
  const actor = context.actor;
  if (!actor) throw unauthenticated();
  for (const p of permissions) {
    if (!isPermission(p)) throw new Error(`@Authorized names an unknown permission "${p}"`);
    if (!actor.can(p)) throw forbidden(`Missing permission ${p}`);
  }
  return true;
};
