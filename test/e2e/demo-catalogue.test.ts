/**
 * The embedded profile's demo catalogue: the charts under demo/charts are helm-lint clean (real
 * helm 3.17.3), and seeding them into a real database — twice, as every embedded start does —
 * shows each demo app once in storeApps, ACTIVE with its ACTIVE versions in the "demo" category,
 * with the admin's audited submit / review / release trail.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_CHARTS, findDemoChartsDir } from '../../src/app/demo-catalogue/demo-charts';
import { seedDemoCatalogue } from '../../src/app/demo-catalogue/demo-catalogue';
import { createLogger } from '../../src/observability/logger';
import { startTestMarina, type TestMarina } from '../support/marina';
import { sql } from './catalog-support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { helm } = require('../../scripts/tools').ensureTools() as { helm: string };

const STORE = `query { storeApps(first: 5) { edges { node {
  name status categories { name }
  versions(first: 3) { edges { node { name status audits { action to role actor { username } } } } }
} } } }`;

let t: TestMarina;
const chartsDir = findDemoChartsDir() as string;
const log = createLogger('silent');

beforeAll(async () => {
  t = await startTestMarina('demo-catalogue');
});
afterAll(() => t?.stop());

describe('demo catalogue charts', () => {
  it('are found from the source tree', () => {
    expect(chartsDir).toBe(join(__dirname, '..', '..', 'demo', 'charts'));
  });

  it.each(DEMO_CHARTS)('%s passes helm lint --strict with its defaults and its options on', (chart) => {
    const dir = join(chartsDir, chart);
    const options = chart.startsWith('demo-web')
      ? 'ingress.enabled=true,service.type=NodePort,replicaCount=2,podAnnotations.a=b,resources.limits.cpu=1'
      : 'auth.enabled=true,persistence.enabled=true,resources.limits.cpu=1';
    for (const args of [[], ['--set', options]]) {
      const out = execFileSync(helm, ['lint', '--strict', dir, ...args], { encoding: 'utf8' });
      expect(out).toContain('1 chart(s) linted, 0 chart(s) failed');
    }
  });
});

describe('seedDemoCatalogue', () => {
  it('makes the demo apps ACTIVE store apps once, however often it runs', async () => {
    const first = await seedDemoCatalogue(t.marina.orm, t.marina.services, chartsDir, log);
    expect(first).toEqual(DEMO_CHARTS.map((chart) => ({ chart, outcome: 'ACTIVE' })));
    const [before] = await sql<{ versions: string; audits: string }>(
      t,
      `select (select count(*) from app_versions) as versions, (select count(*) from version_audits) as audits`,
    );
    const second = await seedDemoCatalogue(t.marina.orm, t.marina.services, chartsDir, log);
    expect(second).toEqual(first);
    const [after] = await sql<{ versions: string; audits: string }>(
      t,
      `select (select count(*) from app_versions) as versions, (select count(*) from version_audits) as audits`,
    );
    expect(after).toEqual(before);

    const reader = await t.newUser('reader');
    const apps = (await reader.ok(STORE)).storeApps.edges.map((e: any) => e.node);
    expect(apps.map((a: any) => a.name).sort()).toEqual(['demo-redis', 'demo-web']);
    for (const app of apps) {
      expect(app.status).toBe('ACTIVE');
      expect(app.categories).toEqual([{ name: 'demo' }]);
    }
    const web = apps.find((a: any) => a.name === 'demo-web');
    const versions = web.versions.edges.map((e: any) => e.node);
    expect(versions.map((v: any) => [v.name, v.status])).toEqual([
      ['1.1.0', 'ACTIVE'],
      ['1.0.0', 'ACTIVE'],
    ]);
    const trail = versions[0].audits.map((a: any) => a.action);
    expect(trail).toEqual(expect.arrayContaining(['create', 'submit', 'release']));
    expect(trail[trail.length - 1]).toBe('release');
    expect(new Set(versions[0].audits.map((a: any) => a.actor.username))).toEqual(new Set(['admin']));
  });
});
