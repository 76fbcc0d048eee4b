/** Statements on `users` beyond MikroORM's entity API. */
import type { EntityManager } from '@mikro-orm/core';
import { sqlRows } from '../sql';

/** Bumps the user's token version, which invalidates every refresh token issued before. */
export async function bumpTokenVersion(em: EntityManager, userId: string): Promise<void> {
  await sqlRows(em, 'update users set token_version = token_version + 1 where id = ?', [userId]);
}

/** The id of a system user seeded at start-up (ensureBuiltins); throws when it is missing. */
export async function systemUserId(em: EntityManager, username: string): Promise<string> {
  const [row] = await sqlRows<{ id: string }>(em, 'select id from users where username = ?', [username]);
  if (!row) throw new Error(`System user ${username} is missing: start-up data was not created`);
  return row.id;
}
