import type { EntityManager } from '@mikro-orm/postgresql';
import { bumpTokenVersion } from '../data/users/user.queries';
import { ApiToken } from '../entities/api-token.entity';
import { User } from '../entities/user.entity';
import type { Actor } from './auth/actor';
import { verifyPassword } from './auth/password';
import { BuiltinRole } from './auth/permissions';
import type { LoginThrottle } from './auth/throttle/login-throttle';
import { type AuthTokens, type SessionService } from './auth/session.service';
import { newApiToken } from './auth/tokens';
import { NameTakenFailure, nameTakenOnConflict, notFound, ValidationFailure } from './errors';
import { createUserRecord, escapeLike, usernameTaken } from './users/user-factory';

export type { AuthTokens };

// A valid hash of a random password: login of an unknown user costs the same as a wrong password.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$PmboKHTBGvZPuhPfewjPwTsdQX/msSodt3Suz7sD4u8';

/** Registration, login, token refresh and revocation, and API tokens. */
export class IdentityService {
  constructor(
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
  ) {}

  async register(
    em: EntityManager,
    input: { username: string; email: string; password: string },
  ): Promise<AuthTokens | ValidationFailure | NameTakenFailure> {
    const user = await nameTakenOnConflict(
      () => em.transactional((tx) => createUserRecord(tx, { ...input, roleNames: [BuiltinRole.USER] })),
      () => usernameTaken(input.username),
    );
    if (!(user instanceof User)) return user;
    return this.sessions.start(em, user);
  }

  /** Throws TOO_MANY_ATTEMPTS while the account or the client address is throttled (checked before the password). */
  async login(
    em: EntityManager,
    username: string,
    password: string,
    clientAddress: string,
  ): Promise<AuthTokens | ValidationFailure> {
    const attempt = { account: username, address: clientAddress };
    await this.throttle.assertAllowed(attempt);
    const user = await em.findOne(
      User,
      { username: { $ilike: escapeLike(username) }, disabled: false },
      { populate: ['passwordHash'] },
    );
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) {
      await this.throttle.failed(attempt);
      return new ValidationFailure(
        'Invalid username or password',
        [{ path: 'password', message: 'invalid username or password' }],
        'INVALID_CREDENTIALS',
      );
    }
    await this.throttle.succeeded(attempt);
    return this.sessions.start(em, user);
  }

  /** Exchanges a refresh token for the next pair of its session (rotation with reuse detection). */
  refresh(em: EntityManager, refreshToken: string): Promise<AuthTokens> {
    return this.sessions.rotate(em, refreshToken);
  }

  /**
   * Ends the caller's session; with `allSessions` every session and access token of the user (its
   * tokenVersion moves on); with `apiTokens` also revokes every API token of the user.
   */
  async logout(
    em: EntityManager,
    actor: Actor,
    opts: { allSessions?: boolean; apiTokens?: boolean } = {},
  ): Promise<boolean> {
    if (opts.allSessions) {
      await bumpTokenVersion(em, actor.userId);
      await this.sessions.endSessions(em, actor.userId);
    } else if (actor.sessionId) {
      await this.sessions.endSession(em, actor.sessionId);
    }
    if (opts.apiTokens)
      await em.nativeUpdate(ApiToken, { user: actor.userId, revokedAt: null }, { revokedAt: new Date() });
    return true;
  }

  async createApiToken(
    em: EntityManager,
    actor: Actor,
    name: string,
  ): Promise<{ record: ApiToken; token: string } | ValidationFailure> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 128)
      return new ValidationFailure('Token name must be 1–128 characters', [
        { path: 'name', message: 'required, at most 128 characters' },
      ]);
    const { token, hash } = newApiToken();
    const record = em.create(ApiToken, { user: actor.userId, name: trimmed, tokenHash: hash });
    await em.flush();
    return { record, token };
  }

  async revokeApiToken(em: EntityManager, actor: Actor, id: string): Promise<boolean> {
    const token = await em.findOne(ApiToken, { id, user: actor.userId, revokedAt: null });
    if (!token) throw notFound('API token', id);
    token.revokedAt = new Date();
    await em.flush();
    return true;
  }

  listApiTokens(em: EntityManager, actor: Actor): Promise<ApiToken[]> {
    return em.find(ApiToken, { user: actor.userId, revokedAt: null }, { orderBy: { createdAt: 'desc' } });
  }

  /** Access and refresh tokens of a new session for a user (e.g. one an admin just created). */
  issue(em: EntityManager, user: User): Promise<AuthTokens> {
    return this.sessions.start(em, user);
  }
}
