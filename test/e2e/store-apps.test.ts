/**
 * storeApps over GraphQL on real PostgreSQL: ACTIVE apps, and through them only ACTIVE versions,
 * for every signed-in user; newest first; NAME sort; category filter; keyword search; cursor
 * pagination; suspendApp removes an app, recoverApp brings it back; and a page of 50 apps with
 * versions(first: 5), categories, owner and vendor costs a constant number of SQL statements
 * (counted through a hook on the pg client the in-process server uses).
 */
import pg from 'pg';
import { startTestMarina, type TestMarina } from '../support/marina';
import type { GraphQLClient } from '../support/graphql-client';
import { type Authed, developer, sql } from './catalog-support';
import { releaseVersion, uploadChart, uploadChartVersion } from './lifecycle-support';

let t: TestMarina;
let dev: Authed;
let reader: Authed;
let admin: GraphQLClient;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestMarina('store_apps');
  admin = await t.admin();
  dev = await developer(t);
  reader = await developer(t, 'reader');
  const alpha = await uploadChart(dev, 'store-alpha', '1.0.0');
  ids.alpha = alpha.appId;
  ids.alpha1 = alpha.versionId;
  ids.alpha2 = await uploadChartVersion(dev, alpha.appId, 'store-alpha', '2.0.0');
  await releaseVersion(dev, admin, alpha.versionId);
  ids.beta = (await uploadChart(dev, 'store-beta', '0.1.0')).appId;
  await releaseVersion(
    dev,
    admin,
    (await dev.ok(`query($id: ID!) { app(id: $id) { latestVersion { id } } }`, { id: ids.beta })).app.latestVersion.id,
  );
  ids.draft = (await uploadChart(dev, 'store-draft')).appId;
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

const STORE = `query($f: AppFilter, $s: AppSort, $n: Int, $a: String) {
  storeApps(filter: $f, sort: $s, first: $n, after: $a) {
    edges { node { id name versions { edges { node { name status } } } } }
    pageInfo { hasNextPage endCursor }
  } }`;
const store = async (client: GraphQLClient, vars: Record<string, unknown> = {}) =>
  (await client.ok(STORE, vars)).storeApps;
const names = (conn: any): string[] => conn.edges.map((e: any) => e.node.name);

