/** Statements on `users` beyond MikroORM's entity API. */
import type { EntityManager } from '@mikro-orm/core';
import { sqlRows } from '../sql';

/** Bumps the user's token version, which invalidates every refresh token issued before. */
export async function bumpTokenVersion(em: EntityManager, userId: string): Promise<void> {
  await sqlRows(em, 'update users set token_version = token_version + 1 where id = ?', [userId]);
}
