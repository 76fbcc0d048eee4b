/**
 * File helpers shared by specs and suites: the conformance material beside the repository
 * (`../shared/conformance`), walking it for files of a kind or for charts, and the newest mtime under a folder
 * (to decide whether dist/ must be rebuilt before a process test).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** `../shared/conformance`, next to the repository. */
export const CONFORMANCE_DIR = join(__dirname, '../../../shared/conformance');

/** Every file below `dir` whose name matches `name`, depth first, in directory order. */
export function filesUnder(dir: string, name: RegExp, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) filesUnder(p, name, out);
    else if (name.test(entry)) out.push(p);
  }
  return out;
}

/** The newest modification time of any file below `dir` (ms since the epoch). */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

/** A chart inside another chart's charts/ directory (a vendored subchart). */
function isVendored(p: string): boolean {
  const parent = dirname(p);
  return basename(parent) === 'charts' && existsSync(join(dirname(parent), 'Chart.yaml'));
}

/** Every chart (directory with Chart.yaml, or .tgz) below `dir`, vendored subcharts excluded. */
export function findCharts(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (existsSync(join(p, 'Chart.yaml')) && !isVendored(p)) out.push(p);
      findCharts(p, out);
    } else if (name.endsWith('.tgz') && !isVendored(p)) {
      out.push(p);
    }
  }
  return out;
}

/**
 * The environment for helm and `marina template` processes in a test: only PATH from outside,
 * HOME and helm's cache/config/data directories inside `home`, and no reachable kubeconfig.
 */
export function isolatedToolEnv(home: string): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CACHE_HOME: home,
    HELM_CONFIG_HOME: home,
    HELM_DATA_HOME: home,
    KUBECONFIG: join(home, 'none'),
  };
}
