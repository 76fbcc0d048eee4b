/**
 * Checks shared by the operations that pick what to render: which versions a caller may deploy
 * to a runtime (PRODUCT.md H1), and the shape of user overrides.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { AppVersion } from '../../entities/app-version.entity';
import { AppStatus, Provider, RuntimeEnvironment, VersionStatus } from '../../entities/enums';
import type { Runtime } from '../../entities/runtime.entity';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { notFound, ValidationFailure } from '../errors';
import { isUuid } from '../ids';
import { tenancy } from '../tenancy';
import { deployTargetProblem } from './deploy-targets';
import { parseOverrides } from './values';

/** Statuses a test deploy may use (everything but withdrawn versions). */
const TESTABLE: ReadonlySet<VersionStatus> = new Set([
  VersionStatus.DRAFT,
  VersionStatus.SUBMITTED,
  VersionStatus.IN_REVIEW,
  VersionStatus.PASSED,
  VersionStatus.REJECTED,
]);

/** Versions a technical reviewer may test-deploy: the ones in the review pipeline. */
const IN_REVIEW: ReadonlySet<VersionStatus> = new Set([
  VersionStatus.SUBMITTED,
  VersionStatus.IN_REVIEW,
  VersionStatus.PASSED,
]);

const invalid = (path: string, message: string) => new ValidationFailure(message, [{ path, message }]);

/** The user's overrides (null/undefined: none), checked by the values module's one rule. */
export function overridesOf(config: unknown): Record<string, unknown> | ValidationFailure {
  return parseOverrides(config);
}

/** Only Kubernetes runtimes take deploys for now (the VM clouds come with their own issue). */
export function kubernetesOnly(runtime: Runtime): ValidationFailure | undefined {
  if (runtime.provider === Provider.KUBERNETES) return undefined;
  return invalid(
    'runtimeId',
    `Runtime "${runtime.name}" is ${runtime.provider}: only Kubernetes runtimes deploy for now`,
  );
}

/**
 * The version when `actor` may deploy it to `runtime`: an ACTIVE version of an ACTIVE app (the
 * store; anyone), or — to a TEST runtime only — a version under development or review, for the
 * app's owners (developers with write access to its workspace) and technical reviewers.
 * NOT_FOUND when the caller cannot see the version at all.
 */
export async function deployableVersion(
  em: EntityManager,
  actor: Actor,
  versionId: string,
  runtime: Runtime,
): Promise<AppVersion | ValidationFailure> {
  const version = isUuid(versionId) ? await em.findOne(AppVersion, versionId) : null;
  if (!version) throw notFound('AppVersion', versionId);
  const app = await em.findOneOrFail(App, version.app.id);
  if (version.status === VersionStatus.ACTIVE && app.status === AppStatus.ACTIVE) return deployable(version, runtime);
  const owner = actor.can(PERMISSIONS.APP_DEVELOP) && actor.canWriteWorkspace(version.workspace.id);
  const reviewer = actor.can(PERMISSIONS.REVIEW_TECHNICAL) && IN_REVIEW.has(version.status);
  if (!owner && !reviewer && !tenancy.canRead(actor, version)) throw notFound('AppVersion', versionId);
  if (!(owner || reviewer) || !TESTABLE.has(version.status))
    return invalid('versionId', `Version ${version.name} is ${version.status}: only ACTIVE versions deploy`);
  if (runtime.environment !== RuntimeEnvironment.TEST)
    return invalid(
      'runtimeId',
      `Version ${version.name} is ${version.status}: owners and technical reviewers deploy it to TEST runtimes only`,
    );
  return deployable(version, runtime);
}

function deployable(version: AppVersion, runtime: Runtime): AppVersion | ValidationFailure {
  return deployTargetProblem(version, runtime) ?? version;
}

/** A version of the instance's app (upgrades stay within one app). */
export function sameApp(version: AppVersion, appId: string): ValidationFailure | undefined {
  if (version.app.id === appId) return undefined;
  return invalid('versionId', `Version ${version.name} belongs to another app`);
}
