/**
 * The production InstancePorts: values come from ./values against the version's chart (loaded
 * from its package) or, for TEMPLATE versions, against the template's declared variables; the
 * task DAG and the failure follow-up (marking a release record left `pending-*` failed) from the
 * Kubernetes deploy planner; secret values sealed with the platform's SecretBox.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadChartArchive, type Chart } from '@marina/helm';
import type { AppVersion } from '../../entities/app-version.entity';
import { AppType } from '../../entities/enums';
import { loadTemplatePackage } from '../../packages/template/template-package.loader';
import type { TemplatePackageMetadata } from '../../packages/template/template-types';
import type { VersionPackageService } from '../apps/version-package.service';
import { planKubeOperation, planReleaseFailure } from '../../drivers/kubernetes/deploy/deploy.planner';
import { unavailable } from '../errors';
import type { SecretBox } from '../secrets/secret-box';
import type { InstancePorts } from './instance-ports';
import { checkComposedConfig } from '../composed/composed-version';
import { effectiveValues, validateValues, type ValueOverrides } from './values';
import { checkTemplateValues, effectiveTemplateValues, splitTemplateValues } from './values/template-values';

export function createInstancePorts(packages: VersionPackageService, secrets: SecretBox): InstancePorts {
  const chartOf = async (em: EntityManager, version: AppVersion): Promise<Chart> =>
    loadChartArchive(await packages.archive(em, version));
  const templateOf = (em: EntityManager, version: AppVersion) => templateMetadata(packages, em, version);
  return {
    plan: (op) => planKubeOperation(op),
    planFailure: (op, failedJobId) => planReleaseFailure(op, failedJobId),
    checkValues: async (em, version, overrides, storedSecrets) =>
      version.type === AppType.TEMPLATE
        ? checkTemplateValues(await templateOf(em, version), overrides, storedSecrets)
        : version.type === AppType.COMPOSED
          ? checkComposedConfig(version, overrides)
          : validateValues(await chartOf(em, version), overrides as ValueOverrides),
    effectiveValues: async (em, version, overrides) =>
      version.type === AppType.TEMPLATE
        ? effectiveTemplateValues(await templateOf(em, version), overrides)
        : version.type === AppType.COMPOSED
          ? { ...overrides }
          : effectiveValues(await chartOf(em, version), overrides as ValueOverrides),
    splitValues: async (em, version, overrides) => {
      if (version.type !== AppType.TEMPLATE) return { overrides: { ...overrides }, secrets: {} };
      const split = splitTemplateValues(await templateOf(em, version), overrides);
      return { overrides: split.plain, secrets: split.secrets };
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
