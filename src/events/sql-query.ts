import type { EntityManager } from '@mikro-orm/core';

/**
 * Runs raw SQL through `em`'s connection **inside `em`'s current transaction** (if any) and
 * returns the rows. Placeholders are `?` (values) and `??` (identifiers); arrays expand to
 * comma lists (use `in (?)`, never with an empty array); pass JSON as a string and cast.
 */
export async function sqlRows<T extends object>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, [...params], 'all', em.getTransactionContext());
}

/** Like `sqlRows` but returns the first row or undefined. */
export async function sqlRow<T extends object>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
  const rows = await sqlRows<T>(em, sql, params);
  return rows[0];
}
