/**
 * Starting an instance operation, the one path every mutation takes inside its transaction:
 * check the state table and take the transition lock, write the revision row (operations that
 * render a new revision), create the job whose input is the InstanceOperation and whose tasks the
 * planner gives (with the runtime's concurrency cap), and record the instance event — so the
 * instance change, job, tasks, outbox rows and event commit together or not at all.
 */
import type { EntityManager as CoreEntityManager } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppVersion } from '../../entities/app-version.entity';
import { AppType } from '../../entities/enums';
import type { Instance } from '../../entities/instance.entity';
import { InstanceRevision } from '../../entities/instance-revision.entity';
import type { Job } from '../../entities/job.entity';
import type { Runtime } from '../../entities/runtime.entity';
import type { CommitAnnouncer } from '../../events/event-hub';
import { recordInstanceEvent } from '../../events/instance-events';
import { createJob } from '../../jobs/job.service';
import type { CreateJobInput } from '../../jobs/job.types';
import { isJobEngineError } from '../../jobs/errors';
import type { Actor } from '../auth/actor';
import { InvalidStateFailure, ValidationFailure } from '../errors';
import { vmActionSupported } from '../../drivers/vm/deploy/vm.planner';
import type { VmOperation } from '../../drivers/vm/vm-operation.types';
import type { InstanceAction, InstanceOperation } from './instance-operation.types';
import type { InstancePorts } from './instance-ports';
import { sealSecretValues, storedSecretValues } from './instance-secrets';
import { lockFor } from './instance-status.machine';
import { composedLayersOf } from '../composed/composed-version';

/** Operations that render and record a new revision (the others act on the current one). */
const WRITES_REVISION: ReadonlySet<InstanceAction> = new Set([
  'deploy',
  'upgrade',
  'rollback',
  'update_config',
  'recover',
]);

export interface OperationDeps {
  readonly events: CommitAnnouncer;
  readonly ports: InstancePorts;
  /** Readiness deadline of one operation. */
  readonly timeoutMs: number;
}

/** What an operation renders: the version and overrides (rollback: those of `rollbackTo`). */
export interface OperationTarget {
  readonly version: AppVersion;
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly rollbackTo?: number;
  /** VM operations that change the cluster (scale, resize): applied to the rendered VM part. */
  readonly reshapeVm?: (vm: VmOperation) => VmOperation;
}

export interface StartedOperation {
  readonly instance: Instance;
  readonly job: Job;
}

/** The highest revision number written for the instance (0 before its first). */
export async function lastRevision(tx: EntityManager, instanceId: string): Promise<number> {
  const rows = await tx.find(InstanceRevision, { instance: instanceId }, { orderBy: { revision: 'desc' }, limit: 1 });
  return rows[0]?.revision ?? 0;
}

/**
 * Applies `action` to the row-locked `instance` (flushing it), or returns InvalidStateFailure
 * and changes nothing. Operations that write a revision set the instance's version, config and
 * revision to the new one: the instance shows what was last asked for, its revisions what happened.
 */
export async function startOperation(
  tx: EntityManager,
  deps: OperationDeps,
  actor: Actor,
  instance: Instance,
  runtime: Runtime,
  action: InstanceAction,
  target: OperationTarget,
): Promise<StartedOperation | InvalidStateFailure> {
  const lock = lockFor(instance, action);
  if (lock instanceof InvalidStateFailure) return lock;
  const vm = await vmPartOf(tx, deps, instance, runtime, action, target);
  if (vm instanceof InvalidStateFailure) return vm;
  const writes = WRITES_REVISION.has(action);
  const revision = writes ? (await lastRevision(tx, instance.id)) + 1 : instance.revision;
  const from = instance.status;
  const values = writes ? await revisionValues(tx, deps, instance, revision, target) : null;
  const plain = values ? { ...target, overrides: values.overrides } : target;
  instance.transitionStatus = lock;
  if (writes) {
    instance.version = target.version;
    instance.config = { ...plain.overrides };
    instance.revision = revision;
  }
  await tx.flush();
  const op: InstanceOperation = {
    ...operationOf(instance, runtime, action, revision, plain, deps.timeoutMs),
    ...(vm ? { vm: target.reshapeVm ? target.reshapeVm(vm) : vm } : {}),
  };
  const job = await createInstanceJob(tx, deps, actor, instance, runtime, op);
  if (writes) {
    tx.create(InstanceRevision, {
      instance,
      revision,
      version: target.version,
      config: { ...plain.overrides },
      status: 'pending',
      action,
      jobId: job.id,
      sealedValues: values?.sealed ?? null,
    });
    await tx.flush();
  }
  await recordStatusEvent(tx, deps.events, instance, job.id, `${from} --${action}--> ${lock} by ${actor.username}`);
  return { instance, job };
}

/**
 * The new revision's plain overrides and sealed secret values: secret ones given now over the
 * ones carried from the revision it follows (rollback: the target revision's, as they were).
 */
