import { startTestMarina, type TestMarina } from '../support/marina';

/** GraphQL conventions of API.md and the server's protective limits. */
const METRICS_TOKEN = 'conventions-metrics-token';
let t: TestMarina;
beforeAll(async () => {
  t = await startTestMarina('conventions', { env: { MARINA_METRICS_TOKEN: METRICS_TOKEN } });
});
afterAll(() => t?.stop());

describe('GraphQL server conventions', () => {
  it('refuses queries nested deeper than the limit', async () => {
    const admin = await t.admin();
    let selection = 'id';
    for (let i = 0; i < 7; i++) selection = `workspace { members { edges { node { ${selection} } } } }`;
    const res = await admin.request(`{ me { ${selection} } }`);
    expect(res.errors?.[0].message).toMatch(/Query depth \d+ exceeds the limit of 12/);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses queries whose estimated cost is too high', async () => {
    const admin = await t.admin();
    const res = await admin.request(
      `{ users(first: 100) { edges { node { workspace { members(first: 100) { edges { node { id username email } } } } } } } }`,
    );
    expect(res.errors?.[0].message).toMatch(/Query complexity \d+ exceeds the limit/);
  });

  it('pages with opaque cursors and rejects forged ones', async () => {
    const admin = await t.admin();
    for (let i = 0; i < 3; i++) await t.newUser('pager');
    const first = await admin.ok(
      `{ users(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`,
    );
    expect(first.users.edges).toHaveLength(2);
    expect(first.users.pageInfo.hasNextPage).toBe(true);
    const next = await admin.ok(`query($a:String){ users(first: 2, after: $a) { edges { node { id } } } }`, {
      a: first.users.pageInfo.endCursor,
    });
    const seen = new Set(first.users.edges.map((e: any) => e.node.id));
    expect(next.users.edges.some((e: any) => seen.has(e.node.id))).toBe(false);
    expect(await admin.errorCode(`{ users(first: 2, after: "not-a-cursor") { totalCount } }`)).toBe('BAD_USER_INPUT');
    expect(await admin.errorCode(`{ users(first: 1000) { totalCount } }`)).toBe('BAD_USER_INPUT');
  });

  it('answers schema violations with GRAPHQL_VALIDATION_FAILED', async () => {
    expect(await t.anonymous().errorCode(`{ me { noSuchField } }`)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('blocks multipart requests without a CSRF preflight header', async () => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: '{ __typename }', variables: {} }));
    form.append('map', '{}');
    const blocked = await fetch(t.url, { method: 'POST', body: form });
    expect(blocked.status).toBe(400);
    expect(await blocked.text()).toMatch(/CSRF|preflight/i);
    const allowed = await fetch(t.url, { method: 'POST', body: form, headers: { 'apollo-require-preflight': 'true' } });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('serves health, readiness and metrics', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', queue: 'ok' } });
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect(
      await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text(),
    ).toContain('marina_process_cpu_seconds_total');
  });
});

describe('request errors', () => {
  it('answers a missing required variable with BAD_USER_INPUT, not an internal error', async () => {
    const admin = await t.admin();
    const res = await admin.request(`query($id: ID!){ workspace(id: $id){ id } }`, {});
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.status).toBe(400);
  });
});
