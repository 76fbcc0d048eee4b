import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse } from 'graphql';
import { loadConfig } from '../../src/config';
import { operationCost } from '../../src/server/query-cost';
import { marinaSchema } from '../../src/server/schema';
import { startTestMarina, type TestMarina } from '../support/marina';

/** Finding 2, the other side: what consoles legitimately ask stays within the default cost limit. */
const DEFAULT_LIMIT = loadConfig({}).maxQueryCost;

const STORE_PAGE = `query StorePage($after: String) {
  apps(first: 50, after: $after, filter: { status: [ACTIVE] }, sort: MOST_DEPLOYED) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id name type status icon abstraction description keywords deployCount updatedAt
      categories { id name icon }
      owner { id username }
      vendor { id companyName website }
      latestVersion { id name appVersion status packageSize }
      versions(first: 20) { totalCount edges { node { id name appVersion status createdAt } } }
    } }
  }
}`;

const VERSION_PAGE = `query VersionPage($id: ID!) {
  appVersion(id: $id) {
    id name appVersion description changelog status type digest packageSize createdAt
    files valuesSchema configSchema values: file(name: "values.yaml") readme: file(name: "README.md") chart: file(name: "Chart.yaml")
    app { id name owner { id username } categories { id name } }
    review { id status currentStage phases { stage status message reviewer { id username } startedAt finishedAt } }
    audits { action from to role message at actor { id username } }
  }
}`;

const INSTANCE_PAGE = `query InstancePage($id: ID!) {
  instance(id: $id) {
    id name description status transitionStatus config revision endpoints lastError createdAt updatedAt
    app { id name icon owner { id username } }
    version { id name appVersion valuesSchema }
    runtime { id name provider zone namespace status credential { id name provider } }
    revisions { revision status at config version { id name } }
    nodes { id role name instanceId privateIp status health }
    resources { kind name namespace ready desired status }
    jobs(first: 10) { totalCount edges { node { id action status progress error createdAt startedAt finishedAt
      tasks { id action target status attempt dependsOn error startedAt finishedAt } } } }
  }
}`;

let t: TestMarina;
beforeAll(async () => {
  t = await startTestMarina('sec_console');
});
afterAll(() => t?.stop());

describe('finding 2: legitimate console queries stay within the default cost limit', () => {
  it('a store page of 50 apps with versions, categories, owner and vendor', async () => {
    const cost = operationCost(await marinaSchema(), parse(STORE_PAGE), undefined, {});
    expect(cost).toBeLessThanOrEqual(DEFAULT_LIMIT);
    const user = await t.newUser();
    const res = await user.request(STORE_PAGE);
    expect(res.errors).toBeUndefined();
    expect(res.data?.apps.totalCount).toEqual(expect.any(Number));
  });

  it('a version page with its files, schemas, review and audits', async () => {
    const cost = operationCost(await marinaSchema(), parse(VERSION_PAGE), undefined, {
      id: '00000000-0000-4000-8000-000000000000',
    });
    expect(cost).toBeLessThanOrEqual(DEFAULT_LIMIT);
    const res = await (await t.newUser()).request(VERSION_PAGE, { id: '00000000-0000-4000-8000-000000000000' });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('an instance with its resources, revisions and jobs (the contract schema)', () => {
    const contract = buildSchema(readFileSync(join(__dirname, 'fixtures/instance-contract.graphql'), 'utf8'));
    const cost = operationCost(contract, parse(INSTANCE_PAGE), undefined, {
      id: '00000000-0000-4000-8000-000000000000',
    });
    expect(cost).toBeGreaterThan(100);
    expect(cost).toBeLessThanOrEqual(DEFAULT_LIMIT);
  });
});