async function revisionValues(
  tx: EntityManager,
  deps: OperationDeps,
  instance: Instance,
  revision: number,
  target: OperationTarget,
): Promise<{ overrides: Record<string, unknown>; sealed: string | null }> {
  const split = await deps.ports.splitValues(tx, target.version, target.overrides);
  const from = target.rollbackTo ?? revision - 1;
  const carried =
    from >= 1 && target.version.type === AppType.TEMPLATE
      ? await storedSecretValues(tx, deps.ports.secrets, instance.id, from)
      : {};
  const secrets = { ...carried, ...split.secrets };
  const sealed =
    Object.keys(secrets).length > 0 ? sealSecretValues(deps.ports.secrets, instance.id, revision, secrets) : null;
  return { overrides: split.overrides, sealed };
}

/**
 * The VM part of an operation on a VM version (the cluster rendered from the target's config);
 * undefined for other types; InvalidStateFailure for an action VM instances do not have yet.
 */
async function vmPartOf(
  tx: EntityManager,
  deps: OperationDeps,
  instance: Instance,
  runtime: Runtime,
  action: InstanceAction,
  target: OperationTarget,
): Promise<VmOperation | InvalidStateFailure | undefined> {
  if (target.version.type !== AppType.VM) return undefined;
  if (!vmActionSupported(action))
    return new InvalidStateFailure(`VM instances cannot ${action.replace('_', ' ')} yet`, instance.status, action);
  const placement = {
    clusterId: instance.id,
    name: instance.name,
    appVersion: target.version.name,
    zone: runtime.zone ?? '',
    subnetId: runtime.subnetId ?? '',
    ownerId: instance.owner.id,
  };
  const vm = await deps.ports.vmOperation(tx, target.version, target.overrides, placement).catch((err: unknown) => {
    if (TEARDOWN.has(action)) return null;
    throw err;
  });
  // A teardown never depends on the package: without it, nodes are still found and removed by tag.
  if (vm === null || (vm instanceof ValidationFailure && TEARDOWN.has(action))) return teardownOnly(placement);
  // The config was checked when it was given (deploy, update): a failure here is a changed package.
  if (vm instanceof ValidationFailure)
    throw new Error(`The cluster of instance ${instance.id} no longer renders: ${vm.message}`);
  return vm;
}

/** Actions that remove a cluster: they must work when its package can no longer be read or rendered. */
const TEARDOWN: ReadonlySet<InstanceAction> = new Set(['delete', 'cease']);

/** A VM operation with no roles: teardown finds the nodes by the instance's tag and runs no `destroy` service. */
function teardownOnly(placement: Omit<VmOperation, 'roles' | 'nodes' | 'env' | 'links'>): VmOperation {
  return { ...placement, roles: [], nodes: [], env: {}, links: {} };
}

function operationOf(
  instance: Instance,
  runtime: Runtime,
  action: InstanceAction,
  revision: number,
  target: OperationTarget,
  timeoutMs: number,
): InstanceOperation {
  const layers = composedLayersOf(target.version);
  return {
    action,
    instanceId: instance.id,
    runtimeId: runtime.id,
    namespace: runtime.namespace ?? 'default',
    releaseName: instance.name,
    revision,
    versionId: target.version.id,
    overrides: { ...target.overrides },
    ...(target.rollbackTo !== undefined ? { rollbackTo: target.rollbackTo } : {}),
    timeoutMs,
    appType: target.version.type,
    ...(layers ? { layers } : {}),
  };
}

/** The job of `op`: tasks from the planner, capped per runtime. Throws on an engine refusal (a planner bug). */
async function createInstanceJob(
  tx: EntityManager,
  deps: OperationDeps,
  actor: Actor,
  instance: Instance,
  runtime: Runtime,
  op: InstanceOperation,
): Promise<Job> {
  const input: CreateJobInput & { concurrency?: { key: string; limit: number } } = {
    action: op.action,
    instanceId: instance.id,
    ownerId: actor.userId,
    workspaceId: instance.workspace.id,
    input: { ...op },
    tasks: deps.ports.plan(op),
    concurrency: { key: `runtime:${runtime.id}`, limit: runtime.concurrency },
  };
  const job = await createJob(tx, deps.events, input);
  if (isJobEngineError(job)) throw new Error(`The ${op.action} plan was refused by the job engine: ${job.message}`);
  return job;
}

/** Records an `instance.status` event (the instance's audit trail) in `tx`. */
export async function recordStatusEvent(
  tx: CoreEntityManager,
  events: CommitAnnouncer,
  instance: Instance,
  jobId: string | undefined,
  message: string,
): Promise<void> {
  const written = await recordInstanceEvent(tx, events, instance.id, {
    kind: 'instance.status',
    status: instance.transitionStatus ?? instance.status,
    message,
    ...(jobId ? { jobId } : {}),
  });
  if (written instanceof Error) throw written;
}
