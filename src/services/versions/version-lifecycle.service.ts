import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppVersion } from '../../entities/app-version.entity';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { badInput, InvalidStateFailure, notFound } from '../errors';
import { isUuid } from '../ids';
import type { SettingsService } from '../settings/settings.service';
import { tenancy } from '../tenancy';
import type { VersionNotices } from '../notifications/version-notices';
import { closeOpenReview, findOpenReview, openReview } from '../reviews/review-rows';
import { applyTransition, lockVersion, transition, type TransitionActor } from './version-transition';

export type VersionOutcome = AppVersion | InvalidStateFailure;

const MAX_CHANGELOG = 65536;

/**
 * The developer's and the store manager's version transitions (PRODUCT.md D3): submit, cancel,
 * release, suspend, recover, delete and edit (updateAppVersion). Each runs in one transaction that
 * locks the version, checks the state table, writes the audit row and re-derives the app status;
 * an illegal action returns InvalidStateFailure and changes nothing.
 */
export class VersionLifecycleService {
  constructor(
    private readonly settings: SettingsService,
    private readonly notices: VersionNotices,
  ) {}

  /** DRAFT → SUBMITTED into the current review pipeline (the ISV stage passes by itself when the submitter holds it). */
  submit(em: EntityManager, actor: Actor, id: string): Promise<VersionOutcome> {
    return this.asDeveloper(em, actor, id, async (tx, version, by) => {
      const applied = await applyTransition(tx, version, 'submit', by);
      if (applied instanceof InvalidStateFailure) return applied;
      const review = await openReview(tx, actor, applied.version, (await this.settings.reviewPipeline(tx)).stages);
      await this.notices.announce(tx, applied, [review.currentStage]);
      return applied.version;
    });
  }

  /** SUBMITTED | IN_REVIEW | PASSED → DRAFT; the open review is cancelled. */
  cancel(em: EntityManager, actor: Actor, id: string): Promise<VersionOutcome> {
    return this.asDeveloper(em, actor, id, async (tx, version, by) => {
      const stage = (await findOpenReview(tx, version.id))?.currentStage;
      const moved = await this.notices.apply(tx, version, 'cancel', by, [stage]);
      if (!(moved instanceof InvalidStateFailure)) await closeOpenReview(tx, moved.id);
      return moved;
    });
  }

  /** PASSED → ACTIVE: published to the store. */
  release(em: EntityManager, actor: Actor, id: string): Promise<VersionOutcome> {
    return this.asDeveloper(em, actor, id, (tx, version, by) => this.notices.apply(tx, version, 'release', by, []));
  }

  /** DRAFT | PASSED | REJECTED | SUSPENDED → DELETED (the developer, or a store manager). */
  delete(em: EntityManager, actor: Actor, id: string): Promise<VersionOutcome> {
    if (actor.can(PERMISSIONS.APP_MANAGE)) return this.asManager(em, actor, id, 'delete');
    return this.asDeveloper(em, actor, id, (tx, version, by) => transition(tx, version, 'delete', by));
  }

  /** ACTIVE → SUSPENDED: removed from the store (instances untouched). Store managers only. */
  suspend(em: EntityManager, actor: Actor, id: string): Promise<VersionOutcome> {
    return this.asManager(em, actor, id, 'suspend');
  }

  /** SUSPENDED → ACTIVE. Store managers only. */
  recover(em: EntityManager, actor: Actor, id: string): Promise<VersionOutcome> {
    return this.asManager(em, actor, id, 'recover');
  }

  /**
   * updateAppVersion: replaces the changelog and/or package of a DRAFT or REJECTED version (a
   * REJECTED one returns to DRAFT). `replacePackage` applies a validated package inside the transaction.
   */
  update(
    em: EntityManager,
    actor: Actor,
    id: string,
    changes: { changelog?: string | null; replacePackage?: (tx: EntityManager, version: AppVersion) => Promise<void> },
  ): Promise<VersionOutcome> {
    if ((changes.changelog ?? '').length > MAX_CHANGELOG)
      throw badInput(`changelog must be at most ${MAX_CHANGELOG} characters`);
    return this.asDeveloper(em, actor, id, async (tx, version, by) => {
      const moved = await transition(tx, version, 'edit', by);
      if (moved instanceof InvalidStateFailure) return moved;
      if (changes.changelog !== undefined && changes.changelog !== null)
        moved.changelog = changes.changelog.trim() || undefined;
      if (changes.replacePackage) await changes.replacePackage(tx, moved);
      await tx.flush();
      return moved;
    });
  }

  /** A transition by a developer with write access to the version's workspace. */
  private asDeveloper(
    em: EntityManager,
    actor: Actor,
    id: string,
    apply: (tx: EntityManager, version: AppVersion, by: TransitionActor) => Promise<VersionOutcome>,
  ): Promise<VersionOutcome> {
    actor.require(PERMISSIONS.APP_DEVELOP);
    return em.transactional(async (tx) => {
      const version = tenancy.assertWritable(
        actor,
        isUuid(id) ? await lockVersion(tx, id) : undefined,
        'AppVersion',
        id,
      );
      const role = version.owner.id === actor.userId || !actor.isAdmin ? 'developer' : 'admin';
      return apply(tx, version, { userId: actor.userId, role });
    });
  }

  /** A store-wide transition by a holder of app:manage (any workspace). */
  private asManager(
    em: EntityManager,
    actor: Actor,
    id: string,
    action: 'suspend' | 'recover' | 'delete',
  ): Promise<VersionOutcome> {
    actor.require(PERMISSIONS.APP_MANAGE);
    return em.transactional(async (tx) => {
      const version = isUuid(id) ? await lockVersion(tx, id) : undefined;
      if (!version) throw notFound('AppVersion', id);
      const by = { userId: actor.userId, role: actor.isAdmin ? 'admin' : 'app_manager' };
      return action === 'delete'
        ? transition(tx, version, action, by)
        : this.notices.apply(tx, version, action, by, []);
    });
  }
}
