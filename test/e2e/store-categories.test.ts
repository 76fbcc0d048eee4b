/**
 * Categories over GraphQL on real PostgreSQL: create, list with appCount, setAppCategories, delete
 * refused while used unless force (which un-links; orphans fall back to "uncategorized"), the builtin
 * "uncategorized" undeletable; and suspendApp / recoverApp cascading to the versions with audits.
 */
import { startTestMarina, type TestMarina } from '../support/marina';
import type { GraphQLClient } from '../support/graphql-client';
import { type Authed, developer } from './catalog-support';
import { releaseVersion, uploadChart, uploadChartVersion, versionState } from './lifecycle-support';

let t: TestMarina;
let dev: Authed;
let admin: GraphQLClient;

beforeAll(async () => {
  t = await startTestMarina('store_categories');
  admin = await t.admin();
  dev = await developer(t);
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

const CATEGORIES = `{ categories { id name description appCount } }`;
const categoriesOf = async (client: GraphQLClient, appId: string) =>
  (await client.ok(`query($id: ID!) { app(id: $id) { categories { name } } }`, { id: appId })).app.categories.map(
    (c: { name: string }) => c.name,
  );

async function createCategory(name: string, description?: string): Promise<string> {
  const data = await admin.ok(
    `mutation($n: String!, $d: String) { createCategory(name: $n, description: $d) { id } }`,
    {
      n: name,
      d: description ?? null,
    },
  );
  return data.createCategory.id;
}

describe('categories', () => {
  it('create, link, count by category, force delete un-links; uncategorized cannot be deleted', async () => {
    const db = await createCategory('Databases', 'SQL and NoSQL');
    const web = await createCategory('Web');
    expect(await admin.errorCode(`mutation { createCategory(name: "Web") { id } }`)).toBe('BAD_USER_INPUT');
    expect(await dev.errorCode(`mutation { createCategory(name: "Mine") { id } }`)).toBe('FORBIDDEN');

    const a = await uploadChart(dev, 'cat-a');
    const b = await uploadChart(dev, 'cat-b');
    const set = `mutation($a: ID!, $c: [ID!]!) { setAppCategories(appId: $a, categoryIds: $c) { categories { name } } }`;
    expect(
      (await dev.ok(set, { a: a.appId, c: [db, web] })).setAppCategories.categories.map((c: any) => c.name),
    ).toEqual(['Databases', 'Web']);
    await dev.ok(set, { a: b.appId, c: [db] });
    expect(await dev.errorCode(set, { a: b.appId, c: ['00000000-0000-4000-8000-000000000000'] })).toBe(
      'BAD_USER_INPUT',
    );
    const other = await developer(t, 'other');
    expect(await other.errorCode(set, { a: b.appId, c: [web] })).toBe('NOT_FOUND');

    const listed = (await dev.ok(CATEGORIES)).categories;
    expect(listed[0]).toMatchObject({ name: 'uncategorized', appCount: 0 });
    expect(listed.find((c: any) => c.id === db)).toEqual({
      id: db,
      name: 'Databases',
      description: 'SQL and NoSQL',
      appCount: 2,
    });
    expect(listed.find((c: any) => c.id === web)).toMatchObject({ appCount: 1 });
    // Another workspace's apps are not counted for a caller who cannot see them.
    expect((await other.ok(CATEGORIES)).categories.find((c: any) => c.id === db).appCount).toBe(0);

    const del = `mutation($id: ID!, $f: Boolean) { deleteCategory(id: $id, force: $f) }`;
    expect(await admin.errorCode(del, { id: db })).toBe('BAD_USER_INPUT');
    expect(await categoriesOf(dev, a.appId)).toEqual(['Databases', 'Web']);
    expect((await admin.ok(del, { id: db, f: true })).deleteCategory).toBe(true);
    expect(await categoriesOf(dev, a.appId)).toEqual(['Web']);
    expect(await categoriesOf(dev, b.appId)).toEqual(['uncategorized']);
    expect((await dev.ok(CATEGORIES)).categories.map((c: any) => c.name)).not.toContain('Databases');

    const uncategorized = listed[0].id;
    expect(await admin.errorCode(del, { id: uncategorized, f: true })).toBe('BAD_USER_INPUT');
    expect(await dev.errorCode(del, { id: web })).toBe('FORBIDDEN');
  });
});

describe('suspendApp / recoverApp', () => {
  const APP_RESULT = `__typename ... on App { status } ... on InvalidStateError { from action }`;

  it('cascade to the ACTIVE (then SUSPENDED) versions with audits and leave other versions alone', async () => {
    const { appId, versionId: v1 } = await uploadChart(dev, 'suspend-me', '1.0.0');
    const v2 = await uploadChartVersion(dev, appId, 'suspend-me', '2.0.0');
    const v3 = await uploadChartVersion(dev, appId, 'suspend-me', '3.0.0');
    await releaseVersion(dev, admin, v1);
    await releaseVersion(dev, admin, v2);
    const app = (m: string) => admin.ok(`mutation($id: ID!) { r: ${m}(id: $id) { ${APP_RESULT} } }`, { id: appId });

    expect((await app('recoverApp')).r).toEqual({ __typename: 'InvalidStateError', from: 'ACTIVE', action: 'recover' });
    expect(await dev.errorCode(`mutation($id: ID!) { suspendApp(id: $id) { __typename } }`, { id: appId })).toBe(
      'FORBIDDEN',
    );
    expect((await app('suspendApp')).r).toEqual({ __typename: 'App', status: 'DRAFT' });
    for (const v of [v1, v2]) {
      const state = await versionState(admin, v);
      expect(state.status).toBe('SUSPENDED');
      expect(state.audits.at(-1)).toMatchObject({ action: 'suspend', from: 'ACTIVE', to: 'SUSPENDED', role: 'admin' });
    }
    expect((await versionState(admin, v3)).status).toBe('DRAFT');
    expect((await app('suspendApp')).r).toEqual({ __typename: 'InvalidStateError', from: 'DRAFT', action: 'suspend' });

    expect((await app('recoverApp')).r).toEqual({ __typename: 'App', status: 'ACTIVE' });
    for (const v of [v1, v2]) expect((await versionState(admin, v)).status).toBe('ACTIVE');
    expect((await versionState(admin, v3)).status).toBe('DRAFT');
  });
});
