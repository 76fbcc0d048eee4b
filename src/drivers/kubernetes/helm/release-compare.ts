/**
 * When two records describe the same revision: what a resumed job would write again. Timestamps,
 * status, descriptions and hook runs may differ (the first attempt moved on); what was deployed
 * — name, namespace, revision, chart, user config, manifest, hooks — may not.
 */
import { isDeepStrictEqual } from 'node:util';
import type { HelmRelease } from './helm-release.types';

export function isSameRevision(a: HelmRelease, b: HelmRelease): boolean {
  return (
    a.name === b.name &&
    a.namespace === b.namespace &&
    a.version === b.version &&
    a.manifest === b.manifest &&
    a.chart?.metadata.name === b.chart?.metadata.name &&
    a.chart?.metadata.version === b.chart?.metadata.version &&
    isDeepStrictEqual(a.config, b.config) &&
    isDeepStrictEqual(
      a.hooks.map((h) => h.manifest),
      b.hooks.map((h) => h.manifest),
    )
  );
}
