import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { connectOrm, migrate } from '../../src/db/orm';

/** Base server URL for test databases; the suites need a real PostgreSQL (CI starts one). */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_PG_URL });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `Test PostgreSQL unreachable at ${TEST_PG_URL} (start it, or set TEST_DATABASE_URL): ${(err as Error).message}`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty, uniquely named database (so suites run in parallel) and returns its URL. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `marina_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database "${name}"`));
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

/** A migrated database with a connected ORM. */
export async function createMigratedOrm(
  label?: string,
): Promise<{ orm: MikroORM; db: TestDatabase; close(): Promise<void> }> {
  const db = await createTestDatabase(label);
  const orm = await connectOrm(db.url);
  await migrate(orm);
  return {
    orm,
    db,
    close: async () => {
      await orm.close(true);
      await db.drop();
    },
  };
}

/** A unique prefix for Redis keys/channels of one suite. */
export function uniquePrefix(label: string): string {
  return `marina-test-${label}-${randomBytes(4).toString('hex')}`;
}
