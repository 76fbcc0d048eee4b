/**
 * The charts of the demo catalogue, shipped in the repository under demo/charts/ (one folder per
 * chart version, helm-lint clean). Listed in the order they are added: an app's first version
 * first, so web's upgrade from 1.0.0 to 1.1.0 can be shown.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const DEMO_CHARTS: readonly string[] = ['demo-web-1.0.0', 'demo-web-1.1.0', 'demo-redis-0.1.0'];

/** The store category of the demo apps. */
export const DEMO_CATEGORY = 'demo';

/**
 * The demo/charts folder of the checkout this code runs from (from src/ or from the compiled
 * dist/src/), or undefined where there is none (a production image ships no demo charts).
 */
export function findDemoChartsDir(from = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'demo', 'charts');
    if (existsSync(join(candidate, DEMO_CHARTS[0], 'Chart.yaml'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
