/**
 * Repository sync library step: fetch index.yaml over HTTP from a local server, checksum,
 * parse and diff against the stored state, for argo-helm (1,628 versions), aws eks-charts
 * (449) and a synthetic 3,600-version index (argo + eks + renamed copies), cold (empty state)
 * and unchanged (checksum skip). Database writes are not included (the sync job's part).
 * Run: `npm run bench -- repo-index`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllowList } from '../src/net';
import { openRepo, parseRepoIndex, type RepoSyncState, type SyncPlan } from '../src/repos';
import { planRepoSync } from '../test/support/repo-sync-steps';
import { close, listen, port } from '../test/e2e/repos-servers';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';

const conformance = join(__dirname, '../../shared/conformance/index');
const argo = readFileSync(join(conformance, 'argo-helm-gh-pages-index.yaml'), 'utf8');
const eks = readFileSync(join(conformance, 'aws-eks-charts-gh-pages-index.yaml'), 'utf8');

/** argo + eks + argo with renamed charts: 3,705 versions (the goal is stated for 3,600). */
function synthetic3600(): string {
  const body = (text: string, suffix: string) =>
    text
      .split('\nentries:\n')[1]
      .split('\ngenerated:')[0]
      .replace(/^ {2}([^\s-][^:]*):$/gm, `  $1${suffix}:`);
  const text = `apiVersion: v1\nentries:\n${body(argo, '')}\n${body(eks, '')}\n${body(argo, '-copy')}\ngenerated: "2026-01-01T00:00:00Z"\n`;
  const index = parseRepoIndex(text);
  const total = [...index.entries.values()].reduce((n, v) => n + v.length, 0);
  if (total < 3600) throw new Error(`synthetic index has only ${total} versions`);
  return text;
}

function stateOf(plan: SyncPlan, withEtag: boolean): RepoSyncState {
  const apps = new Map<string, Map<string, string>>();
  for (const v of plan.versions) {
    if (!apps.has(v.app)) apps.set(v.app, new Map());
    apps.get(v.app)!.set(v.entry.version, v.entry.digest);
  }
  return { checksum: plan.checksum, etag: withEtag ? plan.etag : null, apps };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const files: Record<string, string> = { argo, eks, synthetic: synthetic3600() };
  let current = '';
  const etags: Record<string, string> = {};
  for (const [k, v] of Object.entries(files))
    etags[k] = `"${createHash('sha256').update(v).digest('hex').slice(0, 16)}"`;
  const server = createServer((req, res) => {
    if (req.headers['if-none-match'] === etags[current]) res.writeHead(304).end();
    else res.writeHead(200, { 'Content-Type': 'text/yaml', ETag: etags[current] }).end(files[current]);
  });
  await listen(server);
  const repo = await openRepo(
    { type: 'HTTP', url: `http://127.0.0.1:${port(server)}/` },
    { policy: parseAllowList('127.0.0.1') },
  );
  const empty: RepoSyncState = { checksum: null, apps: new Map() };
  try {
    for (const name of ['argo', 'eks', 'synthetic']) {
      current = name;
      const coldTimes: number[] = [];
      let plan: SyncPlan | undefined;
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        const r = await planRepoSync(repo, empty);
        coldTimes.push(performance.now() - t0);
        if (r.kind === 'changed') plan = r;
      }
      const resync = async (state: RepoSyncState): Promise<number[]> => {
        const times: number[] = [];
        for (let i = 0; i < 21; i++) {
          const t0 = performance.now();
          const r = await planRepoSync(repo, state);
          times.push(performance.now() - t0);
          if (r.kind !== 'unchanged') throw new Error('re-sync should be unchanged');
        }
        return times;
      };
      const byChecksum = await resync(stateOf(plan!, false));
      const byEtag = await resync(stateOf(plan!, true));
      const versions = plan!.versions.length;
      console.log(
        `${name.padEnd(10)} ${String(plan!.apps.length).padStart(4)} apps ${String(versions).padStart(5)} versions ${(Buffer.byteLength(files[name]) / 1e6).toFixed(2)} MB | ` +
          `cold fetch+parse+diff: first ${coldTimes[0].toFixed(0)} ms, median ${median(coldTimes.slice(1)).toFixed(0)} ms | ` +
          `unchanged re-sync: checksum median ${median(byChecksum).toFixed(1)} ms (max ${Math.max(...byChecksum).toFixed(1)}), ` +
          `ETag/304 median ${median(byEtag).toFixed(1)} ms (max ${Math.max(...byEtag).toFixed(1)})`,
      );
    }
  } finally {
    await close(server);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
