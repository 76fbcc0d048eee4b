import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { startMarina, type RunningMarina } from '../../src/app/marina';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from './db';
import { GraphQLClient } from './graphql-client';

export const TEST_ADMIN_PASSWORD = 'Adm1n!Passw0rd';

export interface TestMarina {
  readonly marina: RunningMarina;
  readonly db: TestDatabase;
  readonly url: string;
  readonly wsUrl: string;
  readonly secretKey: string;
  /** A client without credentials. */
  anonymous(): GraphQLClient;
  /** A client logged in as the bootstrap admin. */
  admin(): Promise<GraphQLClient>;
  /** Registers a new user and returns a logged-in client. */
  newUser(prefix?: string): Promise<GraphQLClient & { userId: string; username: string }>;
  stop(): Promise<void>;
}

/**
 * Boots a real Marina API (production profile: real PostgreSQL and Redis) on a random port with its
 * own fresh database. `roles` default to API only.
 */
export async function startTestMarina(
  label: string,
  opts: { workers?: boolean; env?: Record<string, string>; logger?: Logger } = {},
): Promise<TestMarina> {
  const db = await createTestDatabase(label);
  const secretKey = randomBytes(32).toString('hex');
  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: '0',
    MARINA_SECRET_KEY: secretKey,
    MARINA_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MARINA_QUEUE_PREFIX: `marina-test-${randomBytes(4).toString('hex')}`,
    ...opts.env,
  });
  let marina: RunningMarina;
  try {
    marina = await startMarina(
      config,
      { api: true, workers: opts.workers ?? false },
      opts.logger ?? createLogger(config.logLevel),
    );
  } catch (err) {
    await db.drop();
    throw err;
  }
  const url = `http://127.0.0.1:${marina.port}/graphql`;
  const wsUrl = `ws://127.0.0.1:${marina.port}/graphql`;
  let counter = 0;
  const anonymous = () => new GraphQLClient(url, wsUrl);
  return {
    marina,
    db,
    url,
    wsUrl,
    secretKey,
    anonymous,
    admin: () => anonymous().loginAs('admin', TEST_ADMIN_PASSWORD),
    newUser: async (prefix = 'user') => {
      const username = `${prefix}${++counter}${randomBytes(2).toString('hex')}`;
      return anonymous().registerAs(username, 'Us3r!Password');
    },
    stop: async () => {
      await marina.stop();
      await db.drop();
    },
  };
}
