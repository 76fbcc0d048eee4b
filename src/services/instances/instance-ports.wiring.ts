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
import { planVmOperation } from '../../drivers/vm/deploy/vm.planner';
import { vmOperationFromCluster } from '../../drivers/vm/vm-operation.from-cluster';
import { AppType } from '../../entities/enums';
import { ValidationFailure } from '../errors';
import type { InstancePorts } from './instance-ports';
import { effectiveValues, validateValues, type ValueOverrides } from './values';
import { vmClusterOf } from './vm-cluster';

export function createInstancePorts(packages: VersionPackageService): InstancePorts {
  const chartOf = async (em: EntityManager, version: AppVersion): Promise<Chart> =>
    loadChartArchive(await packages.archive(em, version));
  return {
    plan: (op) => (op.vm ? planVmOperation(op) : planKubeOperation(op)),
    planFailure: (op, failedJobId) => (op.vm ? null : planReleaseFailure(op, failedJobId)),
    checkValues: async (em, version, overrides) => {
      if (version.type !== AppType.VM) return validateValues(await chartOf(em, version), overrides as ValueOverrides);
      const checked = await vmClusterOf(em, packages, version, overrides);
      return checked instanceof ValidationFailure ? checked : null;
    },
    effectiveValues: async (em, version, overrides) => {
      if (version.type !== AppType.VM) return effectiveValues(await chartOf(em, version), overrides as ValueOverrides);
      const checked = await vmClusterOf(em, packages, version, overrides);
      return checked instanceof ValidationFailure ? { ...overrides } : { ...checked.values };
    },
    vmOperation: async (em, version, overrides, placement) => {
      const checked = await vmClusterOf(em, packages, version, overrides);
      return checked instanceof ValidationFailure ? checked : vmOperationFromCluster(checked.cluster, placement);
    },
  };
}
