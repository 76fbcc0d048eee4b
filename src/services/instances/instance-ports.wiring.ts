/**
 * The production InstancePorts: values come from ./values against the version's chart (loaded
 * from its package), and the task DAG from the deploy pipeline's planner.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadChartArchive, type Chart } from '@marina/helm';
import type { AppVersion } from '../../entities/app-version.entity';
import type { VersionPackageService } from '../apps/version-package.service';
import type { InstancePorts } from './instance-ports';
import { effectiveValues, validateValues, type ValueOverrides } from './values';

export function createInstancePorts(packages: VersionPackageService): InstancePorts {
  const chartOf = async (em: EntityManager, version: AppVersion): Promise<Chart> =>
    loadChartArchive(await packages.archive(em, version));
  return {
    plan: (op) => [{ key: op.action, action: `kube.${op.action}`, input: { instanceId: op.instanceId } }],
    planFailure: () => null,
    checkValues: async (em, version, overrides) =>
      validateValues(await chartOf(em, version), overrides as ValueOverrides),
    effectiveValues: async (em, version, overrides) =>
      effectiveValues(await chartOf(em, version), overrides as ValueOverrides),
  };
}
