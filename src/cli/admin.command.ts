import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { connectOrm, migrate } from '../db/orm';
import { User } from '../entities/user.entity';
import { BuiltinRole } from '../services/auth/permissions';
import { ensureBuiltins } from '../services/bootstrap.service';
import { createUserRecord } from '../services/users/user-factory';

/** `marina admin create --username U --password P [--email E]`: creates an administrator in DATABASE_URL. */
export async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { username: { type: 'string' }, password: { type: 'string' }, email: { type: 'string' } },
  });
  if (positionals[0] !== 'create' || !values.username || !values.password) {
    process.stderr.write('Usage: marina admin create --username U --password P [--email E]\n');
    return 1;
  }
  const config = loadConfig();
  if (!config.databaseUrl) {
    process.stderr.write(
      'Error: marina admin create needs DATABASE_URL (the embedded profile creates its admin on start: MARINA_ADMIN_PASSWORD)\n',
    );
    return 1;
  }
  const orm = await connectOrm(config.databaseUrl);
  try {
    await migrate(orm);
    await ensureBuiltins(orm.em.fork());
    const em = orm.em.fork();
    const user = await em.transactional((tx) =>
      createUserRecord(tx, {
        username: values.username!,
        email: values.email ?? `${values.username}@marina.local`,
        password: values.password!,
        roleNames: [BuiltinRole.ADMIN, BuiltinRole.USER],
      }),
    );
    if (!(user instanceof User)) {
      process.stderr.write(
        `Error: ${user.message}\n${'details' in user ? user.details.map((d) => `  ${d.path}: ${d.message}\n`).join('') : ''}`,
      );
      return 1;
    }
    process.stdout.write(`Admin ${user.username} created\n`);
    return 0;
  } finally {
    await orm.close(true);
  }
}
