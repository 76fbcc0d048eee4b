/**
 * The production InstancePorts: values come from ./values against the version's chart (loaded
 * from its package); the task DAG and the failure follow-up (marking a release record left
 * `pending-*` failed) from the Kubernetes deploy planner.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadChartArchive, type Chart } from '@marina/helm';
import type { AppVersion } from '../../entities/app-version.entity';
import type { VersionPackageService } from '../apps/version-package.service';
import { planKubeOperation, planReleaseFailure } from '../../drivers/kubernetes/deploy/deploy.planner';
import type { InstancePorts } from './instance-ports';
import { AppType } from '../../entities/enums';
import { checkComposedConfig } from '../composed/composed-version';
import { effectiveValues, validateValues, type ValueOverrides } from './values';

export function createInstancePorts(packages: VersionPackageService): InstancePorts {
  const chartOf = async (em: EntityManager, version: AppVersion): Promise<Chart> =>
    loadChartArchive(await packages.archive(em, version));
  return {
    plan: (op) => planKubeOperation(op),
    planFailure: (op, failedJobId) => planReleaseFailure(op, failedJobId),
    checkValues: async (em, version, overrides) =>
      version.type === AppType.COMPOSED
        ? checkComposedConfig(version, overrides)
        : validateValues(await chartOf(em, version), overrides as ValueOverrides),
    effectiveValues: async (em, version, overrides) =>
      version.type === AppType.COMPOSED
        ? { ...overrides }
        : effectiveValues(await chartOf(em, version), overrides as ValueOverrides),
  };
}
