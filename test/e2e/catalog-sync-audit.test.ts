/**
 * Repo sync and the audit trail, with real workers and an HTTP repo: versions a sync adds or
 * removes carry audit rows whose actor is the seeded system user (role SYNC); a suspended app is
 * left alone by later syncs; platformStatistics counts apps per category, repos, runtimes and
 * deploys (instance rows) per app and version.
 */
import { stringify as dump } from 'yaml';
import { startTestMarina, type TestMarina } from '../support/marina';
import type { GraphQLClient } from '../support/graphql-client';
import { type Authed, awaitJob, developer, type RepoServer, sql, startRepoServer } from './catalog-support';

let t: TestMarina;
let server: RepoServer;
let dev: Authed;
let admin: GraphQLClient;

beforeAll(async () => {
  server = await startRepoServer();
  t = await startTestMarina('catalog_sync_audit', { workers: true, env: { MARINA_ALLOWED_HOSTS: '127.0.0.1' } });
  dev = await developer(t, 'syncdev');
  admin = await t.admin();
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await server?.close();
});

const entry = (name: string, version: string) => ({
  apiVersion: 'v2',
  name,
  version,
  description: `${name} chart`,
  digest: `${name}-${version}`.padEnd(64, '0'),
  urls: [`${name}-${version}.tgz`],
});
const indexOf = (entries: Record<string, string[]>) =>
  Buffer.from(
    dump({
      apiVersion: 'v1',
      entries: Object.fromEntries(Object.entries(entries).map(([n, vs]) => [n, vs.map((v) => entry(n, v))])),
    }),
  );

interface AuditRow {
  app: string;
  version: string;
  action: string;
  from_status: string | null;
  to_status: string;
  role: string;
  username: string;
}

const syncAudits = (repoId: string) =>
  sql<AuditRow>(
    t,
    `select p.name as app, v.name as version, a.action, a.from_status, a.to_status, a.role, u.username
     from version_audits a join app_versions v on v.id = a.version_id join apps p on p.id = v.app_id
     join users u on u.id = a.actor_id where p.repo_id = $1 and a.role = 'sync' order by p.name, v.name, a.created_at`,
    [repoId],
  );

async function syncNow(repoId: string): Promise<Record<string, unknown>> {
  const { syncRepo } = await dev.ok(`mutation($id: ID!) { syncRepo(id: $id) { id jobId } }`, { id: repoId });
  expect(await awaitJob(dev, syncRepo.jobId)).toBe('SUCCEEDED');
  const view = await dev.ok(
    `query($id: ID!) { repo(id: $id) { events(first: 1) { edges { node { id status versionsAdded versionsRemoved } } } } }`,
    { id: repoId },
  );
  return view.repo.events.edges[0].node;
}

