/**
 * Raw SQL against PostgreSQL, for statements MikroORM's query API cannot express (row locks,
 * set-based upserts, DISTINCT ON, NOTIFY). Only modules of the data layer (src/data) call these;
 * the rest of the application calls the data layer's named functions.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';

/**
 * Runs raw SQL through `em`'s connection **inside `em`'s current transaction** (if any) and
 * returns the rows. Placeholders are `?` (values) and `??` (identifiers); arrays expand to
 * comma lists (use `in (?)`, never with an empty array); pass JSON as a string and cast.
 */
export async function sqlRows<T extends object>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, [...params], 'all', em.getTransactionContext());
}

/** Like `sqlRows` but returns the first row or undefined. */
export async function sqlRow<T extends object>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T | undefined> {
  const rows = await sqlRows<T>(em, sql, params);
  return rows[0];
}

/**
 * Runs one statement with server-side bound parameters in `em`'s transaction (if any).
 * MikroORM's `em.execute` inlines parameters into the SQL text in JavaScript, which costs
 * hundreds of milliseconds for the megabytes of JSON a large index sync passes; bulk statements
 * go through the driver's parameter binding instead. `?` placeholders as in knex.raw.
 */
export async function bulkExecute<T = Record<string, unknown>>(
  em: SqlEntityManager,
  sql: string,
  params: readonly unknown[],
): Promise<T[]> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  const knex = trx ?? em.getKnex();
  const result = (await knex.raw(sql, params as Knex.RawBinding[])) as { rows?: T[] };
  return result.rows ?? [];
}

/** Resolves when the database answers a trivial query (readiness probes). */
export async function pingDatabase(em: EntityManager): Promise<void> {
  await sqlRows(em, 'select 1');
}

/**
 * Takes a transaction-scoped advisory lock (released at commit or rollback): start-up steps that
 * several processes may run at once serialise on it. `em` must be in a transaction.
 */
export async function advisoryTransactionLock(em: EntityManager, key: number): Promise<void> {
  await sqlRows(em, 'select pg_advisory_xact_lock(?)', [key]);
}
