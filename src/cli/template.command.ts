/**
 * `marina template RELEASE CHART [flags]`: renders a chart exactly like `helm template`
 * (stdout, stderr and exit code). Loads only the Helm renderer and the template engine (dist's
 * one-file bundle with a post-run V8 code cache, else the separate modules through Node's compile
 * cache), and reuses parsed templates from the on-disk parse cache (see config.ts cacheRoot).
 */
import { statSync, type Stats } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';
import { codeCacheDir, parseCacheDir, templateBundleDisabled } from '../config';
import type { CommandIO } from './template/template-run';
import { loadBundle } from './bundle-loader';
import { writeFd } from './fd-output';

/**
 * V8 flags of this process (the bundle's code cache is only valid under the same flags), all
 * settable after start-up:
 * - `--no-opt --no-maglev`: a one-shot render is over before either optimising compiler pays for
 *   itself; their compile jobs cost more CPU (and, for Maglev, memory: its zones touch ~2,000 fresh
 *   pages) than they save. Sparkplug still compiles the hot code.
 * - `--semi-space-growth-factor=1`: the young generation stays at its initial 1 MB semi-spaces
 *   instead of doubling to 8 MB. Nearly everything a render allocates lives to the end (trees,
 *   values, output), so a bigger nursery saves no copying (GC time is the same, in 18 small
 *   scavenges instead of 7), while every page it grows into is a fresh page fault.
 * Measured on Bitnami redis (21 interleaved runs each, warm caches), against `--no-opt` alone:
 * Maglev off CPU 325 → 256 ms, page faults 10.4k → 8.3k, wall 249 → 234 ms; then growth factor 1
 * faults 8.0k → 6.4k, wall 230 → 202 ms.
 */
export const V8_FLAGS = '--no-opt --no-maglev --semi-space-growth-factor=1';

/**
 * The same configuration as start-up flags, which bin/marina (what `npx marina` runs) passes so
 * that this process need not load node:v8 (it loads Node's stream modules: ~5 ms). At start-up the
 * nursery is capped with `--max-semi-space-size=1` (its initial size): `--semi-space-growth-factor=1`
 * given at start-up measured worse (7.6k page faults instead of 6.1k).
 */
export const STARTUP_V8_FLAGS = '--no-opt --no-maglev --max-semi-space-size=1';

export async function run(argv: string[]): Promise<number> {
  enableCompileCache?.();
  // Tuned for a one-shot render (see V8_FLAGS), unless bin/marina started this process with them.
  const launched = STARTUP_V8_FLAGS.split(' ').every((f) => process.execArgv.includes(f));
  if (!launched) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- only when the launcher did not set the flags
    (require('node:v8') as typeof import('node:v8')).setFlagsFromString(V8_FLAGS);
  }
  const flags = launched ? STARTUP_V8_FLAGS : V8_FLAGS;
  const fresh = freshBundle();
  const bundlePath = fresh?.path;
  // The bundle comes with a code cache taken after a whole run (see bundle-loader.ts); without a
  // bundle, the separate modules load through Node's compile cache.
  // With caches off (MARINA_CACHE_DIR=off) the bundle is required normally, which still uses Node's
  // compile cache.
  const cacheDir = codeCacheDir();
  const bundle = fresh && cacheDir ? loadBundle(fresh.path, cacheDir, flags, fresh.stats) : null;
  type TemplateRun = typeof import('./template/template-run');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the compile cache is on
  const { runTemplate } = (bundle ? bundle.exports : require(bundlePath ?? './template/template-run')) as TemplateRun;
  const io: CommandIO = {
    stdout: (text) => writeFd(1, text),
    stderr: (text) => writeFd(2, text),
  };
  // Parsed templates are cached on disk (content-verified; see templates/parse-cache), so a
  // repeated render of the same chart skips lexing and parsing. MARINA_CACHE_DIR=off disables it.
  const code = runTemplate(argv, io, { parseCacheDir: parseCacheDir() ?? undefined });
  // Only a successful render has compiled the functions a render needs (an early usage error
  // compiles little, and a cache that V8 accepts is never rewritten until the bundle changes).
  if (code === 0) bundle?.saveCodeCache();
  return code;
}

/**
 * dist/template-cli.bundle.js (scripts/bundle-cli.js: template-run.js and every module it reaches, in
 * one file; loading it takes ~12 ms instead of ~29 ms) when it is at least as new as dist/.tsbuildinfo,
 * which tsc rewrites on every build that emits: a bundle older than the last tsc run may be stale and
 * is not used (with the bundle's stats). Two stats, ~0.15 ms. No bundle (running from src/, a tsc-only build) or
 * MARINA_NO_BUNDLE=1 (to compare, or to debug the separate modules): undefined.
 */
function freshBundle(): { path: string; stats: Stats } | undefined {
  if (templateBundleDisabled()) return undefined;
  const dist = join(__dirname, '../..');
  const bundle = join(dist, 'template-cli.bundle.js');
  const built = statSync(bundle, { throwIfNoEntry: false });
  const compiled = built && statSync(join(dist, '.tsbuildinfo'), { throwIfNoEntry: false });
  // The bundle's stat also names its code cache entry (bundle-loader.ts): no second stat.
  return compiled && built.mtimeMs >= compiled.mtimeMs ? { path: bundle, stats: built } : undefined;
}
