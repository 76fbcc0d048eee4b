import { loadConfig } from '../config';
import { connectOrm, migrate } from '../db/orm';
import { ensureBuiltins } from '../services/bootstrap.service';

/** `marina migrate`: applies pending migrations to DATABASE_URL and seeds built-in data, then exits. */
export async function run(): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    process.stderr.write('Error: marina migrate needs DATABASE_URL (the embedded profile migrates on start)\n');
    return 1;
  }
  const orm = await connectOrm(config.databaseUrl);
  try {
    const applied = await migrate(orm);
    await ensureBuiltins(orm.em.fork());
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database is up to date\n');
    return 0;
  } finally {
    await orm.close(true);
  }
}
