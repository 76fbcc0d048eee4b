import type { EntityManager } from '@mikro-orm/postgresql';
import {
  appsPerCategory,
  deployCounts,
  platformTotals,
  type CategoryAppCount,
  type DeployCount,
  type PlatformTotals,
} from '../data/catalog/statistics.queries';
import type { Actor } from './auth/actor';
import { badInput, forbidden } from './errors';

export interface PlatformStatistics extends PlatformTotals {
  readonly appsPerCategory: readonly CategoryAppCount[];
  readonly mostDeployedApps: readonly DeployCount[];
  readonly mostDeployedVersions: readonly DeployCount[];
}

const MAX_TOP = 100;

/** Platform statistics (PRODUCT.md F3) for platform administrators: four statements whatever the catalogue size. */
export class StatisticsService {
  async platform(em: EntityManager, actor: Actor, top: number): Promise<PlatformStatistics> {
    if (!actor.isAdmin) throw forbidden('Platform statistics are for administrators');
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) throw badInput(`top must be 1..${MAX_TOP}`);
    const totals = await platformTotals(em);
    return {
      ...totals,
      appsPerCategory: await appsPerCategory(em),
      mostDeployedApps: await deployCounts(em, false, top),
      mostDeployedVersions: await deployCounts(em, true, top),
    };
  }
}