describe('repo sync audit', () => {
  let repoId: string;

  it('versions a sync adds are audited with the SYNC system user as actor and skip review', async () => {
    server.files.set('audited/index.yaml', indexOf({ alpha: ['1.1.0', '1.0.0'], beta: ['2.0.0'] }));
    const { createRepo } = await dev.ok(
      `mutation($input: CreateRepoInput!) { createRepo(input: $input) { __typename ... on Repo { id } ... on ErrorResult { message } } }`,
      { input: { name: 'audited', type: 'HTTP', url: `${server.url}/audited`, providers: ['KUBERNETES'] } },
    );
    expect(createRepo.__typename).toBe('Repo');
    repoId = createRepo.id;
    const first = await dev.ok(`query($id: ID!) { repo(id: $id) { events(first: 1) { edges { node { jobId } } } } }`, {
      id: repoId,
    });
    expect(await awaitJob(dev, first.repo.events.edges[0].node.jobId)).toBe('SUCCEEDED');

    const added = { action: 'sync_add', from_status: null, to_status: 'ACTIVE', role: 'sync', username: 'system:sync' };
    expect(await syncAudits(repoId)).toEqual([
      { app: 'alpha', version: '1.0.0', ...added },
      { app: 'alpha', version: '1.1.0', ...added },
      { app: 'beta', version: '2.0.0', ...added },
    ]);
    const roles = await sql<{ name: string; disabled: boolean }>(
      t,
      `select r.name, u.disabled from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_definition_id
       where u.username = 'system:sync'`,
    );
    expect(roles).toEqual([{ name: 'SYNC', disabled: true }]);

    // AuditEntry.actor resolves to the system user over GraphQL too.
    const apps = await dev.ok(
      `query($id: ID!) { repo(id: $id) { apps(first: 10) { edges { node { name versions(first: 1) { edges { node { audits { action to role actor { username } } } } } } } } } }`,
      { id: repoId },
    );
    for (const { node } of apps.repo.apps.edges)
      expect(node.versions.edges[0].node.audits).toEqual([
        { action: 'sync_add', to: 'ACTIVE', role: 'sync', actor: { username: 'system:sync' } },
      ]);
  }, 60_000);

  it('removals are audited; a suspended app is neither changed nor re-activated by sync', async () => {
    const beta = (
      await sql<{ id: string }>(t, `select id from apps where repo_id = $1 and name = 'beta'`, [repoId])
    )[0];
    const suspended = await admin.ok(
      `mutation($id: ID!) { suspendApp(id: $id) { __typename ... on App { status } ... on ErrorResult { message } } }`,
      { id: beta.id },
    );
    expect(suspended.suspendApp).toEqual({ __typename: 'App', status: 'SUSPENDED' });

    server.files.set('audited/index.yaml', indexOf({ alpha: ['1.1.0'], beta: ['2.1.0'] }));
    expect(await syncNow(repoId)).toMatchObject({ status: 'SUCCEEDED', versionsAdded: 0, versionsRemoved: 1 });

    const rows = await sql<{ app: string; version: string; status: string }>(
      t,
      `select p.name as app, v.name as version, v.status from app_versions v join apps p on p.id = v.app_id
       where p.repo_id = $1 order by p.name, v.name`,
      [repoId],
    );
    expect(rows).toEqual([
      { app: 'alpha', version: '1.0.0', status: 'DELETED' },
      { app: 'alpha', version: '1.1.0', status: 'ACTIVE' },
      { app: 'beta', version: '2.0.0', status: 'SUSPENDED' },
    ]);
    const [app] = await sql<{ status: string }>(t, `select status from apps where id = $1`, [beta.id]);
    expect(app.status).toBe('SUSPENDED');
    expect((await syncAudits(repoId)).filter((a) => a.action === 'sync_remove')).toEqual([
      {
        app: 'alpha',
        version: '1.0.0',
        action: 'sync_remove',
        from_status: 'ACTIVE',
        to_status: 'DELETED',
        role: 'sync',
        username: 'system:sync',
      },
    ]);
  }, 60_000);
});

describe('platformStatistics', () => {
  const STATS = `query { platformStatistics(top: 5) { apps activeApps versions repos runtimes deploys liveInstances
    appsPerCategory { name appCount } mostDeployedApps { appName deploys } mostDeployedVersions { appName versionName deploys } } }`;

  it('counts apps per category, repos, runtimes and deploys per app and version; admins only', async () => {
    expect(await dev.errorCode(STATS)).toBe('FORBIDDEN');
    const [ws] = await sql<{ workspace_id: string }>(t, `select workspace_id from repos where name = 'audited'`);
    const owner = [dev.userId, ws.workspace_id];
    await sql(
      t,
      `insert into runtime_credentials (id, owner_id, workspace_id, name, provider, secret_ciphertext)
       values ('00000000-0000-4000-8000-000000000001', $1, $2, 'stats-cred', 'KUBERNETES', 'x')`,
      owner,
    );
    await sql(
      t,
      `insert into runtimes (id, owner_id, workspace_id, name, provider, credential_id)
       values ('00000000-0000-4000-8000-000000000002', $1, $2, 'stats-rt', 'KUBERNETES', '00000000-0000-4000-8000-000000000001')`,
      owner,
    );
    const deploys: [string, string, string][] = [
      ['alpha', '1.1.0', 'ACTIVE'],
      ['alpha', '1.1.0', 'DELETED'],
      ['alpha', '1.0.0', 'ACTIVE'],
      ['beta', '2.0.0', 'STOPPED'],
    ];
    for (const [i, [app, version, status]] of deploys.entries())
      await sql(
        t,
        `insert into instances (id, owner_id, workspace_id, name, app_id, version_id, runtime_id, status)
         select gen_random_uuid(), $1, $2, $3, p.id, v.id, '00000000-0000-4000-8000-000000000002', $6::instance_status
         from apps p join app_versions v on v.app_id = p.id where p.name = $4 and v.name = $5`,
        [...owner, `inst-${i}`, app, version, status],
      );

    const { platformStatistics: s } = await admin.ok(STATS);
    expect(s).toMatchObject({
      apps: 2,
      activeApps: 1,
      versions: 2,
      repos: 1,
      runtimes: 1,
      deploys: 4,
      liveInstances: 3,
      mostDeployedApps: [
        { appName: 'alpha', deploys: 3 },
        { appName: 'beta', deploys: 1 },
      ],
    });
    expect(s.appsPerCategory).toEqual([{ name: 'uncategorized', appCount: 2 }]);
    expect(s.mostDeployedVersions[0]).toEqual({ appName: 'alpha', versionName: '1.1.0', deploys: 2 });
    expect(s.mostDeployedVersions).toHaveLength(3);
  }, 30_000);
});
