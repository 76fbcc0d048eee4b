/**
 * scripts/bundle-cli.js and the `marina template` path through dist/template-cli.bundle.js: the
 * bundled CLI is byte-identical (stdout, stderr, exit code) to the unbundled one and to helm, loads
 * the same Node built-ins (lazy requires stay lazy), is not used once dist is rebuilt after it, and
 * its source map points at the .ts sources. The registry's CommonJS semantics are checked on a small
 * fixture graph. Works on a copy of dist/ so concurrent builds of the checkout do not interfere.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFORMANCE_DIR, isolatedToolEnv, newestMtime } from '../support/files';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- shared JS helper of the toolchain
const { helm } = require('../../scripts/tools').ensureTools() as { helm: string };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build's own link step
const { linkLibraries } = require('../../scripts/dist-links') as { linkLibraries(dist: string): void };

const root = join(__dirname, '../..');
const node = join(root, 'node_modules/.bin/node');
const bundler = join(root, 'scripts/bundle-cli.js');
const conformance = CONFORMANCE_DIR;
const work = mkdtempSync(join(tmpdir(), 'marina-cli-bundle-'));
const dist = join(work, 'dist');
const cli = join(dist, 'src/cli/main.js');
const bundle = join(dist, 'template-cli.bundle.js');
const probe = join(work, 'probe.js');
const env = { ...isolatedToolEnv(work), MARINA_CACHE_DIR: 'off' };

/** Builds dist/ when it is older than src/ or lib/, then copies it (with its library links and a node_modules link) to `work`. */
function copyBuiltDist(): void {
  const built = statSync(join(root, 'dist/.tsbuildinfo'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built < Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'lib')))) {
    const r = spawnSync(node, [join(root, 'scripts/build.js')], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
  }
  cpSync(join(root, 'dist/src'), join(dist, 'src'), { recursive: true });
  cpSync(join(root, 'dist/lib'), join(dist, 'lib'), { recursive: true });
  cpSync(join(root, 'dist/.tsbuildinfo'), join(dist, '.tsbuildinfo'));
  linkLibraries(dist);
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
}

type Run = { stdout: string; stderr: string; code: number | null };

