/**
 * The cluster a VM version deploys with a config: config.json checks the values (defaults filled
 * in), cluster.json.tmpl is rendered with them through the OpenPitrix renderer and the result
 * validated — all before anything is written or created. Problems come back as one readable
 * ValidationFailure naming each field.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppVersion } from '../../entities/app-version.entity';
import type { PackageIssue } from '../../packages/package-error';
import { loadVmPackage, renderCluster } from '../../packages/vm/vm-package.loader';
import { validateConfigValues } from '../../packages/vm/vm-config-values';
import type { ClusterDefinition, ConfigValues } from '../../packages/vm/vm-types';
import type { VersionPackageService } from '../apps/version-package.service';
import { ValidationFailure } from '../errors';

export interface VmCluster {
  readonly cluster: ClusterDefinition;
  readonly values: ConfigValues;
}

function failure(what: string, issues: readonly PackageIssue[]): ValidationFailure {
  const details = issues.map((i) => ({ path: i.path || 'config', message: i.message }));
  return new ValidationFailure(`${what}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
}

export async function vmClusterOf(
  em: EntityManager,
  packages: VersionPackageService,
  version: AppVersion,
  overrides: Readonly<Record<string, unknown>>,
): Promise<VmCluster | ValidationFailure> {
  const loaded = loadVmPackage(await packages.files(em, version));
  if (!loaded.ok) return failure(`The package of version ${version.name} is not a valid VM package`, loaded.issues);
  const values = validateConfigValues(loaded.pkg.config, overrides);
  if (!values.ok) return failure('Invalid config', values.issues);
  const cluster = renderCluster(loaded.pkg.clusterTemplate, values.values);
  if (!cluster.ok) return failure('The cluster rendered from this config is invalid', cluster.issues);
  return { cluster: cluster.cluster, values: values.values };
}
