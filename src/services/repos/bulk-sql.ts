import type { EntityManager } from '@mikro-orm/postgresql';
import type { Knex } from '@mikro-orm/knex';

/**
 * Runs one statement with server-side bound parameters in `em`'s transaction (if any).
 * MikroORM's `em.execute` inlines parameters into the SQL text in JavaScript, which costs
 * hundreds of milliseconds for the megabytes of JSON a large index sync passes; bulk statements
 * go through the driver's parameter binding instead. `?` placeholders as in knex.raw.
 */
export async function bulkExecute<T = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<T[]> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  const knex = trx ?? em.getKnex();
  const result = (await knex.raw(sql, params as Knex.RawBinding[])) as { rows?: T[] };
  return result.rows ?? [];
}
