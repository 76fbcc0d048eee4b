// `npm run migration:create [-- --initial]`: diff the entities against a scratch database brought to the
// latest migration and write migrations/Migration<timestamp>.ts. Needs a PostgreSQL at MIGRATION_DB_URL
// (default: postgres://postgres@127.0.0.1:5432/postgres, where a scratch database is created and dropped).
const { Client } = require('pg');
const { join } = require('node:path');

async function main() {
  const adminUrl = process.env.MIGRATION_DB_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = `marina_migration_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${scratch}`);
  const url = new URL(adminUrl);
  url.pathname = `/${scratch}`;
  const { connectOrm } = require(join(__dirname, '..', 'dist', 'src', 'db', 'orm.js'));
  const orm = await connectOrm(url.toString(), {
    migrations: {
      path: join(__dirname, '..', 'migrations'),
      emit: 'ts',
      snapshot: false,
      migrationsList: require(join(__dirname, '..', 'dist', 'migrations')).migrationsList,
    },
  });
  try {
    await orm.getMigrator().up();
    const res = await orm.getMigrator().createMigration(join(__dirname, '..', 'migrations'), false, false);
    console.log(res.fileName ? `created migrations/${res.fileName}` : 'no changes');
  } finally {
    await orm.close(true);
    await admin.query(`drop database ${scratch}`);
    await admin.end();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
