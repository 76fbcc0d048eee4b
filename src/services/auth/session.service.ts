import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RefreshToken } from '../../entities/refresh-token.entity';
import { User } from '../../entities/user.entity';
import { badInput, unauthenticated } from '../errors';
import { isUuid } from '../ids';
import { InvalidTokenError, type TokenIssuer } from './tokens';

/** About one session start in a hundred also deletes expired refresh-token rows. */
const PRUNE_PROBABILITY = 0.01;

export interface AuthTokens {
  accessToken: string;
  refreshToken: string;
  user: User;
}

/**
 * Sessions: each login starts a refresh-token family. A refresh uses its token up (atomically) and
 * issues the next one of the family; a used, revoked or unknown token is refused, and presenting a
 * used or revoked one again ends its whole family (reuse detection: a stolen token and its legitimate
 * holder cannot both go on). Access tokens carry their session id and the user's tokenVersion.
 */
export class SessionService {
  constructor(private readonly tokens: TokenIssuer) {}

  /** Access and refresh tokens of a new session. Flushes the caller's EntityManager. */
  async start(em: EntityManager, user: User): Promise<AuthTokens> {
    if (Math.random() < PRUNE_PROBABILITY) await em.nativeDelete(RefreshToken, { expiresAt: { $lt: new Date() } });
    return this.issueIn(em, user, randomUUID());
  }

  /** Exchanges a refresh token for the next pair of its session; throws UNAUTHENTICATED otherwise. */
  async rotate(em: EntityManager, refreshToken: string): Promise<AuthTokens> {
    let claims;
    try {
      claims = await this.tokens.verify(refreshToken, 'refresh');
    } catch (err) {
      if (err instanceof InvalidTokenError) throw unauthenticated(err.message);
      throw err;
    }
    if (!isUuid(claims.tokenId)) throw unauthenticated('Token revoked');
    const now = new Date();
    const taken = await em.nativeUpdate(
      RefreshToken,
      { id: claims.tokenId, user: claims.userId, usedAt: null, revokedAt: null, expiresAt: { $gt: now } },
      { usedAt: now },
    );
    const row = await em.findOne(RefreshToken, { id: claims.tokenId, user: claims.userId });
    if (taken === 0 || !row) {
      if (row) await this.endSession(em, row.familyId);
      throw unauthenticated(row ? 'Refresh token already used: the session has been ended' : 'Token revoked');
    }
    const user = await em.findOne(User, { id: claims.userId, disabled: false });
    if (!user || user.tokenVersion !== claims.version) throw unauthenticated('Token revoked');
    return this.issueIn(em, user, row.familyId);
  }

  /** Revokes the refresh tokens of one session. */
  async endSession(em: EntityManager, sessionId: string): Promise<void> {
    await em.nativeUpdate(RefreshToken, { familyId: sessionId, revokedAt: null }, { revokedAt: new Date() });
  }

  /** Revokes the refresh tokens of every session of the user, except `keep` (the caller's own). */
  async endSessions(em: EntityManager, userId: string, keep?: string): Promise<void> {
    await em.nativeUpdate(
      RefreshToken,
      { user: userId, revokedAt: null, ...(keep ? { familyId: { $ne: keep } } : {}) },
      { revokedAt: new Date() },
    );
  }

  private async issueIn(em: EntityManager, user: User, sessionId: string): Promise<AuthTokens> {
    if (user.disabled) throw badInput('User is disabled');
    const row = em.create(RefreshToken, {
      user,
      familyId: sessionId,
      expiresAt: new Date(Date.now() + this.tokens.ttl.refresh * 1000),
    });
    await em.flush();
    const [accessToken, refreshToken] = await Promise.all([
      this.tokens.issue(user.id, 'access', user.tokenVersion, { sessionId }),
      this.tokens.issue(user.id, 'refresh', user.tokenVersion, { sessionId, tokenId: row.id }),
    ]);
    return { accessToken, refreshToken, user };
  }
}
