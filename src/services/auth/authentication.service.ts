import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken } from '../../entities/api-token.entity';
import { Membership, WorkspaceRole } from '../../entities/membership.entity';
import { User } from '../../entities/user.entity';
import { unauthenticated } from '../errors';
import { Actor } from './actor';
import { API_TOKEN_PREFIX, hashApiToken, InvalidTokenError, type TokenIssuer } from './tokens';

const WRITE_ROLES = new Set([WorkspaceRole.OWNER, WorkspaceRole.ADMIN, WorkspaceRole.MEMBER]);

/** Resolves bearer credentials (JWT access tokens or `mrn_` API tokens) to an Actor. */
export class AuthenticationService {
  constructor(private readonly tokens: TokenIssuer) {}

  /** Throws UNAUTHENTICATED for an expired, forged, revoked or unknown credential, or a disabled user. */
  async authenticate(em: EntityManager, bearer: string): Promise<Actor> {
    let userId: string;
    if (bearer.startsWith(API_TOKEN_PREFIX)) {
      const token = await em.findOne(ApiToken, { tokenHash: hashApiToken(bearer), revokedAt: null }, { fields: ['id', 'user'] });
      if (!token) throw unauthenticated('Invalid API token');
      userId = token.user.id;
      await em.nativeUpdate(ApiToken, { id: token.id }, { lastUsedAt: new Date() });
    } else {
      try {
        userId = (await this.tokens.verify(bearer, 'access')).userId;
      } catch (err) {
        if (err instanceof InvalidTokenError) throw unauthenticated(err.message);
        throw err;
      }
    }
    const actor = await loadActor(em, userId);
    if (!actor) throw unauthenticated('Unknown or disabled user');
    return actor;
  }
}

/** Loads a user's roles, permissions and memberships (two queries). Undefined for unknown/disabled users. */
export async function loadActor(em: EntityManager, userId: string): Promise<Actor | undefined> {
  const [user, memberships] = await Promise.all([
    em.findOne(User, { id: userId, disabled: false }, { populate: ['roles'], fields: ['id', 'username', 'workspace', 'roles'] as never }),
    em.find(Membership, { user: userId }, { fields: ['workspace', 'role'] as never }),
  ]);
  if (!user) return undefined;
  const roles = user.roles.getItems();
  const permissions = roles.flatMap((r) => r.permissions);
  const memberMap = new Map(memberships.map((m) => [m.workspace.id, { canWrite: WRITE_ROLES.has(m.role) }]));
  return new Actor(user.id, user.username, roles.map((r) => r.name).sort(), permissions, memberMap, user.workspace?.id);
}
