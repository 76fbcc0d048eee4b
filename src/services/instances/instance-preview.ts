/**
 * previewDeploy / previewInstanceUpgrade (PRODUCT.md H10): the target revision is rendered
 * against the live cluster and compared with it by a worker (a short job of one
 * `PREVIEW_TASK_ACTION` task; API processes never open credentials), awaited with a deadline.
 * Nothing is applied and nothing of the instance changes.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppVersion } from '../../entities/app-version.entity';
import { Runtime } from '../../entities/runtime.entity';
import type { EventHub } from '../../events/event-hub';
import type { JobHooks } from '../../jobs/job-hooks';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { InvalidStateFailure, ValidationFailure } from '../errors';
import { tenancy } from '../tenancy';
import { readableInstance } from './instance-access';
import { checkDeploy, type DeployRequest } from './instance-deploy';
import type { InstanceOperation } from './instance-operation.types';
import type { InstancePorts } from './instance-ports';
import { lockFor } from './instance-status.machine';
import { deployableVersion, overridesOf, sameApp } from './instance-target';
import { runShortJob } from './short-job';

/** The task action of a preview (registered by the deploy pipeline's processors). */
export const PREVIEW_TASK_ACTION = 'kube.preview';

/** A preview's input: the operation it previews; `instanceId` null for a deploy (no instance yet). */
export type PreviewOperation = Omit<InstanceOperation, 'instanceId' | 'action'> & {
  readonly action: 'deploy' | 'upgrade';
  readonly instanceId: string | null;
  /** The deployed revision compared against (upgrade), for objects the target no longer has. */
  readonly currentRevision: number | null;
};

export interface ObjectChange {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | null;
  readonly action: 'ADD' | 'CHANGE' | 'REMOVE' | 'UNCHANGED';
  readonly diff: string | null;
}

/** The preview task's result (GraphQL InstancePreview). */
export interface InstancePreview {
  readonly changes: readonly ObjectChange[];
  readonly removedValueKeys: readonly string[];
  readonly warnings: readonly string[];
}

export interface PreviewDeps {
  readonly events: EventHub;
  readonly hooks: JobHooks;
  readonly ports: InstancePorts;
  readonly timeoutMs: number;
  readonly deadlineMs?: number;
}

export type PreviewOutcome = InstancePreview | ValidationFailure | InvalidStateFailure;

export async function previewDeploy(
  em: EntityManager,
  deps: PreviewDeps,
  actor: Actor,
  input: DeployRequest,
): Promise<PreviewOutcome> {
  const checked = await checkDeploy(em, deps, actor, input);
  if (checked instanceof ValidationFailure) return checked;
  return runPreview(em, deps, actor, checked.runtime, {
    action: 'deploy',
    instanceId: null,
    runtimeId: checked.runtime.id,
    namespace: checked.runtime.namespace ?? 'default',
    releaseName: checked.name,
    revision: 1,
    versionId: checked.version.id,
    appType: checked.version.type,
    overrides: checked.overrides,
    timeoutMs: deps.timeoutMs,
    currentRevision: null,
  });
}

export async function previewInstanceUpgrade(
  em: EntityManager,
  deps: PreviewDeps,
  actor: Actor,
  id: string,
  versionId: string,
  config: unknown,
): Promise<PreviewOutcome> {
  actor.require(PERMISSIONS.RUNTIME_USE);
  const instance = tenancy.assertWritable(actor, await readableInstance(em, actor, id), 'Instance', id);
  const refused = lockFor(instance, 'upgrade');
  if (refused instanceof InvalidStateFailure) return refused;
  const given = overridesOf(config);
  if (given instanceof ValidationFailure) return given;
  const overrides = config === null || config === undefined ? (instance.config ?? {}) : given;
  const runtime = await em.findOneOrFail(Runtime, instance.runtime.id);
  const version =
    versionId === instance.version.id
      ? await em.findOneOrFail(AppVersion, versionId)
      : await deployableVersion(em, actor, versionId, runtime);
  if (version instanceof ValidationFailure) return version;
  const invalid = sameApp(version, instance.app.id) ?? (await valuesProblem(em, deps, version, overrides));
  if (invalid) return invalid;
  return runPreview(em, deps, actor, runtime, {
    action: 'upgrade',
    instanceId: instance.id,
    runtimeId: runtime.id,
    namespace: runtime.namespace ?? 'default',
    releaseName: instance.name,
    revision: instance.revision + 1,
    versionId: version.id,
    appType: version.type,
    overrides,
    timeoutMs: deps.timeoutMs,
    currentRevision: instance.revision,
  });
}

async function valuesProblem(
  em: EntityManager,
  deps: PreviewDeps,
  version: AppVersion,
  overrides: Record<string, unknown>,
): Promise<ValidationFailure | undefined> {
  return (await deps.ports.checkValues(em, version, overrides)) ?? undefined;
}

async function runPreview(
  em: EntityManager,
  deps: PreviewDeps,
  actor: Actor,
  runtime: Runtime,
  op: PreviewOperation,
): Promise<PreviewOutcome> {
  const answer = await runShortJob(
    em,
    deps,
    {
      action: 'preview',
      subject: op.instanceId ? `instance:${op.instanceId}` : `runtime:${runtime.id}`,
      ownerId: actor.userId,
      workspaceId: runtime.workspace.id,
      input: { ...op },
      tasks: [{ key: 'preview', action: PREVIEW_TASK_ACTION, input: { ...op }, maxAttempts: 2 }],
    },
    deps.deadlineMs,
  );
  if (!answer.ok)
    return new ValidationFailure(`The preview failed: ${answer.error}`, [{ path: 'preview', message: answer.error }]);
  const result = answer.result as Partial<InstancePreview>;
  return {
    changes: result.changes ?? [],
    removedValueKeys: result.removedValueKeys ?? [],
    warnings: result.warnings ?? [],
  };
}
