/**
 * The one rule of deployment modes (seed 003): an app that declares no deployment mode (or
 * CLOUD_HOSTED) deploys to any runtime; an EDGE_HOSTED app only to runtimes labelled
 * `edge: "true"` (edge clusters).
 */
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { AppVersion } from '../../entities/app-version.entity';
import { AppStatus, VersionStatus } from '../../entities/enums';
import type { Runtime } from '../../entities/runtime.entity';
import type { Actor } from '../auth/actor';
import { notFound, ValidationFailure } from '../errors';
import { isUuid } from '../ids';
import { DEPLOY_TARGETS } from '../instances/deploy-targets';
import { tenancy } from '../tenancy';

export const EDGE_LABEL = 'edge';

export function isEdgeRuntime(runtime: Runtime): boolean {
  return runtime.labels?.[EDGE_LABEL] === 'true';
}

/** True when an app of `deploymentMode` may deploy to `runtime`. */
export function runtimeFits(deploymentMode: string | null | undefined, runtime: Runtime): boolean {
  return deploymentMode !== 'EDGE_HOSTED' || isEdgeRuntime(runtime);
}

/** A ValidationFailure naming the rule when `app` may not deploy to `runtime`. */
export function deploymentModeProblem(app: App, runtime: Runtime): ValidationFailure | undefined {
  if (runtimeFits(app.deploymentMode, runtime)) return undefined;
  const message = `App "${app.name}" is edge-hosted: it deploys only to runtimes labelled edge: "true", and runtime "${runtime.name}" is not`;
  return new ValidationFailure(message, [{ path: 'runtimeId', message }], 'DEPLOYMENT_MODE');
}

/**
 * runtimes(forVersionId): the runtimes a deploy form offers for a version — of a provider its
 * type deploys to and, for an edge-hosted app, labelled edge. NOT_FOUND when the caller cannot
 * see the version (neither in the store nor in its workspaces).
 */
export async function runtimesFilterForVersion(
  em: EntityManager,
  actor: Actor,
  versionId: string,
): Promise<FilterQuery<Runtime>> {
  const version = isUuid(versionId) ? await em.findOne(AppVersion, versionId) : null;
  if (!version) throw notFound('AppVersion', versionId);
  const app = await em.findOneOrFail(App, version.app.id);
  const inStore = version.status === VersionStatus.ACTIVE && app.status === AppStatus.ACTIVE;
  if (!inStore && !tenancy.canRead(actor, version)) throw notFound('AppVersion', versionId);
  return {
    provider: { $in: [...DEPLOY_TARGETS[version.type]] },
    ...(app.deploymentMode === 'EDGE_HOSTED' ? { labels: { [EDGE_LABEL]: 'true' } } : {}),
  } as FilterQuery<Runtime>;
}
