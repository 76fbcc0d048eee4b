import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken } from '../../entities/api-token.entity';
import { Membership, WorkspaceRole } from '../../entities/membership.entity';
import { User } from '../../entities/user.entity';
import { unauthenticated } from '../errors';
import { Actor } from './actor';
import { API_TOKEN_PREFIX, hashApiToken, InvalidTokenError, type TokenClaims, type TokenIssuer } from './tokens';

const WRITE_ROLES = new Set([WorkspaceRole.OWNER, WorkspaceRole.ADMIN, WorkspaceRole.MEMBER]);

/** Resolves bearer credentials (JWT access tokens or `mrn_` API tokens) to an Actor. */
export class AuthenticationService {
  constructor(private readonly tokens: TokenIssuer) {}

  /** Throws UNAUTHENTICATED for an expired, forged, revoked or unknown credential, or a disabled user. */
  async authenticate(em: EntityManager, bearer: string): Promise<{ actor: Actor; user: User }> {
    let claims: Pick<TokenClaims, 'userId' | 'sessionId'> & { version?: number };
    if (bearer.startsWith(API_TOKEN_PREFIX)) {
      const token = await em.findOne(
        ApiToken,
        { tokenHash: hashApiToken(bearer), revokedAt: null },
        { fields: ['id', 'user'] },
      );
      if (!token) throw unauthenticated('Invalid API token');
      claims = { userId: token.user.id, sessionId: undefined };
      await em.nativeUpdate(ApiToken, { id: token.id }, { lastUsedAt: new Date() });
    } else {
      try {
        claims = await this.tokens.verify(bearer, 'access');
      } catch (err) {
        if (err instanceof InvalidTokenError) throw unauthenticated(err.message);
        throw err;
      }
    }
    const loaded = await loadActor(em, claims.userId, claims.sessionId);
    if (!loaded) throw unauthenticated('Unknown or disabled user');
    // logout everywhere (and password resets) move tokenVersion on: older access tokens end too
    if (claims.version !== undefined && claims.version !== loaded.user.tokenVersion)
      throw unauthenticated('Token revoked');
    return loaded;
  }
}

/**
 * Loads a user with its roles and memberships (two queries) and builds its Actor. The user entity
 * (roles populated) is returned too, so request loaders can be primed with it. Undefined for
 * unknown or disabled users.
 */
export async function loadActor(
  em: EntityManager,
  userId: string,
  sessionId?: string,
): Promise<{ actor: Actor; user: User } | undefined> {
  const [user, memberships] = await Promise.all([
    em.findOne(User, { id: userId, disabled: false }, { populate: ['roles'] }),
    em.find(Membership, { user: userId }, { fields: ['workspace', 'role'] as never }),
  ]);
  if (!user) return undefined;
  const roles = user.roles.getItems();
  const permissions = roles.flatMap((r) => r.permissions);
  const memberMap = new Map(memberships.map((m) => [m.workspace.id, { canWrite: WRITE_ROLES.has(m.role) }]));
  return {
    actor: new Actor(
      user.id,
      user.username,
      roles.map((r) => r.name).sort(),
      permissions,
      memberMap,
      user.workspace?.id,
      sessionId,
      user.mustChangePassword,
    ),
    user,
  };
}
