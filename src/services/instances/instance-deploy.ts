/** deployInstance: a new instance (its own Helm release) of a version on a Kubernetes runtime. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { InstanceStatus } from '../../entities/enums';
import type { AppVersion } from '../../entities/app-version.entity';
import { Instance } from '../../entities/instance.entity';
import { Runtime } from '../../entities/runtime.entity';
import { User } from '../../entities/user.entity';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import {
  type InvalidStateFailure,
  NameTakenFailure,
  nameTakenOnConflict,
  notFound,
  ValidationFailure,
} from '../errors';
import { isUuid } from '../ids';
import { tenancy } from '../tenancy';
import { deploymentModeProblem } from '../app-keys/deployment-mode';
import { releaseNameProblem } from './instance-names';
import { startOperation, type OperationDeps, type StartedOperation } from './instance-operation';
import { deployableVersion, overridesOf } from './instance-target';

export interface DeployRequest {
  readonly versionId: string;
  readonly runtimeId: string;
  readonly name: string;
  readonly description?: string | null;
  readonly config?: unknown;
}

/** A started deploy; `appSecret` is the new instance's AppSecret, shown this once (services/app-keys). */
export type StartedDeploy = StartedOperation & { readonly appSecret?: string };

export type DeployOutcome = StartedDeploy | ValidationFailure | NameTakenFailure | InvalidStateFailure;

/** Issues an instance's AppKey/AppSecret inside the deploy transaction (services/app-keys). */
export interface AppKeyIssuer {
  issue(tx: EntityManager, instance: Instance, version: AppVersion, actorId: string): Promise<{ appSecret: string }>;
}

/** A live runtime of the caller's workspaces that it may deploy to; NOT_FOUND otherwise. */
export async function writableRuntime(em: EntityManager, actor: Actor, id: string): Promise<Runtime> {
  const runtime = isUuid(id) ? await em.findOne(Runtime, { id, status: 'active' }) : null;
  if (!runtime) throw notFound('Runtime', id);
  return tenancy.assertWritable(actor, runtime, 'Runtime', id);
}

/**
 * Checks everything (name, runtime, version, values against the chart's schema) before writing;
 * then, in one transaction, creates the PENDING instance in the runtime's workspace locked
 * CREATING, revision 1 and the deploy job. The name is unique per owner among instances that
 * are not CEASED (NameTakenError, also when a concurrent deploy takes it first).
 */
export async function deployInstance(
  em: EntityManager,
  deps: OperationDeps & { readonly appKeys?: AppKeyIssuer },
  actor: Actor,
  input: DeployRequest,
): Promise<DeployOutcome> {
  const checked = await checkDeploy(em, deps, actor, input);
  if (checked instanceof ValidationFailure) return checked;
  const taken = () => new NameTakenFailure(`You already have an instance named "${checked.name}"`);
  return nameTakenOnConflict(
    () => em.transactional((tx) => createDeployedInstance(tx, deps, actor, checked, input.description)),
    taken,
  );
}

/**
 * Inside the caller's transaction: the PENDING instance of a checked deploy in the runtime's
 * workspace, locked CREATING, with revision 1 and its deploy job (NameTakenFailure when the owner
 * or the runtime already has a live instance of that name).
 */
export async function createDeployedInstance(
  tx: EntityManager,
  deps: OperationDeps & { readonly appKeys?: AppKeyIssuer },
  actor: Actor,
  checked: CheckedDeploy,
  description?: string | null,
): Promise<StartedDeploy | NameTakenFailure | InvalidStateFailure> {
  const { name, overrides, runtime, version } = checked;
  if (await tx.count(Instance, { owner: actor.userId, name, status: { $ne: InstanceStatus.CEASED } }))
    return new NameTakenFailure(`You already have an instance named "${name}"`);
  if (await tx.count(Instance, { runtime: runtime.id, name: name, status: { $ne: InstanceStatus.CEASED } }))
    return new NameTakenFailure(`Release "${name}" already belongs to an instance on runtime "${runtime.name}"`);
  const instance = tx.create(Instance, {
    name,
    description: description?.trim() || undefined,
    app: version.app,
    version,
    runtime,
    owner: tx.getReference(User, actor.userId),
    workspace: runtime.workspace,
    config: overrides,
  });
  const started = await startOperation(tx, deps, actor, instance, runtime, 'deploy', { version, overrides });
  if (!deps.appKeys || !('job' in started)) return started;
  const { appSecret } = await deps.appKeys.issue(tx, instance, version, actor.userId);
  return { ...started, appSecret };
}

/** A deploy request that passed every check (deployInstance and previewDeploy). */
export interface CheckedDeploy {
  readonly name: string;
  readonly overrides: Record<string, unknown>;
  readonly runtime: Runtime;
  readonly version: AppVersion;
}

/** Checks name, runtime, version and values; writes nothing. */
export async function checkDeploy(
  em: EntityManager,
  deps: Pick<OperationDeps, 'ports'>,
  actor: Actor,
  input: DeployRequest,
): Promise<CheckedDeploy | ValidationFailure> {
  actor.require(PERMISSIONS.RUNTIME_USE);
  const name = input.name.trim();
  const nameProblem = releaseNameProblem(name);
  if (nameProblem) return new ValidationFailure(`Invalid instance name: ${nameProblem.message}`, [nameProblem]);
  const overrides = overridesOf(input.config);
  if (overrides instanceof ValidationFailure) return overrides;
  const runtime = await writableRuntime(em, actor, input.runtimeId);
  const version = await deployableVersion(em, actor, input.versionId, runtime);
  if (version instanceof ValidationFailure) return version;
  const misplaced = deploymentModeProblem(await em.findOneOrFail(App, version.app.id), runtime);
  if (misplaced) return misplaced;
  const invalid = await deps.ports.checkValues(em, version, overrides);
  if (invalid) return invalid;
  return { name, overrides, runtime, version };
}
