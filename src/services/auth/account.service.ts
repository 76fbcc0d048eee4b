import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken } from '../../entities/api-token.entity';
import { User } from '../../entities/user.entity';
import { badInput, notFound, ValidationFailure, type FieldProblem } from '../errors';
import type { Actor } from './actor';
import { grantPolicy } from './grant-policy';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './password';
import { PERMISSIONS } from './permissions';
import type { SessionService } from './session.service';
import type { LoginThrottle } from './throttle/login-throttle';

/** Account self-service (seed 004's security centre) and the admin's password reset. */
export class AccountService {
  constructor(
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
  ) {}

  /**
   * Sets a new password (policy enforced) given the current one, which is throttled like a login.
   * Ends every other session of the user; the caller's own goes on. Clears mustChangePassword.
   */
  async changePassword(
    em: EntityManager,
    actor: Actor,
    current: string,
    next: string,
    clientAddress: string,
  ): Promise<User | ValidationFailure> {
    const user = await em.findOneOrFail(User, actor.userId, { populate: ['passwordHash'] });
    const attempt = { account: user.username, address: clientAddress };
    await this.throttle.assertAllowed(attempt);
    if (!(await verifyPassword(current, user.passwordHash))) {
      await this.throttle.failed(attempt);
      return new ValidationFailure(
        'The current password is wrong',
        [{ path: 'currentPassword', message: 'wrong password' }],
        'INVALID_CREDENTIALS',
      );
    }
    await this.throttle.succeeded(attempt);
    const details: FieldProblem[] = checkPasswordPolicy(next).map((f) => ({
      path: `newPassword:${f.rule}`,
      message: `password needs ${f.message}`,
    }));
    if (next === current)
      details.push({ path: 'newPassword:unchanged', message: 'the new password must differ from the current one' });
    if (details.length)
      return new ValidationFailure(`Invalid input: ${details.map((d) => d.path).join(', ')}`, details);
    user.passwordHash = await hashPassword(next);
    user.mustChangePassword = false;
    await em.flush();
    await this.sessions.endSessions(em, user.id, actor.sessionId);
    return user;
  }

  /**
   * An admin gives a user a generated temporary password: every session, access token and API token
   * of the user ends, and the user must set a new password at the next login. Only users the admin
   * may manage (grant policy); never the admin's own account.
   */
  async resetPassword(
    em: EntityManager,
    actor: Actor,
    userId: string,
  ): Promise<{ user: User; temporaryPassword: string }> {
    actor.require(PERMISSIONS.USER_MANAGE);
    if (userId === actor.userId) throw badInput('Change your own password with changePassword');
    const temporaryPassword = generatePassword();
    const passwordHash = await hashPassword(temporaryPassword);
    const user = await em.transactional(async (tx) => {
      const target = await tx.findOne(User, userId, { populate: ['roles'] });
      if (!target) throw notFound('User', userId);
      grantPolicy.assertMayManage(actor, userId, target.roles.getItems());
      Object.assign(target, { passwordHash, mustChangePassword: true, tokenVersion: target.tokenVersion + 1 });
      await tx.nativeUpdate(ApiToken, { user: userId, revokedAt: null }, { revokedAt: new Date() });
      await this.sessions.endSessions(tx, userId);
      return target;
    });
    return { user, temporaryPassword };
  }
}
