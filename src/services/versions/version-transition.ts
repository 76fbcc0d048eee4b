import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { AppVersion } from '../../entities/app-version.entity';
import { User } from '../../entities/user.entity';
import { VersionAudit } from '../../entities/version-audit.entity';
import { deriveAppStatus } from '../apps/app-status';
import { InvalidStateFailure } from '../errors';
import { nextVersionStatus, type VersionAction } from './version-status.machine';

/** Who made a transition and in which capacity (written to the audit row). */
export interface TransitionActor {
  readonly userId: string;
  /** developer, isv, business, technical, app_review, admin, sync… */
  readonly role: string;
}

/** Loads a version for update (row lock held until the transaction ends); undefined when absent. */
export async function lockVersion(tx: EntityManager, id: string): Promise<AppVersion | undefined> {
  return (await tx.findOne(AppVersion, id, { lockMode: LockMode.PESSIMISTIC_WRITE })) ?? undefined;
}

/** The InvalidStateError of an illegal action. */
export const illegal = (version: AppVersion, action: string) =>
  new InvalidStateFailure(
    `Version ${version.name} is ${version.status}: ${action} is not allowed`,
    version.status,
    action,
  );

/** An applied transition: the moved version and its audit row. */
export interface AppliedTransition {
  readonly version: AppVersion;
  readonly audit: VersionAudit;
}

/**
 * Applies `action` to a locked version inside the caller's transaction: looks the next status up in
 * the table (an illegal action returns InvalidStateFailure and changes nothing), writes the audit row
 * and re-derives the app's status. Flushes.
 */
export async function transition(
  tx: EntityManager,
  version: AppVersion,
  action: VersionAction,
  by: TransitionActor,
  message?: string,
): Promise<AppVersion | InvalidStateFailure> {
  const applied = await applyTransition(tx, version, action, by, message);
  return applied instanceof InvalidStateFailure ? applied : applied.version;
}

/** `transition`, answering the audit row as well (for notifications). */
export async function applyTransition(
  tx: EntityManager,
  version: AppVersion,
  action: VersionAction,
  by: TransitionActor,
  message?: string,
): Promise<AppliedTransition | InvalidStateFailure> {
  const from = version.status;
  const to = nextVersionStatus(from, action);
  if (!to) return illegal(version, action);
  version.status = to;
  const audit = tx.create(VersionAudit, {
    version,
    action,
    fromStatus: from,
    toStatus: to,
    actor: tx.getReference(User, by.userId),
    role: by.role,
    message,
  });
  await tx.flush();
  await recomputeAppStatus(tx, version.app.id);
  return { version, audit };
}

/** Re-derives an app's status from its versions (PRODUCT.md D4). Flushes. */
export async function recomputeAppStatus(tx: EntityManager, appId: string): Promise<App> {
  const app = await tx.findOneOrFail(App, appId);
  const versions = await tx.find(AppVersion, { app: appId }, { fields: ['status'] });
  app.status = deriveAppStatus(versions.map((v) => v.status));
  await tx.flush();
  return app;
}
