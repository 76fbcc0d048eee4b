/**
 * Helm rendering speed: Bitnami redis 23.1.1 (charts/assembled) with default values, three ways,
 * all measured in this run on this machine:
 *   1. `helm template` (real helm 3.17.3 binary) — wall time per process;
 *   2. `marina template` as a process (the compiled CLI that `npx marina template` runs, and
 *      `npx marina template` itself) — wall time per process;
 *   3. in-process `renderChart` on an already loaded chart (warm) and the first render (cold).
 * Prints medians and the ratios helm-wall / in-process and marina-CLI / helm-wall.
 * The helm and marina outputs are also compared (with a fixed password so they are deterministic).
 *
 * Run: npm run bench -- helm-render   (needs dist/: `npm run build`)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadChart } from '../src/packages/helm/chart/chart-loader';
import { renderChart } from '../src/packages/helm/render/render-chart';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- shared JS helper of the toolchain
const { helm } = require('../scripts/tools').ensureTools() as { helm: string };

const root = resolve(__dirname, '..');
const charts = resolve(root, '../shared/conformance/charts');
const chartDir = join(charts, 'assembled/redis-23.1.1');
const cli = join(root, 'dist/src/cli/main.js');
const node = process.execPath;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function wall(cmd: string, args: string[], cwd = charts): { ms: number; stdout: string; status: number | null } {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.error) throw r.error;
  return { ms, stdout: r.stdout, status: r.status };
}

function timeProcess(label: string, cmd: string, args: string[], cwd = charts): number {
  wall(cmd, args, cwd); // warm the page cache (and Node's compile cache)
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = wall(cmd, args, cwd);
    if (r.status !== 0) throw new Error(`${label} failed with exit ${r.status}`);
    times.push(r.ms);
  }
  const m = median(times);
  console.log(`${label.padEnd(34)} median ${m.toFixed(1)} ms  (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}, n=${RUNS})`);
  return m;
}

const args = ['template', 'myrel', 'assembled/redis-23.1.1'];
const helmMs = timeProcess('helm template (wall)', helm, args);
const cliMs = timeProcess('marina template (node dist CLI)', node, [cli, ...args]);
const npxMs = timeProcess('npx marina template (wall)', 'npx', ['--no-install', 'marina', 'template', 'myrel', chartDir], root);

const chart = loadChart(chartDir);
const t0 = process.hrtime.bigint();
renderChart(chart, { releaseName: 'myrel' });
const coldMs = Number(process.hrtime.bigint() - t0) / 1e6;
for (let i = 0; i < 10; i++) renderChart(chart, { releaseName: 'myrel' });
const warm: number[] = [];
for (let i = 0; i < 50; i++) {
  const t = process.hrtime.bigint();
  renderChart(chart, { releaseName: 'myrel' });
  warm.push(Number(process.hrtime.bigint() - t) / 1e6);
}
const warmMs = median(warm);
console.log(`${'in-process renderChart, first'.padEnd(34)} ${coldMs.toFixed(1)} ms`);
console.log(`${'in-process renderChart, warm'.padEnd(34)} median ${warmMs.toFixed(2)} ms (n=50)`);

const fixed = ['--set', 'auth.password=s3cr3t-redis'];
const same = wall(helm, [...args, ...fixed]).stdout === wall(node, [cli, ...args, ...fixed]).stdout;
console.log(`\noutput identical to helm (fixed password): ${same}`);
console.log(`in-process warm speed-up vs helm CLI: ${(helmMs / warmMs).toFixed(1)}x (goal >= 20x)`);
console.log(`marina CLI / helm CLI wall time:       ${(cliMs / helmMs).toFixed(2)} (goal <= 1.0)`);
console.log(`npx marina / helm CLI wall time:       ${(npxMs / helmMs).toFixed(2)}`);
