/**
 * `marina template`'s on-disk parse cache, as real processes against the real `helm template`:
 * a second run of the same chart is served from the cache (the entry is read, not rewritten) with
 * output identical to helm's; a parse error fails identically with a warm cache and is never
 * cached; an edited template invalidates the entry; MARINA_CACHE_DIR=off writes nothing.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFORMANCE_DIR, isolatedToolEnv } from '../support/files';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- shared JS helper of the toolchain
const { helm } = require('../../scripts/tools').ensureTools() as { helm: string };

const root = join(__dirname, '../..');
const node = join(root, 'node_modules/.bin/node');
const cli = join(root, 'dist/src/cli/main.js');
const conformance = CONFORMANCE_DIR;
const work = mkdtempSync(join(tmpdir(), 'marina-parse-cache-e2e-'));
const baseEnv = isolatedToolEnv(work);

type Run = { stdout: string; stderr: string; code: number | null };

function run(cmd: string, args: string[], env: Record<string, string | undefined> = {}, cwd = conformance): Run {
  const r = spawnSync(cmd, args, { cwd, env: { ...baseEnv, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

const helmTemplate = (args: string[]) => run(helm, ['template', ...args]);
const marinaTemplate = (args: string[], cacheDir: string) =>
  run(node, [cli, 'template', ...args], { MARINA_CACHE_DIR: cacheDir });

function expectLikeHelm(m: Run, h: Run): void {
  expect(m.code).toBe(h.code);
  expect(m.stdout).toBe(h.stdout);
  expect(m.stderr).toBe(h.stderr);
}

/** The cache entries (full paths) under a MARINA_CACHE_DIR. */
function entries(cacheDir: string): string[] {
  const dir = join(cacheDir, 'templates');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => n.endsWith('.mpc'))
        .map((n) => join(dir, n))
    : [];
}

/** A private copy of a small test chart, so the test can edit its templates. */
function chartCopy(name: string): string {
  const dir = join(work, name);
  cpSync(join(conformance, 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart'), dir, { recursive: true });
  return dir;
}

beforeAll(() => {
  // The CLI under test is the compiled build (helm-template-cli.test.ts builds it when stale).
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\``);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('marina template parse cache', () => {
  it('serves a second run of redis from the cache, byte-identical to helm', () => {
    const cacheDir = join(work, 'cache-redis');
    const args = ['myrel', 'charts/assembled/redis-23.1.1', '--set', 'auth.password=x'];
    const h = helmTemplate(args);
    expect(h.code).toBe(0);

    expectLikeHelm(marinaTemplate(args, cacheDir), h);
    const [entry] = entries(cacheDir);
    expect(entries(cacheDir)).toHaveLength(1);
    const before = statSync(entry);
    const bytes = readFileSync(entry);
    // Back-date the entry: a hit touches it (most recently used), a rewrite replaces the file.
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(entry, past, past);

    expectLikeHelm(marinaTemplate(args, cacheDir), h);
    const after = statSync(entry);
    expect(entries(cacheDir)).toEqual([entry]);
    expect(after.ino).toBe(before.ino); // not rewritten (writes are temp file + rename)
    expect(readFileSync(entry).equals(bytes)).toBe(true);
    expect(after.mtimeMs).toBeGreaterThan(past.getTime() + 1000); // read and touched by the hit
  });

  it('fails a chart with a parse error exactly like helm with a warm cache, and caches nothing for it', () => {
    const cacheDir = join(work, 'cache-error');
    const chart = chartCopy('chart-parse-error');
    const args = ['rel', chart];
    expectLikeHelm(marinaTemplate(args, cacheDir), helmTemplate(args)); // warms the cache
    expect(entries(cacheDir)).toHaveLength(1);

    writeFileSync(
      join(chart, 'templates/broken.yaml'),
      'a: 1\n{{ if .Values.x }}\nb: {{ nosuchfunction 1 }}\n{{ end }}\n',
    );
    const h = helmTemplate(args);
    expect(h.code).toBe(1);
    expect(h.stderr).toContain('parse error');
    for (let i = 0; i < 2; i++) expectLikeHelm(marinaTemplate(args, cacheDir), h);
    expect(entries(cacheDir)).toHaveLength(1);
  });

  it('re-parses a chart whose template was edited', () => {
    const cacheDir = join(work, 'cache-edit');
    const chart = chartCopy('chart-edit');
    const args = ['rel', chart];
    expectLikeHelm(marinaTemplate(args, cacheDir), helmTemplate(args));
    expectLikeHelm(marinaTemplate(args, cacheDir), helmTemplate(args)); // warm

    const svc = join(chart, 'templates/service.yaml');
    const text = readFileSync(svc, 'utf8');
    expect(text).toContain('kind: Service');
    // Same length, one character different: only the stored texts can tell the difference.
    writeFileSync(svc, text.replace('kind: Service', 'kind: Servicf'));
    const edited = marinaTemplate(args, cacheDir);
    expect(edited.stdout).toContain('kind: Servicf');
    expectLikeHelm(edited, helmTemplate(args));
  });

  it('MARINA_CACHE_DIR=off renders without writing a cache', () => {
    const args = ['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart'];
    const m = run(node, [cli, 'template', ...args], { MARINA_CACHE_DIR: 'off', XDG_CACHE_HOME: join(work, 'xdg') });
    expectLikeHelm(m, helmTemplate(args));
    expect(existsSync(join(work, 'xdg'))).toBe(false);
    expect(existsSync(join(conformance, 'off'))).toBe(false);
  });
});
