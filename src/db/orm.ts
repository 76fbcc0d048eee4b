import 'reflect-metadata';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from '../entities';
import { migrationsList } from '../../migrations';
import { AdvisoryLock } from '../data/advisory-locks';

/** ORM options for a PostgreSQL URL. Migrations are compiled in (migrations/index.ts), so they run the same from ts and dist. */
export function ormOptions(databaseUrl: string, overrides: Partial<Options> = {}): Options {
  return {
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    discovery: { requireEntitiesArray: true },
    migrations: {
      migrationsList,
      path: 'migrations',
      pathTs: 'migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
    schemaGenerator: { ignoreSchema: ['bullmq'] },
    pool: { min: 0, max: 10 },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    ...overrides,
  };
}

/** Connects and returns the ORM; does not migrate. */
export async function connectOrm(databaseUrl: string, overrides: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init(ormOptions(databaseUrl, overrides));
}

/** Applies pending migrations; idempotent and safe to run concurrently from several processes (advisory lock). */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const conn = orm.em.getConnection();
  await conn.execute('select pg_advisory_lock(?)', [AdvisoryLock.MIGRATIONS]);
  try {
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await conn.execute('select pg_advisory_unlock(?)', [AdvisoryLock.MIGRATIONS]);
  }
}