describe('storeApps', () => {
  it('shows ACTIVE apps of any workspace, only their ACTIVE versions, newest first', async () => {
    const page = await store(reader);
    expect(names(page)).toEqual(['store-beta', 'store-alpha']);
    const alpha = page.edges.find((e: any) => e.node.id === ids.alpha).node;
    expect(alpha.versions.edges.map((e: any) => e.node)).toEqual([{ name: '1.0.0', status: 'ACTIVE' }]);
    // The owner's workspace view still shows the draft version; the store never does.
    const own = await dev.ok(`query($id: ID!) { app(id: $id) { versions { edges { node { name } } } } }`, {
      id: ids.alpha,
    });
    expect(own.app.versions.edges.map((e: any) => e.node.name)).toEqual(['2.0.0', '1.0.0']);
    expect(await t.anonymous().errorCode(STORE)).toBe('UNAUTHENTICATED');
  });

  it('serves every field of the store rows: app, owner (public profile), vendor, categories, versions', async () => {
    const full = await reader.ok(`{ storeApps(filter: { search: "store-alpha" }) { totalCount edges { node {
      id name type status description readme home icon screenshots keywords maintainers sources deployCount createdAt updatedAt
      repo { id } owner { id username email createdAt roles permissions workspace { id } mustChangePassword }
      vendor { id } categories { id name description icon appCount }
      versions(first: 1) { totalCount edges { node { id name appVersion description changelog status type digest
        createdAt updatedAt review { id } audits { action } packageSize files app { id name } } } }
    } } } }`);
    expect(full.storeApps.totalCount).toBe(1);
    const app = full.storeApps.edges[0].node;
    expect(app).toMatchObject({ id: ids.alpha, type: 'HELM', status: 'ACTIVE', repo: null, vendor: null });
    expect(new Date(app.createdAt).getTime()).toBeLessThanOrEqual(Date.now());
    // Another workspace's user sees the owner's public profile only.
    expect(app.owner).toMatchObject({ id: dev.userId, username: dev.username, roles: [], permissions: [] });
    expect(app.owner.email).toMatch(/^.\*\*\*@/);
    expect(app.owner.workspace).toBeNull();
    expect(app.owner.mustChangePassword).toBe(false);
    expect(app.categories.map((c: any) => c.name)).toEqual(['uncategorized']);
    expect(app.versions.totalCount).toBe(1);
    const version = app.versions.edges[0].node;
    expect(version).toMatchObject({ id: ids.alpha1, name: '1.0.0', status: 'ACTIVE', type: 'HELM' });
    expect(version.audits.map((a: any) => a.action)).toContain('release');
    expect(version.packageSize).toBeGreaterThan(0);
    expect(version.files).toContain('Chart.yaml');
    // The version's app resolves for a reader of another workspace: store rows are readable to every user.
    expect(version.app).toEqual({ id: ids.alpha, name: 'store-alpha' });
  });

  it('sorts by NAME, filters by category and keyword, and pages with cursors', async () => {
    expect(names(await store(reader, { s: 'NAME' }))).toEqual(['store-alpha', 'store-beta']);
    await sql(t, `update apps set deploy_count = 3 where id = $1`, [ids.alpha]);
    expect(names(await store(reader, { s: 'MOST_DEPLOYED' }))).toEqual(['store-alpha', 'store-beta']);
    await sql(t, `update apps set deploy_count = 7 where id = $1`, [ids.beta]);
    expect(names(await store(reader, { s: 'MOST_DEPLOYED' }))).toEqual(['store-beta', 'store-alpha']);
    await sql(t, `update apps set deploy_count = 0 where id in ($1, $2)`, [ids.alpha, ids.beta]);
    const cat = (await admin.ok(`mutation { createCategory(name: "Storefront") { id } }`)).createCategory.id;
    await dev.ok(`mutation($a: ID!, $c: [ID!]!) { setAppCategories(appId: $a, categoryIds: $c) { id } }`, {
      a: ids.beta,
      c: [cat],
    });
    expect(names(await store(reader, { f: { categoryId: cat } }))).toEqual(['store-beta']);
    expect(names(await store(reader, { f: { search: 'ALPHA' } }))).toEqual(['store-alpha']);
    expect(names(await store(reader, { f: { search: 'beta chart' } }))).toEqual(['store-beta']);
    expect(names(await store(reader, { f: { search: 'draft' } }))).toEqual([]);
    expect(names(await store(reader, { f: { status: ['DRAFT'], mine: true } }))).toEqual(['store-beta', 'store-alpha']);

    const first = await store(reader, { s: 'NAME', n: 1 });
    expect(names(first)).toEqual(['store-alpha']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await store(reader, { s: 'NAME', n: 1, a: first.pageInfo.endCursor });
    expect(names(second)).toEqual(['store-beta']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(await reader.errorCode(STORE, { a: 'not-a-cursor' })).toBe('BAD_USER_INPUT');
  });

  it('searches name, description and keywords as substrings, name matches first, never across fields', async () => {
    const [saved] = await sql(t, `select description, keywords from apps where id = $1`, [ids.beta]);
    await sql(t, `update apps set description = 'Pairs with store-alpha', keywords = '{observability}' where id = $1`, [
      ids.beta,
    ]);
    try {
      // store-beta is newer, but store-alpha matches by name: it comes first; pages keep that order.
      expect(names(await store(reader, { f: { search: 'store-alpha' } }))).toEqual(['store-alpha', 'store-beta']);
      const first = await store(reader, { f: { search: 'STORE-ALPHA' }, n: 1 });
      expect(names(first)).toEqual(['store-alpha']);
      const second = await store(reader, { f: { search: 'store-alpha' }, n: 1, a: first.pageInfo.endCursor });
      expect(names(second)).toEqual(['store-beta']);
      expect(second.pageInfo.hasNextPage).toBe(false);
      expect(names(await store(reader, { f: { search: 'observ' } }))).toEqual(['store-beta']);
      expect(names(await store(reader, { f: { search: '100%' } }))).toEqual([]);
      // Name and description are separate fields: "store-beta pairs" spans both and matches nothing.
      expect(names(await store(reader, { f: { search: 'store-beta pairs' } }))).toEqual([]);
    } finally {
      await sql(t, `update apps set description = $2, keywords = $3 where id = $1`, [
        ids.beta,
        saved.description,
        saved.keywords,
      ]);
    }
  });

  it('suspendApp takes an app out of the store and recoverApp brings it back', async () => {
    const app = (m: string) => admin.ok(`mutation($id: ID!) { r: ${m}(id: $id) { __typename } }`, { id: ids.alpha });
    expect((await app('suspendApp')).r.__typename).toBe('App');
    expect(names(await store(reader))).toEqual(['store-beta']);
    expect((await app('recoverApp')).r.__typename).toBe('App');
    expect(names(await store(reader))).toEqual(['store-beta', 'store-alpha']);
  });
});

describe('storeApps statement count', () => {
  it('a page of 50 apps with versions(first: 5), categories, owner and vendor costs at most 4 SQL statements', async () => {
    const [vendor] = await sql<{ id: string }>(
      t,
      `insert into vendors (id, user_id, company_name, created_at, updated_at) values (gen_random_uuid(), $1, 'Acme', now(), now()) returning id`,
      [dev.userId],
    );
    await sql(
      t,
      `insert into apps select (jsonb_populate_record(null::apps, to_jsonb(a) || jsonb_build_object('id', gen_random_uuid(),
         'name', 'bulk-' || g, 'vendor_id', $2::uuid, 'created_at', now() + g * interval '1 second'))).*
       from apps a, generate_series(1, 55) g where a.id = $1`,
      [ids.alpha, vendor.id],
    );
    await sql(
      t,
      `insert into app_versions select (jsonb_populate_record(null::app_versions, to_jsonb(v) || jsonb_build_object(
         'id', gen_random_uuid(), 'app_id', a.id, 'name', '1.0.' || s, 'sequence', s))).*
       from app_versions v, apps a, generate_series(1, 6) s where v.id = $1 and a.name like 'bulk-%'`,
      [ids.alpha1],
    );
    await sql(
      t,
      `insert into app_categories (app_id, category_id) select a.id, c.id from apps a, categories c where a.name like 'bulk-%'`,
    );
    const query = (
      after?: string,
    ) => `{ storeApps(first: 50${after ? `, after: "${after}"` : ''}) { edges { node { id name
      versions(first: 5) { edges { node { id name status } } pageInfo { hasNextPage } }
      categories { id name } owner { id username } vendor { id companyName } } } pageInfo { hasNextPage endCursor } } }`;
    const counted = async (text: string) => {
      const count = { n: 0 };
      const original = pg.Client.prototype.query;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        count.n++;
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original;
      try {
        return { data: await reader.ok(text), statements: count.n };
      } finally {
        pg.Client.prototype.query = original;
      }
    };
    const baseline = await counted(`{ __typename }`);
    const { data, statements } = await counted(query());
    const nodes = data.storeApps.edges.map((e: any) => e.node);
    expect(nodes).toHaveLength(50);
    expect(nodes.every((n: any) => n.versions.edges.length === 5 && n.versions.pageInfo.hasNextPage)).toBe(true);
    expect(nodes[0].versions.edges.map((e: any) => e.node.name)).toEqual(['1.0.6', '1.0.5', '1.0.4', '1.0.3', '1.0.2']);
    expect(nodes.every((n: any) => n.vendor?.companyName === 'Acme' && n.owner.username === dev.username)).toBe(true);
    expect(nodes[0].categories.map((c: any) => c.name).sort()).toEqual(['Storefront', 'uncategorized']);
    console.log(`storeApps(first: 50) page: ${statements} SQL statements (${baseline.statements} for { __typename })`);
    expect(statements - baseline.statements).toBeLessThanOrEqual(4);

    // A later page (keyset cursor) costs the same: 57 ACTIVE apps leave 7 for page two.
    expect(data.storeApps.pageInfo.hasNextPage).toBe(true);
    const next = await counted(query(data.storeApps.pageInfo.endCursor));
    const rest = next.data.storeApps.edges.map((e: any) => e.node);
    expect(rest).toHaveLength(7);
    expect(new Set([...nodes, ...rest].map((n: any) => n.id)).size).toBe(57);
    expect(next.data.storeApps.pageInfo.hasNextPage).toBe(false);
    expect(
      rest.filter((n: any) => n.name.startsWith('bulk-')).every((n: any) => n.vendor?.companyName === 'Acme'),
    ).toBe(true);
    console.log(`storeApps(first: 50, after) page: ${next.statements} SQL statements`);
    expect(next.statements - baseline.statements).toBeLessThanOrEqual(4);
  });
});