function run(cmd: string, args: string[], cwd = conformance, extraEnv: Record<string, string> = {}): Run {
  const r = spawnSync(cmd, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

function runBundler(args: string[]): Run {
  return run(node, [bundler, ...args], root);
}

/** `marina template` from the copied dist, with a preload that records which files and built-ins it loaded. */
function marina(args: string[], extraEnv: Record<string, string> = {}): Run & { files: string[]; builtins: string[] } {
  const record = join(work, 'loaded.json');
  const r = run(node, ['-r', probe, cli, 'template', ...args], conformance, { ...extraEnv, PROBE_OUT: record });
  const loaded = JSON.parse(readFileSync(record, 'utf8')) as { files: string[]; builtins: string[] };
  return { ...r, ...loaded };
}

beforeAll(() => {
  copyBuiltDist();
  writeFileSync(
    probe,
    `const { builtinModules } = require('node:module');
const publicBuiltins = new Set(builtinModules);
process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)).filter((m) => publicBuiltins.has(m));
  require('node:fs').writeFileSync(process.env.PROBE_OUT, JSON.stringify({ files: Object.keys(require.cache), builtins: [...new Set(builtins)].sort() }));
});
`,
  );
  const r = runBundler([
    '--entry',
    join(dist, 'src/cli/template/template-run.js'),
    '--out',
    bundle,
    '--stamp',
    join(dist, '.tsbuildinfo'),
  ]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const templateRun = () => join(dist, 'src/cli/template/template-run.js');

describe('marina template through the bundle', () => {
  const cases: [string, string[]][] = [
    [
      'redis with scenario values',
      [
        'myrel',
        'charts/assembled/redis-23.1.1',
        '--namespace',
        'default',
        '--kube-version',
        '1.30.0',
        '-f',
        'charts/golden-scenarios/redis/02-standalone-no-persistence.values.yaml',
      ],
    ],
    [
      'subchart with values flags',
      [
        'rel',
        'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart',
        '--set',
        'service.internalPort=9000',
        '--set-string',
        'service.type=007',
        '-n',
        'prod',
      ],
    ],
    [
      'schema error',
      [
        'myrel',
        'charts/assembled/redis-23.1.1',
        '--kube-version',
        '1.30.0',
        '-f',
        'charts/golden-scenarios/redis/04-tls-existing-secret-acl-SCHEMA-ERROR.values.yaml',
      ],
    ],
    ['missing chart', ['rel', './does-not-exist']],
    [
      'template with invalid yaml',
      ['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/chart-with-template-with-invalid-yaml'],
    ],
  ];

  it.each(cases)('%s: same stdout, stderr and exit code as the unbundled CLI and helm', (_name, args) => {
    const bundled = marina(args);
    const modules = marina(args, { MARINA_NO_BUNDLE: '1' });
    const h = run(helm, ['template', ...args]);
    expect(bundled.files).toContain(bundle);
    expect(bundled.files).not.toContain(templateRun());
    expect(modules.files).toContain(templateRun());
    for (const r of [bundled, modules]) {
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: h.code, stderr: h.stderr });
      expect(r.stdout).toBe(h.stdout);
    }
    // Lazy requires stay lazy: the bundle loads no Node built-in the separate modules would not.
    expect(bundled.builtins).toEqual(modules.builtins);
  });

  it('loads the lazy side file only for what needs it (a packaged .tgz chart)', () => {
    const pkg = run(
      helm,
      ['package', join(conformance, 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart'), '-d', work],
      work,
    );
    expect(pkg.code).toBe(0);
    const tgz = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')) as string);
    const bundled = marina(['rel', tgz]);
    const h = run(helm, ['template', 'rel', tgz]);
    expect(bundled.files).toContain(join(dist, 'template-cli.lazy.bundle.js'));
    expect(bundled).toMatchObject({ code: h.code, stdout: h.stdout, stderr: h.stderr });
    const dir = marina(['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart']);
    expect(dir.files).toContain(bundle);
    expect(dir.files).not.toContain(join(dist, 'template-cli.lazy.bundle.js'));
  });

  it('does not use a bundle older than the last tsc run', () => {
    const args = ['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart'];
    const info = join(dist, '.tsbuildinfo');
    const saved = statSync(info);
    try {
      const later = new Date(statSync(bundle).mtimeMs + 5_000);
      utimesSync(info, later, later);
      const stale = marina(args);
      expect(stale.files).not.toContain(bundle);
      expect(stale.files).toContain(templateRun());
      expect(stale.stdout).toBe(run(helm, ['template', ...args]).stdout);
    } finally {
      utimesSync(info, saved.atime, saved.mtime);
    }
    expect(marina(args).files).toContain(bundle);
  });

  it('maps stack traces to the .ts sources under --enable-source-maps, like the unbundled build', () => {
    const script = `const { runTemplate } = require(process.argv[1]);
let first = true;
runTemplate(['rel', 'helm/v3.21.4/cmd/helm/testdata/testcharts/subchart'], {
  stdout() { if (first) { first = false; process.stdout.write(new Error('probe').stack.split('\\n')[2]); } },
  stderr() {},
});`;
    const frame = (entry: string) => run(node, ['--enable-source-maps', '-e', script, entry]).stdout;
    const unbundled = frame(templateRun());
    expect(unbundled).toMatch(/src\/cli\/template\/template-run\.ts:\d+:\d+\)$/);
    expect(frame(bundle)).toBe(unbundled);
  });
});

describe('the bundle text', () => {
  it('is ASCII, so V8 reads it as one-byte text (non-ASCII in sources must be escaped; comments are not emitted)', () => {
    const text = readFileSync(bundle, 'latin1');
    const offending = text
      .split('\n')
      .map((line, i) => [i + 1, line] as const)
      .filter(([, line]) => /[^\x00-\x7f]/.test(line));
    expect(offending.map(([n, line]) => `${n}: ${line.trim().slice(0, 120)}`)).toEqual([]);
  });
});

describe("the bundle's post-run V8 code cache", () => {
  it('is written by a successful run, accepted (not rewritten) by the next, and replaced when corrupt; output never changes', () => {
    const cacheRoot = join(work, 'code-cache-home');
    const codeDir = join(cacheRoot, 'code');
    const args = ['myrel', 'charts/assembled/redis-23.1.1', '--set', 'auth.password=fixed'];
    const expected = run(helm, ['template', ...args]);
    const withCache = () => marina(args, { MARINA_CACHE_DIR: cacheRoot });
    const entries = () => readdirSync(codeDir).filter((n) => n.endsWith('.v8'));

    const failed = marina(['rel', './does-not-exist'], { MARINA_CACHE_DIR: cacheRoot });
    expect(failed.code).toBe(1);
    expect(statSync(codeDir, { throwIfNoEntry: false })).toBeUndefined(); // only a successful render writes one

    const first = withCache();
    expect(first.stdout).toBe(expected.stdout);
    expect(entries()).toHaveLength(1);
    const entry = join(codeDir, entries()[0]);
    const written = statSync(entry);
    expect(written.size).toBeGreaterThan(100_000); // the engine's functions, not just the top level

    const second = withCache();
    expect(second.stdout).toBe(expected.stdout);
    expect(statSync(entry).mtimeMs).toBe(written.mtimeMs); // V8 accepted it: no rewrite

    writeFileSync(entry, 'corrupt');
    const third = withCache();
    expect(third.stdout).toBe(expected.stdout);
    expect(statSync(entry).size).toBeGreaterThan(100_000);
  });
});

describe('bundle-cli registry semantics', () => {
  const fixture = join(work, 'fixture');
  const files: Record<string, string> = {
    'entry.js': `'use strict';
const path = require('node:path');
exports.early = 'partial';
const a = require('./a');
const data = require('./data.json');
const sloppy = require('./sloppy');
let firstError;
try { require('./throws-once'); } catch (err) { firstError = err.message; }
const again = require('./throws-once');
exports.report = () => {
  const lazyBefore = globalThis.lazyLoaded === true;
  const lazy = require('./lazy');
  const cryptoBefore = process.moduleLoadList.includes('NativeModule crypto');
  const hash = lazy.hash();
  return {
    a: a.describe(), data, sloppy, firstError, again: again.value, lazyBefore, lazyAfter: globalThis.lazyLoaded,
    lazySharesA: lazy.a === a, cryptoBefore, hash, cryptoAfter: process.moduleLoadList.includes('NativeModule crypto'), filename: __filename, dirname: __dirname === path.dirname(__filename),
    moduleId: module.id === __filename,
  };
};
`,
    'a.js': `'use strict';\nexports.name = 'a';\nconst b = require('./b');\nexports.describe = () => 'a sees b=' + b.seenA;\n`,
    'b.js': `'use strict';\nexports.seenA = JSON.stringify(require('./a')); // a cycle: a's exports so far\n`,
    'data.json': '\ufeff{ "list": [1, 2], "text": "require(\\"nope\\")" }\n',
    'sloppy.js': `// no 'use strict': sloppy mode must survive bundling\nmodule.exports = { thisIsExports: this === module.exports, strict: (function () { return this === undefined; })() };\n`,
    'throws-once.js': `'use strict';\nglobalThis.loads = (globalThis.loads || 0) + 1;\nif (globalThis.loads === 1) throw new Error('first load fails');\nexports.value = globalThis.loads;\n`,
    'lazy.js': `'use strict';\nglobalThis.lazyLoaded = true;\nexports.a = require('./a');\nlet crypto;\nexports.hash = () => (crypto ??= require('node:crypto')).createHash('sha1').update('x').digest('hex');\n`,
  };
  const out = join(fixture, 'out/fixture.bundle.js');
  const stamp = join(fixture, 'stamp');
  const report = (entry: string) =>
    JSON.parse(
      run(node, [
        '-e',
        `const e = require(process.argv[1]); process.stdout.write(JSON.stringify({ ...e.report(), early: e.early, loaded: Object.keys(require.cache).map((f) => require('path').basename(f)) }))`,
        entry,
      ]).stdout,
    );

  beforeAll(() => {
    mkdirSync(join(fixture, 'out'), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(fixture, name), text);
    writeFileSync(stamp, '');
    const r = runBundler(['--entry', join(fixture, 'entry.js'), '--out', out, '--stamp', stamp]);
    expect(r.code).toBe(0);
  });

  it('keeps exports, cycles, JSON, sloppy mode, failed loads, lazy requires and __filename like Node', () => {
    const direct = report(join(fixture, 'entry.js'));
    const bundled = report(out);
    expect(direct).toMatchObject({
      a: 'a sees b={"name":"a"}',
      data: { list: [1, 2] },
      sloppy: { thisIsExports: true, strict: false },
      firstError: 'first load fails',
      again: 2,
      lazyBefore: false,
      lazyAfter: true,
      lazySharesA: true,
      cryptoBefore: false,
      hash: '11f6ad8ec52a2984abaafd7c3b516503785c2072',
      cryptoAfter: true,
      dirname: true,
      moduleId: true,
      early: 'partial',
    });
    expect({ ...bundled, loaded: undefined }).toEqual({ ...direct, loaded: undefined });
    expect(bundled.loaded).toContain('fixture.lazy.bundle.js'); // lazy.js came from the side file
    expect(readFileSync(out, 'utf8')).not.toContain('globalThis.lazyLoaded = true');
  });

  it('fails the build on a require it cannot record or a module field the registry lacks', () => {
    writeFileSync(join(fixture, 'dynamic.js'), `const name = './a';\nmodule.exports = require(name);\n`);
    const r = runBundler([
      '--entry',
      join(fixture, 'dynamic.js'),
      '--out',
      join(fixture, 'out/dynamic.js'),
      '--stamp',
      stamp,
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("dynamic.js:2: require is used other than as require('literal')");
    writeFileSync(
      join(fixture, 'parent.js'),
      `exports.a = require('./a');\nexports.main = module.parent === undefined;\n`,
    );
    const p = runBundler([
      '--entry',
      join(fixture, 'parent.js'),
      '--out',
      join(fixture, 'out/parent.js'),
      '--stamp',
      stamp,
    ]);
    expect(p.code).not.toBe(0);
    expect(p.stderr).toContain("parent.js:2: module.parent is not provided by the bundle's registry");
  });
});
