/**
 * The operations on an existing instance: upgrade (another version of its app, or the same one
 * with new values: a config-only upgrade writes a new revision), rollback to an earlier
 * revision, updateInstanceConfig, stop, start, delete, recover and cease. Each checks its input
 * first, then locks the instance and goes through `startOperation` in one transaction.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppVersion } from '../../entities/app-version.entity';
import { AppType, InstanceStatus } from '../../entities/enums';
import { Instance } from '../../entities/instance.entity';
import { InstanceRevision } from '../../entities/instance-revision.entity';
import { Runtime } from '../../entities/runtime.entity';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { DomainError, InvalidStateFailure, ValidationFailure } from '../errors';
import type { InstanceAction } from './instance-operation.types';
import { lockWritableInstance, readableInstance } from './instance-access';
import { storedSecretValues } from './instance-secrets';
import { startOperation, type OperationDeps, type OperationTarget, type StartedOperation } from './instance-operation';
import { deployableVersion, overridesOf, sameApp } from './instance-target';

export type ChangeOutcome = StartedOperation | ValidationFailure | InvalidStateFailure;

/** Actions that render the instance's current version and overrides again (or act on them). */
export type PlainAction = Extract<InstanceAction, 'stop' | 'start' | 'delete' | 'recover' | 'cease'>;

/** stop, start, delete, recover, cease: the current version and overrides. */
export async function changeInstance(
  em: EntityManager,
  deps: OperationDeps,
  actor: Actor,
  id: string,
  action: PlainAction,
): Promise<ChangeOutcome> {
  actor.require(PERMISSIONS.RUNTIME_USE);
  return lockedOperation(em, deps, actor, id, action, async (instance, tx) => ({
    version: await tx.findOneOrFail(AppVersion, instance.version.id),
    overrides: instance.config ?? {},
  }));
}

/**
 * upgradeInstance: `versionId` of the same app (the current one allowed); `config` replaces the
 * overrides, or the current overrides are carried over onto the new chart's defaults.
 */
export async function upgradeInstance(
  em: EntityManager,
  deps: OperationDeps,
  actor: Actor,
  id: string,
  versionId: string,
  config: unknown,
): Promise<ChangeOutcome> {
  actor.require(PERMISSIONS.RUNTIME_USE);
  const current = await readableInstance(em, actor, id);
  const given = overridesOf(config);
  if (given instanceof ValidationFailure) return given;
  const overrides = config === null || config === undefined ? (current.config ?? {}) : given;
  const runtime = await em.findOneOrFail(Runtime, current.runtime.id);
  const version =
    versionId === current.version.id
      ? await em.findOneOrFail(AppVersion, versionId)
      : await deployableVersion(em, actor, versionId, runtime);
  if (version instanceof ValidationFailure) return version;
  const otherApp = sameApp(version, current.app.id);
  if (otherApp) return otherApp;
  const target = await checkedTarget(em, deps, version, overrides, current);
  if (target instanceof ValidationFailure) return target;
  return lockedOperation(em, deps, actor, id, 'upgrade', async () => target);
}

/** updateInstanceConfig: the same version with `config` as the new overrides. */
export async function updateInstanceConfig(
  em: EntityManager,
  deps: OperationDeps,
  actor: Actor,
  id: string,
  config: unknown,
): Promise<ChangeOutcome> {
  actor.require(PERMISSIONS.RUNTIME_USE);
  const current = await readableInstance(em, actor, id);
  const overrides = overridesOf(config);
  if (overrides instanceof ValidationFailure) return overrides;
  const version = await em.findOneOrFail(AppVersion, current.version.id);
  const target = await checkedTarget(em, deps, version, overrides, current);
  if (target instanceof ValidationFailure) return target;
  return lockedOperation(em, deps, actor, id, 'update_config', async () => target);
}

/** rollbackInstance: re-applies an earlier revision's version and overrides (default: the previous one). */
export async function rollbackInstance(
  em: EntityManager,
  deps: OperationDeps,
  actor: Actor,
  id: string,
  revision: number | null | undefined,
): Promise<ChangeOutcome> {
  actor.require(PERMISSIONS.RUNTIME_USE);
  return lockedOperation(em, deps, actor, id, 'rollback', async (instance, tx) => {
    const to = revision ?? instance.revision - 1;
    const row =
      to >= 1 && to < instance.revision
        ? await tx.findOne(InstanceRevision, { instance: instance.id, revision: to }, { populate: ['version'] })
        : null;
    if (!row)
      return new ValidationFailure(`Instance ${instance.name} has no earlier revision ${to} to roll back to`, [
        { path: 'revision', message: `must be an earlier revision (1..${instance.revision - 1})` },
      ]);
    return { version: row.version, overrides: row.config ?? {}, rollbackTo: to };
  });
}

async function checkedTarget(
  em: EntityManager,
  deps: OperationDeps,
  version: AppVersion,
  overrides: Record<string, unknown>,
  current: Instance,
): Promise<OperationTarget | ValidationFailure> {
  const stored =
    version.type === AppType.TEMPLATE
      ? Object.keys(await storedSecretValues(em, deps.ports.secrets, current.id, current.revision))
      : [];
  const invalid = await deps.ports.checkValues(em, version, overrides, stored);
  if (invalid) return invalid;
  return { version, overrides };
}

/** Locks the instance (NOT_FOUND / FORBIDDEN for others), resolves the target and starts `action`, in one transaction. */
export function lockedOperation(
  em: EntityManager,
  deps: OperationDeps,
  actor: Actor,
  id: string,
  action: InstanceAction,
  targetOf: (instance: Instance, tx: EntityManager) => Promise<OperationTarget | ValidationFailure>,
): Promise<ChangeOutcome> {
  return em.transactional(async (tx) => {
    const instance = await lockWritableInstance(tx, actor, id);
    const target = await targetOf(instance, tx);
    if (target instanceof ValidationFailure) return target;
    const runtime = await tx.findOneOrFail(Runtime, instance.runtime.id);
    return startOperation(tx, deps, actor, instance, runtime, action, target);
  });
}

/**
 * deleteRuntime(force): starts a cease of every live instance of `runtime` (not DELETED or
 * CEASED) in the caller's transaction. CONFLICT when one of them is in a transition (the caller
 * waits for it, or an administrator resets it).
 */
export async function ceaseInstancesOfRuntime(
  tx: EntityManager,
  deps: OperationDeps,
  actor: Actor,
  runtime: Runtime,
): Promise<void> {
  const live = await tx.find(
    Instance,
    { runtime: runtime.id, status: { $nin: [InstanceStatus.DELETED, InstanceStatus.CEASED] } },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { createdAt: 'asc' } },
  );
  for (const instance of live) {
    const version = await tx.findOneOrFail(AppVersion, instance.version.id);
    const started = await startOperation(tx, deps, actor, instance, runtime, 'cease', {
      version,
      overrides: instance.config ?? {},
    });
    if (started instanceof InvalidStateFailure)
      throw new DomainError('CONFLICT', `Cannot cease instance "${instance.name}": ${started.message}`);
  }
}
