/**
 * Repo sync through the real job/DB path: a Marina with workers (PostgreSQL + Redis), an HTTP
 * repo server on loopback, createRepo/syncRepo over GraphQL and the repo.sync job. For argo-helm
 * (1,628 versions), aws eks-charts (449) and a synthetic index (argo + eks + renamed argo copy,
 * 3,705 versions): a cold first sync into an empty repo, then unchanged re-syncs (ETag 304 and,
 * with ETags off, checksum). "job" = the processor's own time (RepoEvent startedAt → finishedAt:
 * fetch, checksum, parse, diff, SQL); "wall" = GraphQL mutation → job SUCCEEDED seen on the
 * jobUpdated subscription (adds outbox dispatch and queue latency).
 * Goals (PRODUCT.md): 3,600 entries cold < 2 s; unchanged re-sync < 50 ms.
 * Run: `npm run bench -- repo-sync`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as load, stringify } from 'yaml';
import { startTestMarina } from '../test/support/marina';
import { awaitJob, developer, sql, startRepoServer } from '../test/e2e/catalog-support';

const dir = join(__dirname, '../../shared/conformance/index');
const argo = readFileSync(join(dir, 'argo-helm-gh-pages-index.yaml'));
const eks = readFileSync(join(dir, 'aws-eks-charts-gh-pages-index.yaml'));

type Doc = { apiVersion: string; entries: Record<string, unknown[]> };

function synthetic(): Buffer {
  const a = load(argo.toString('utf8'), { schema: 'core' }) as Doc;
  const e = load(eks.toString('utf8'), { schema: 'core' }) as Doc;
  const copy = Object.fromEntries(
    Object.entries(a.entries).map(([k, v]) => [
      `${k}-copy`,
      (v as Record<string, unknown>[]).map((x) => ({ ...x, name: `${x.name as string}-copy` })),
    ]),
  );
  return Buffer.from(
    stringify({
      apiVersion: 'v1',
      entries: { ...a.entries, ...e.entries, ...copy },
      generated: '2026-01-01T00:00:00Z',
    }),
  );
}

const versionsIn = (raw: Buffer) =>
  Object.values((load(raw.toString('utf8'), { schema: 'core' }) as Doc).entries).reduce((n, v) => n + v.length, 0);
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];
const f = (ms: number) => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  // Built first: building the synthetic index blocks the event loop, which would stale pooled client connections.
  const indexes: [string, Buffer][] = [
    ['argo', argo],
    ['eks', eks],
    ['synthetic', synthetic()],
  ];
  const server = await startRepoServer();
  const t = await startTestMarina('bench_repo_sync', { workers: true, env: { MARINA_ALLOWED_HOSTS: '127.0.0.1' } });
  try {
    const dev = await developer(t, 'bench');
    const jobMs = async (eventId: string) => {
      const [row] = await sql<{ ms: number; status: string; skipped: boolean; versions: number }>(
        t,
        'select extract(epoch from finished_at - started_at) * 1000 as ms, status, skipped, versions_added as versions from repo_events where id = $1',
        [eventId],
      );
      if (row.status !== 'SUCCEEDED') throw new Error(`sync ${eventId} ended ${row.status}`);
      return row;
    };
    for (const [name, raw] of indexes) {
      const versions = versionsIn(raw);
      const cold: { job: number; wall: number }[] = [];
      let lastRepo = '';
      for (let run = 0; run < 3; run++) {
        const prefix = `${name}-${run}`;
        server.files.set(`${prefix}/index.yaml`, raw);
        const t0 = performance.now();
        const { createRepo } = await dev.ok(
          `mutation($i: CreateRepoInput!) { createRepo(input: $i) { ... on Repo { id events { edges { node { id jobId } } } } ... on ErrorResult { message } } }`,
          {
            i: { name: prefix, type: 'HTTP', url: `${server.url}/${prefix}`, providers: ['KUBERNETES'] },
          },
        );
        const event = createRepo.events.edges[0].node;
        if ((await awaitJob(dev, event.jobId, 120_000)) !== 'SUCCEEDED') throw new Error('cold sync failed');
        const wall = performance.now() - t0;
        const row = await jobMs(event.id);
        if (row.versions !== versions) throw new Error(`${name}: ${row.versions} versions added, expected ${versions}`);
        cold.push({ job: Number(row.ms), wall });
        lastRepo = createRepo.id;
      }
      const unchanged = async (etags: boolean) => {
        server.etags = etags;
        const runs: { job: number; wall: number }[] = [];
        for (let i = 0; i < 10; i++) {
          const t0 = performance.now();
          const { syncRepo } = await dev.ok(`mutation($id: ID!) { syncRepo(id: $id) { id jobId } }`, { id: lastRepo });
          if ((await awaitJob(dev, syncRepo.jobId)) !== 'SUCCEEDED') throw new Error('re-sync failed');
          const wall = performance.now() - t0;
          const row = await jobMs(syncRepo.id);
          if (!row.skipped) throw new Error('unchanged re-sync was not skipped');
          runs.push({ job: Number(row.ms), wall });
        }
        server.etags = true;
        return runs;
      };
      const byEtag = await unchanged(true);
      const byChecksum = await unchanged(false);
      const apps = Object.keys((load(raw.toString('utf8'), { schema: 'core' }) as Doc).entries).length;
      console.log(
        `${name.padEnd(10)} ${String(apps).padStart(3)} apps ${String(versions).padStart(5)} versions ${(raw.length / 1e6).toFixed(2)} MB | ` +
          `cold: job ${cold.map((c) => f(c.job)).join(', ')} (wall ${cold.map((c) => f(c.wall)).join(', ')}) | ` +
          `unchanged (ETag): job median ${f(median(byEtag.map((r) => r.job)))}, wall median ${f(median(byEtag.map((r) => r.wall)))} | ` +
          `unchanged (checksum): job median ${f(median(byChecksum.map((r) => r.job)))}, wall median ${f(median(byChecksum.map((r) => r.wall)))}`,
      );
    }
  } finally {
    await t.stop();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
