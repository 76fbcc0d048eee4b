/**
 * The production InstancePorts: values come from ./values against the version's chart (loaded
 * from its package) or, for TEMPLATE versions, against the template's declared variables; the
 * task DAG and the failure follow-up (marking a release record left `pending-*` failed) from the
 * Kubernetes deploy planner (the VM planner for operations with a `vm` part); secret values sealed with the platform's SecretBox.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadChartArchive, type Chart } from '@marina/helm';
import type { AppVersion } from '../../entities/app-version.entity';
import { AppType } from '../../entities/enums';
import { loadTemplatePackage } from '../../packages/template/template-package.loader';
import type { TemplatePackageMetadata } from '../../packages/template/template-types';
import type { VersionPackageService } from '../apps/version-package.service';
import { planKubeOperation, planReleaseFailure } from '../../drivers/kubernetes/deploy/deploy.planner';
import { planVmOperation } from '../../drivers/vm/deploy/vm.planner';
import { vmOperationFromCluster } from '../../drivers/vm/vm-operation.from-cluster';
import { unavailable, ValidationFailure } from '../errors';
import type { SecretBox } from '../secrets/secret-box';
import { checkComposedConfig } from '../composed/composed-version';
import type { InstancePorts } from './instance-ports';
import { effectiveValues, validateValues, type ValueOverrides } from './values';
import { checkTemplateValues, effectiveTemplateValues, splitTemplateValues } from './values/template-values';
import { vmClusterOf } from './vm-cluster';

type Overrides = Readonly<Record<string, unknown>>;

/** How one app type's user values are checked, completed with defaults and split from secrets. */
interface TypeValues {
  check(
    em: EntityManager,
    version: AppVersion,
    overrides: Overrides,
    storedSecrets?: readonly string[],
  ): Promise<ValidationFailure | null>;
  effective(em: EntityManager, version: AppVersion, overrides: Overrides): Promise<Record<string, unknown>>;
  split?(
    em: EntityManager,
    version: AppVersion,
    overrides: Overrides,
  ): Promise<{ overrides: Record<string, unknown>; secrets: Record<string, string> }>;
}

export function createInstancePorts(packages: VersionPackageService, secrets: SecretBox): InstancePorts {
  const chartOf = async (em: EntityManager, version: AppVersion): Promise<Chart> =>
    loadChartArchive(await packages.archive(em, version));
  const templateOf = (em: EntityManager, version: AppVersion) => templateMetadata(packages, em, version);
  const values: Readonly<Record<AppType, TypeValues>> = {
    [AppType.HELM]: {
      check: async (em, version, overrides) => validateValues(await chartOf(em, version), overrides as ValueOverrides),
      effective: async (em, version, overrides) =>
        effectiveValues(await chartOf(em, version), overrides as ValueOverrides),
    },
    [AppType.TEMPLATE]: {
      check: async (em, version, overrides, stored) =>
        checkTemplateValues(await templateOf(em, version), overrides, stored),
      effective: async (em, version, overrides) => effectiveTemplateValues(await templateOf(em, version), overrides),
      split: async (em, version, overrides) => {
        const split = splitTemplateValues(await templateOf(em, version), overrides);
        return { overrides: split.plain, secrets: split.secrets };
      },
    },
    [AppType.COMPOSED]: {
      check: (_em, version, overrides) => Promise.resolve(checkComposedConfig(version, overrides)),
      effective: (_em, _version, overrides) => Promise.resolve({ ...overrides }),
    },
    [AppType.VM]: {
      check: async (em, version, overrides) => {
        const checked = await vmClusterOf(em, packages, version, overrides);
        return checked instanceof ValidationFailure ? checked : null;
      },
      effective: async (em, version, overrides) => {
        const checked = await vmClusterOf(em, packages, version, overrides);
        return checked instanceof ValidationFailure ? { ...overrides } : { ...checked.values };
      },
    },
  };
  return {
    plan: (op) => (op.vm ? planVmOperation(op) : planKubeOperation(op)),
    planFailure: (op, failedJobId) => (op.vm ? null : planReleaseFailure(op, failedJobId)),
    checkValues: (em, version, overrides, storedSecrets) =>
      values[version.type].check(em, version, overrides, storedSecrets),
    effectiveValues: (em, version, overrides) => values[version.type].effective(em, version, overrides),
    splitValues: async (em, version, overrides) =>
      values[version.type].split?.(em, version, overrides) ?? { overrides: { ...overrides }, secrets: {} },
    vmOperation: async (em, version, overrides, placement) => {
      const checked = await vmClusterOf(em, packages, version, overrides);
      return checked instanceof ValidationFailure ? checked : vmOperationFromCluster(checked.cluster, placement);
    },
    secrets,
  };
}

/** The declared variables of a TEMPLATE version's package. */
export async function templateMetadata(
  packages: VersionPackageService,
  em: EntityManager,
  version: AppVersion,
): Promise<TemplatePackageMetadata> {
  const loaded = loadTemplatePackage(await packages.files(em, version));
  if (!loaded.ok)
    throw unavailable(
      `The template package of version ${version.name} cannot be read: ${loaded.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    );
  return loaded.pkg.metadata;
}
