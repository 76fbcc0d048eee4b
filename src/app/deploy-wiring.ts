/**
 * Composition of the Kubernetes deploy pipeline for a Marina process: the processors' ports
 * (credential opened in the worker, chart from the version's package, HELM's release store,
 * VALUES' removed keys) and their registration on the job engine. The release-failure follow-up
 * (planReleaseFailure) is queued by the instance settlement's job-finished hook.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadChartArchive, type Chart } from '@marina/helm';
import type { DeployPorts } from '../drivers/kubernetes/deploy/deploy-ports';
import { registerDeployProcessors } from '../drivers/kubernetes/deploy/deploy.processors';
import { HelmReleasePort } from '../drivers/kubernetes/deploy/helm-release.port';
import { KubeConnectionPool } from '../drivers/kubernetes/deploy/kube-connection-pool';
import { AppRenderers } from '../drivers/kubernetes/deploy/renderers/app-renderers';
import { helmRenderer } from '../drivers/kubernetes/deploy/renderers/helm.renderer';
import { templateRenderer } from '../drivers/kubernetes/deploy/renderers/template.renderer';
import { composedRenderer } from '../drivers/kubernetes/composed/composed.renderer';
import { readAdoptableRelease } from '../drivers/kubernetes/helm/adopt-reader';
import { HELM_FIELD_MANAGER } from '../drivers/kubernetes/helm/field-manager.policy';
import { connectKube } from '../drivers/kubernetes/kube-connection';
import { openRuntimeTarget } from '../drivers/runtime-target';
import { AppVersion } from '../entities/app-version.entity';
import { DriverError } from '../jobs/errors';
import type { JobEngine } from '../jobs/job.engine';
import type { VersionPackageService } from '../services/apps/version-package.service';
import { chartDefaults, chartSchema, removedValueKeys } from '../services/instances/values';
import { storedSecretValues } from '../services/instances/instance-secrets';
import type { InstanceOperation } from '../services/instances/instance-operation.types';
import type { Platform } from '../services/platform';

/** Grace period during which a custom resource whose status is still empty counts as progressing. */
export const CR_GRACE_MS = 30_000;

/** Loaded charts by version and package (a version's package never changes under the same key). */
const CHART_CACHE_SIZE = 8;

/**
 * The deploy ports of one process. Cluster connections are shared per runtime through a
 * {@link KubeConnectionPool} (the credential is still opened for every task, so a changed one is
 * used from the next task on).
 */
export function createDeployPorts(
  platform: Platform,
  packages: VersionPackageService,
  pool = new KubeConnectionPool(),
): DeployPorts {
  const charts = new Map<string, Chart>();
  const ports: Omit<DeployPorts, 'renderers'> = {
    connect: async (em, runtimeId) => {
      const target = await openRuntimeTarget(em, platform.secrets, runtimeId);
      const kubeconfig = target.secret.kubeconfig;
      if (!kubeconfig) throw new DriverError('KUBE_NO_KUBECONFIG', `runtime ${runtimeId} has no kubeconfig`, false);
      const fingerprint = createHash('sha256').update(`${target.trusted}\n${kubeconfig}`).digest('hex');
      return pool.lease(runtimeId, fingerprint, () =>
        connectKube(kubeconfig, { trusted: target.trusted, policy: platform.outbound }),
      );
    },
    chart: async (em, versionId) => {
      const version = await (em as EntityManager).findOne(AppVersion, versionId);
      if (!version) throw new DriverError('VERSION_NOT_FOUND', `app version ${versionId} does not exist`, false);
      const key = `${version.id}:${version.packageAttachmentId ?? version.digest}`;
      const cached = charts.get(key);
      if (cached) return cached;
      const chart = loadChartArchive(await packages.archive(em as EntityManager, version));
      if (charts.size >= CHART_CACHE_SIZE) charts.delete(charts.keys().next().value as string);
      charts.set(key, chart);
      return chart;
    },
    releases: (conn, namespace, name) => new HelmReleasePort(conn, namespace, name),
    removedValueKeys: (overrides, chart) =>
      removedValueKeys(overrides as Parameters<typeof removedValueKeys>[0], chartDefaults(chart), chartSchema(chart)),
    adopt: (conn, namespace, name) => readAdoptableRelease(conn, namespace, name),
    fieldManager: HELM_FIELD_MANAGER,
    crGraceMs: CR_GRACE_MS,
    results: platform.secrets,
  };
  return { ...ports, renderers: appRenderers(platform, packages, ports) };
}

/** One renderer per deployable app type (one line each). */
function appRenderers(
  platform: Platform,
  packages: VersionPackageService,
  ports: Omit<DeployPorts, 'renderers'>,
): AppRenderers {
  const secretValues = (em: EntityManager, op: InstanceOperation) =>
    storedSecretValues(em, platform.secrets, op.instanceId, op.revision);
  const packageFiles = async (em: EntityManager, versionId: string) =>
    packages.files(em, await versionOf(em, versionId));
  return new AppRenderers([
    helmRenderer(ports),
    templateRenderer({ files: (em, version) => packages.files(em, version), secretValues }),
    composedRenderer({ packageFiles }),
  ]);
}

async function versionOf(em: EntityManager, versionId: string): Promise<AppVersion> {
  const version = await em.findOne(AppVersion, versionId);
  if (!version) throw new DriverError('VERSION_NOT_FOUND', `app version ${versionId} does not exist`, false);
  return version;
}

/** Registers the deploy processors on `engine`. */
export function registerDeployPipeline(engine: JobEngine, ports: DeployPorts): void {
  registerDeployProcessors((action, processor) => engine.registerProcessor(action, processor), ports);
}
