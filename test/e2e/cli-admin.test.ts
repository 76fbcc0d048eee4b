import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../support/db';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const main = join(root, 'dist', 'src', 'cli', 'main.js');

/** `marina migrate` and `marina admin create` against a real PostgreSQL (the production set-up path). */
jest.setTimeout(60_000);

describe('marina migrate / admin create', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('cli_admin');
  });
  afterAll(() => db?.drop());

  const env = () => ({
    PATH: process.env.PATH,
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    MARINA_SECRET_KEY: 'a'.repeat(64),
    LOG_LEVEL: 'silent',
  });

  it('migrates, then is idempotent', async () => {
    const first = await run(process.execPath, [main, 'migrate'], { env: env() });
    expect(first.stdout).toMatch(/Applied: Migration/);
    const second = await run(process.execPath, [main, 'migrate'], { env: env() });
    expect(second.stdout).toContain('Database is up to date');
  });

  it('creates an admin, and refuses a weak password with the failed rules', async () => {
    const weak = run(process.execPath, [main, 'admin', 'create', '--username', 'root2', '--password', 'weak'], {
      env: env(),
    });
    await expect(weak).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('password:uppercase') });
    const ok = await run(
      process.execPath,
      [main, 'admin', 'create', '--username', 'root2', '--password', 'R00t!Password'],
      { env: env() },
    );
    expect(ok.stdout).toContain('Admin root2 created');
    const again = run(
      process.execPath,
      [main, 'admin', 'create', '--username', 'root2', '--password', 'R00t!Password'],
      { env: env() },
    );
    await expect(again).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('taken') });
  });

  it('explains what is missing without DATABASE_URL', async () => {
    const noDb = run(process.execPath, [main, 'admin', 'create', '--username', 'x', '--password', 'y'], {
      env: { PATH: process.env.PATH },
    });
    await expect(noDb).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('needs DATABASE_URL') });
  });
});
