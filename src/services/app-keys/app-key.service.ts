/**
 * Per-instance identity (PRODUCT.md H8, seed 003): every deployed instance gets an AppKey and an
 * AppSecret carrying the permissions its version declares (./app-declarations.ts). The secret is
 * returned once (deploy, rotate), kept only as a salted scrypt hash for verification and sealed
 * for the worker that writes it into the workload namespace as the Secret `<instance>-appkey`
 * (keys APP_KEY, APP_SECRET). Rotation replaces it (the old one stops verifying); revocation
 * removes key, secret and Secret.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppVersion } from '../../entities/app-version.entity';
import { InstanceStatus } from '../../entities/enums';
import { Instance } from '../../entities/instance.entity';
import type { CommitAnnouncer } from '../../events/event-hub';
import { createJob } from '../../jobs/job.service';
import { isJobEngineError } from '../../jobs/errors';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { InvalidStateFailure } from '../errors';
import { lockWritableInstance } from '../instances/instance-access';
import type { SecretBox } from '../secrets/secret-box';
import { identityOf, NO_IDENTITY, type AppIdentity } from './app-declarations';
import { appSecretAad, hashAppSecret, newAppKey, newAppSecret, verifyAppSecret } from './app-secret';
import { APP_KEY_TASK_ACTION } from './app-key.task';

/** verifyAppKey's answer: the declared permissions when the pair is valid, nothing else. */
export interface AppKeyVerification {
  readonly valid: boolean;
  readonly identity: AppIdentity;
}

/** An issued pair; the secret is shown to the caller this once. */
export interface IssuedAppKey {
  readonly appKey: string;
  readonly appSecret: string;
}

const KEY_SHAPE = /^ak_[0-9a-f]{24}$/;

/** The identity a version declares (stored in its metadata at upload), or none. */
export function declaredIdentity(version: AppVersion): AppIdentity {
  const raw = version.metadata?.identity;
  if (raw === undefined) return NO_IDENTITY;
  const problems: { path: string; message: string }[] = [];
  const identity = identityOf(raw, problems);
  return problems.length ? NO_IDENTITY : identity;
}

export class AppKeyService {
  constructor(
    private readonly secrets: SecretBox,
    private readonly events: CommitAnnouncer,
  ) {}

  /**
   * Gives `instance` (created in `tx`, not yet flushed or already) a new pair with `version`'s
   * declared identity and queues the job writing its Secret; returns the pair.
   */
  async issue(tx: EntityManager, instance: Instance, version: AppVersion, actorId: string): Promise<IssuedAppKey> {
    instance.appIdentity = { ...declaredIdentity(version) };
    return this.replace(tx, instance, actorId);
  }

  /** rotateAppKey: a new secret (and key) for an instance the caller may change; the old pair stops verifying. */
  async rotate(em: EntityManager, actor: Actor, instanceId: string): Promise<IssuedAppKey | InvalidStateFailure> {
    actor.require(PERMISSIONS.RUNTIME_USE);
    return em.transactional(async (tx) => {
      const instance = await lockWritableInstance(tx, actor, instanceId);
      if (instance.status === InstanceStatus.CEASED)
        return new InvalidStateFailure('A ceased instance has no identity', instance.status, 'rotateAppKey');
      if (!instance.appIdentity) {
        const version = await tx.findOneOrFail('AppVersion', instance.version.id);
        instance.appIdentity = { ...declaredIdentity(version as AppVersion) };
      }
      return this.replace(tx, instance, actor.userId);
    });
  }

  /** revokeAppKey: no pair verifies any more and the workload's Secret is removed. */
  async revoke(em: EntityManager, actor: Actor, instanceId: string): Promise<Instance> {
    actor.require(PERMISSIONS.RUNTIME_USE);
    return em.transactional(async (tx) => {
      const instance = await lockWritableInstance(tx, actor, instanceId);
      instance.appKey = null;
      instance.appSecretHash = null;
      instance.appSecretCiphertext = null;
      await tx.flush();
      await this.queueSecretWrite(tx, instance, actor.userId);
      return instance;
    });
  }

  /**
   * verifyAppKey: valid with the declared permissions, or invalid with none. A miss costs about
   * what a hit costs (a decoy hash is checked), and nothing about the instance is returned.
   */
  async verify(em: EntityManager, appKey: string, appSecret: string): Promise<AppKeyVerification> {
    const instance = KEY_SHAPE.test(appKey)
      ? await em.findOne(Instance, { appKey }, { fields: ['id', 'appSecretHash', 'appIdentity', 'status'] })
      : null;
    const stored = instance && instance.status !== InstanceStatus.CEASED ? (instance.appSecretHash ?? null) : null;
    const valid = await verifyAppSecret(appSecret, stored);
    if (!valid) return { valid: false, identity: NO_IDENTITY };
    const problems: { path: string; message: string }[] = [];
    return { valid: true, identity: identityOf(instance!.appIdentity ?? NO_IDENTITY, problems) };
  }

  /**
   * After delete or recover: queues the job that removes the workload's Secret with the
   * workloads, or writes it again (nothing for an instance without a pair).
   */
  async followWorkloads(em: EntityManager, instance: Instance, actorId: string): Promise<void> {
    if (!instance.appKey) return;
    await em.transactional((tx) => this.queueSecretWrite(tx, instance, actorId));
  }

  private async replace(tx: EntityManager, instance: Instance, actorId: string): Promise<IssuedAppKey> {
    const appKey = newAppKey();
    const appSecret = newAppSecret();
    instance.appKey = appKey;
    instance.appSecretHash = await hashAppSecret(appSecret);
    instance.appSecretCiphertext = this.secrets.seal(appSecret, appSecretAad(instance.id));
    await tx.flush();
    await this.queueSecretWrite(tx, instance, actorId);
    return { appKey, appSecret };
  }

  /** The job that makes the workload's Secret match the row (written, or removed once revoked). */
  private async queueSecretWrite(tx: EntityManager, instance: Instance, actorId: string): Promise<void> {
    const job = await createJob(tx, this.events, {
      action: 'instance-appkey',
      subject: `instance:${instance.id}`,
      ownerId: actorId,
      workspaceId: instance.workspace.id,
      input: { instanceId: instance.id },
      tasks: [{ key: 'appkey', action: APP_KEY_TASK_ACTION, input: { instanceId: instance.id }, maxAttempts: 5 }],
    });
    if (isJobEngineError(job)) throw new Error(`The AppKey job was refused: ${job.message}`);
  }
}
