/**
 * Helm rendering speed: Bitnami redis 23.1.1 (charts/assembled) with default values, three ways,
 * all measured in this run on this machine:
 *   1. `helm template` (real helm 3.17.3 binary) — wall time per process;
 *   2. `marina template` as a process — node_modules/.bin/marina (the launcher `npx marina`
 *      runs: the project's Node with start-up V8 flags), `node dist/src/cli/main.js` (flags set at
 *      run time), and `npx marina template` itself — wall time per process;
 *   3. in-process `renderChart` of the compiled build (dist/, what the CLI and server run) on an
 *      already loaded chart: the first render (parses the templates) and warm renders.
 * The processes run interleaved (helm, marina, npx marina, helm, …) so machine load hits all of
 * them alike. Prints medians and the ratios helm-wall / in-process and marina-CLI / helm-wall.
 * The helm and marina outputs are also compared (with a fixed password so they are deterministic).
 *
 * Run: npm run bench -- helm-render   (needs dist/: `npm run build`); BENCH_RUNS=N for more runs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- shared JS helper of the toolchain
const { helm } = require('../scripts/tools').ensureTools() as { helm: string };

const root = resolve(__dirname, '..');
const charts = resolve(root, '../shared/conformance/charts');
const chartDir = join(charts, 'assembled/redis-23.1.1');
const dist = join(root, 'dist/src');
const cli = join(dist, 'cli/main.js');
const node = process.execPath;
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const WARM_RUNS = 200;

if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled library (dist/lib/helm), not the TS sources
const { loadChart, renderChart } = require(join(root, 'dist/lib/helm')) as typeof import('@marina/helm');

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

interface Contender {
  readonly label: string;
  readonly cmd: string;
  readonly args: string[];
  readonly cwd: string;
  readonly times: number[];
}

const args = ['template', 'myrel', 'assembled/redis-23.1.1'];
const bin = join(root, 'node_modules/.bin/marina');
const contenders: Contender[] = [
  { label: 'helm template (wall)', cmd: helm, args, cwd: charts, times: [] },
  { label: 'marina template (.bin/marina)', cmd: bin, args, cwd: charts, times: [] },
  { label: 'marina template (node dist CLI)', cmd: node, args: [cli, ...args], cwd: charts, times: [] },
  {
    label: 'npx marina template (wall)',
    cmd: 'npx',
    args: ['--no-install', 'marina', 'template', 'myrel', chartDir],
    cwd: root,
    times: [],
  },
  // npm's own start-up: npx running a trivial bin from the same node_modules/.bin.
  {
    label: 'npx baseline (npx node -e 0)',
    cmd: 'npx',
    args: ['--no-install', 'node', '-e', '0'],
    cwd: root,
    times: [],
  },
];
for (const c of contenders) wall(c.cmd, c.args, c.cwd); // warm the page cache (and Node's compile cache)
for (let i = 0; i < RUNS; i++) {
  for (const c of contenders) {
    const r = wall(c.cmd, c.args, c.cwd);
    if (r.status !== 0) throw new Error(`${c.label} failed with exit ${r.status}`);
    c.times.push(r.ms);
  }
}
const med = contenders.map((c) => {
  const m = median(c.times);
  console.log(
    `${c.label.padEnd(34)} median ${m.toFixed(1)} ms  (min ${Math.min(...c.times).toFixed(1)}, max ${Math.max(...c.times).toFixed(1)}, n=${RUNS})`,
  );
  return m;
});
const [helmMs, binMs, cliMs, npxMs, npxBaseMs] = med;

const chart = loadChart(chartDir);
const t0 = process.hrtime.bigint();
renderChart(chart, { releaseName: 'myrel' });
const coldMs = Number(process.hrtime.bigint() - t0) / 1e6;
for (let i = 0; i < 30; i++) renderChart(chart, { releaseName: 'myrel' });
const warm: number[] = [];
const cpu0 = process.cpuUsage();
for (let i = 0; i < WARM_RUNS; i++) {
  const t = process.hrtime.bigint();
  renderChart(chart, { releaseName: 'myrel' });
  warm.push(Number(process.hrtime.bigint() - t) / 1e6);
}
const cpu = process.cpuUsage(cpu0);
const warmMs = median(warm);
// The same loop with different user values on every render (a label that changes), so nothing
// keyed by the values (coalescing, schema report, toYaml results of changed maps) is reused.
const varied: number[] = [];
for (let i = 0; i < WARM_RUNS; i++) {
  const values = { commonLabels: { run: `r${i}` } } as unknown as Parameters<typeof renderChart>[1]['values'];
  const t = process.hrtime.bigint();
  renderChart(chart, { releaseName: 'myrel', values });
  varied.push(Number(process.hrtime.bigint() - t) / 1e6);
}
console.log(`${'in-process renderChart, first'.padEnd(34)} ${coldMs.toFixed(1)} ms (parses the templates)`);
console.log(
  `${'in-process renderChart, warm'.padEnd(34)} median ${warmMs.toFixed(2)} ms, min ${Math.min(...warm).toFixed(2)} ms, CPU ${((cpu.user + cpu.system) / 1000 / WARM_RUNS).toFixed(2)} ms/render (n=${WARM_RUNS})`,
);
console.log(
  `${'  … values differ every render'.padEnd(34)} median ${median(varied).toFixed(2)} ms, min ${Math.min(...varied).toFixed(2)} ms (n=${WARM_RUNS})`,
);

const fixed = ['--set', 'auth.password=s3cr3t-redis'];
const expected = wall(helm, [...args, ...fixed]).stdout;
const same =
  expected === wall(node, [cli, ...args, ...fixed]).stdout && expected === wall(bin, [...args, ...fixed]).stdout;
console.log(`\noutput identical to helm (fixed password): ${same}`);
console.log(
  `in-process warm speed-up vs helm CLI: ${(helmMs / warmMs).toFixed(1)}x (goal >= 20x); with values differing every render ${(helmMs / median(varied)).toFixed(1)}x`,
);
console.log(
  `marina CLI / helm CLI wall time:       ${(binMs / helmMs).toFixed(2)} (goal <= 1.0; node dist/src/cli/main.js: ${(cliMs / helmMs).toFixed(2)})`,
);
console.log(
  `npx marina / helm CLI wall time:       ${(npxMs / helmMs).toFixed(2)} (of which npm's own start-up ${npxBaseMs.toFixed(0)} ms)`,
);
