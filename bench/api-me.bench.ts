/**
 * Counts SQL statements and latency of the `me` query over HTTP (production profile, real PostgreSQL).
 * Run: `npm run bench -- api-me`.
 */
import { randomBytes } from 'node:crypto';
import { startMarina } from '../src/app/marina';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/observability/logger';
import { createTestDatabase, TEST_REDIS_URL } from '../test/support/db';
import { GraphQLClient } from '../test/support/graphql-client';

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_me');
  let statements = 0;
  let counting = false;
  const config = loadConfig({
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    PORT: '0',
    MARINA_SECRET_KEY: randomBytes(32).toString('hex'),
    MARINA_ADMIN_PASSWORD: 'Adm1n!Passw0rd',
    LOG_LEVEL: 'silent',
  });
  const marina = await startMarina(config, { api: true, workers: false }, createLogger('silent'), {
    debug: ['query'],
    logger: (line: string) => {
      if (counting && line.includes('[query]')) {
        statements++;
        if (process.env.SHOW_SQL) console.log(line.slice(0, 300));
      }
    },
  });
  try {
    const client = await new GraphQLClient(`http://127.0.0.1:${marina.port}/graphql`, '').loginAs(
      'admin',
      'Adm1n!Passw0rd',
    );
    const query = `{ me { id username email roles permissions workspace { id name } } }`;
    await client.ok(query);
    counting = true;
    await client.ok(query);
    counting = false;
    const perMe = statements;
    const runs = 300;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await client.ok(query);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.floor(q * (times.length - 1))].toFixed(2);
    console.log(
      `me: ${perMe} SQL statements per request; HTTP latency over ${runs} runs: p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms`,
    );
  } finally {
    await marina.stop();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
