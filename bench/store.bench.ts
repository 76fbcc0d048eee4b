/**
 * The store at scale (production profile, real PostgreSQL, fresh database): 10,000 ACTIVE apps ×
 * 3 versions × 20 categories seeded by bulk SQL; `storeApps(first: 50)` with `versions(first: 5)`,
 * categories, owner and vendor, a later page, and a keyword search. Prints SQL statements per
 * request and p50/p99 latency of requests to the API server running in this process.
 * Each latency line gives the 1-minute load average before and after it (the machine may be shared)
 * and the CPU time per request of this process, which noise from other work disturbs less.
 * Goals: ≤ 4 statements, p50 < 10 ms, search p50 < 20 ms. Run: `npm run bench -- store`.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import pg from 'pg';
import { startMarina } from '../src/app/marina';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/observability/logger';
import { createTestDatabase, TEST_REDIS_URL } from '../test/support/db';
import { GraphQLClient } from '../test/support/graphql-client';

const APPS = 10_000;
const VERSIONS = 3;
const CATEGORIES = 20;
const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const WORDS = ['database', 'cache', 'monitoring', 'gateway', 'queue', 'search', 'storage', 'logging', 'mesh', 'ci'];

const PAGE = (extra: string) => `{ storeApps(first: 50${extra}) { edges { node { id name description
  versions(first: 5) { edges { node { id name status } } pageInfo { hasNextPage } }
  categories { id name } owner { id username } vendor { id companyName } } } pageInfo { hasNextPage endCursor } } }`;

/** Seeds the catalogue with set-based statements (one per table). */
async function seed(url: string): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const [{ id: owner, workspace_id: ws }] = (
      await db.query(`select id, workspace_id from users where username = 'admin'`)
    ).rows;
    const vendor = (
      await db.query(
        `insert into vendors (id, user_id, company_name, status) values (gen_random_uuid(), $1, 'Bench Corp', 'PASSED') returning id`,
        [owner],
      )
    ).rows[0].id;
    await db.query(
      `insert into categories (id, name, description) select gen_random_uuid(), 'category-' || c, 'bench' from generate_series(1, $1) c`,
      [CATEGORIES],
    );
    await db.query(
      `insert into apps (id, owner_id, workspace_id, name, type, status, visibility, description, keywords, vendor_id, created_at)
       select gen_random_uuid(), $1, $2, 'app-' || g, 'HELM', 'ACTIVE', 'PUBLIC',
              'Chart ' || g || ' for ' || ($4::text[])[1 + g % 10] || ' workloads', array[($4::text[])[1 + g % 10], 'k8s'], $3,
              now() - g * interval '1 second'
       from generate_series(1, $5) g`,
      [owner, ws, vendor, WORDS, APPS],
    );
    await db.query(
      `insert into app_versions (id, owner_id, workspace_id, app_id, name, status, type, visibility, digest, sequence)
       select gen_random_uuid(), a.owner_id, a.workspace_id, a.id, '1.' || s || '.0', 'ACTIVE', 'HELM', 'PUBLIC', md5(a.id::text || s), s
       from apps a, generate_series(1, $1) s`,
      [VERSIONS],
    );
    await db.query(
      `insert into app_categories (app_id, category_id)
       select a.id, c.id from apps a join (select id, row_number() over (order by name) - 1 as n from categories where name like 'category-%') c
       on c.n in (abs(hashtext(a.name)) % $1, (abs(hashtext(a.name)) + 7) % $1)`,
      [CATEGORIES],
    );
    await db.query('analyze');
  } finally {
    await db.end();
  }
}

async function main(): Promise<void> {
  const db = await createTestDatabase('bench_store');
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
        if (process.env.SHOW_SQL) console.log(line.slice(0, 400));
      }
    },
  });
  try {
    const t0 = performance.now();
    await seed(db.url);
    console.log(
      `seeded ${APPS} apps × ${VERSIONS} versions, ${CATEGORIES} categories in ${(performance.now() - t0).toFixed(0)} ms`,
    );
    const client = await new GraphQLClient(`http://127.0.0.1:${marina.port}/graphql`, '').loginAs(
      'admin',
      'Adm1n!Passw0rd',
    );
    const count = async (query: string) => {
      statements = 0;
      counting = true;
      const data = await client.ok(query);
      counting = false;
      return { data, statements };
    };
    const baseline = (await count('{ __typename }')).statements;
    const first = await count(PAGE(''));
    const after = first.data.storeApps.pageInfo.endCursor as string;
    const second = await count(PAGE(`, after: "${after}"`));
    const search = await count(PAGE(`, filter: { search: "monitoring" }`));
    const rare = await count(PAGE(`, filter: { search: "app-9999" }`));
    if (first.data.storeApps.edges.length !== 50 || search.data.storeApps.edges.length !== 50)
      throw new Error('unexpected page sizes');
    const line = (name: string, c: { statements: number }) =>
      `${name}: ${c.statements - baseline} SQL statements (+${baseline} for the request itself)`;
    console.log(line('storeApps(first: 50) page 1', first));
    console.log(line('storeApps(first: 50) page 2', second));
    console.log(line('storeApps(first: 50, search)', search));
    console.log(line('storeApps(first: 50, search for a rare term)', rare));
    await latency('storeApps(first: 50) page 1', () => client.ok(PAGE('')));
    await latency('storeApps(first: 50) page 2', () => client.ok(PAGE(`, after: "${after}"`)));
    let i = 0;
    await latency('keyword search (first: 50)', () =>
      client.ok(PAGE(`, filter: { search: "${WORDS[i++ % WORDS.length]}" }`)),
    );
    await latency('keyword search, rare term', () => client.ok(PAGE(`, filter: { search: "app-9999" }`)));
  } finally {
    await marina.stop();
    if (process.env.BENCH_KEEP_DB) console.log(`kept database ${db.url}`);
    else await db.drop();
  }
}

async function latency(name: string, run: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 20; i++) await run();
  const load0 = loadavg()[0];
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.floor(q * (times.length - 1))].toFixed(2);
  // CPU time of this process (API server and client) per request: robust on a machine shared with other work.
  const cpuMs = ((cpu.user + cpu.system) / 1000 / RUNS).toFixed(2);
  const load = `${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}`;
  console.log(
    `${name}: ${RUNS} requests, p50 ${p(0.5)} ms, p99 ${p(0.99)} ms; ${cpuMs} ms CPU per request in-process; load ${load}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
