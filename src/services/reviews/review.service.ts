import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppVersion } from '../../entities/app-version.entity';
import type { ReviewStage } from '../../entities/enums';
import { Review as ReviewEntity, type Review } from '../../entities/review.entity';
import { ReviewStage as ReviewStageEnum } from '../../entities/enums';
import { reviewQueueIds, type ReviewQueueName } from '../../data/catalog/review-queue.queries';
import { paginateBy, type SortKey } from '../apps/keyset-page';
import type { Page, PageArgs } from '../pagination';
import { ReviewPhase } from '../../entities/review-phase.entity';
import { User } from '../../entities/user.entity';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { forbidden, InvalidStateFailure, notFound } from '../errors';
import { isUuid } from '../ids';
import { canReviewStage, STAGE_PERMISSION, STAGE_ROLE } from '../settings/review-pipeline';
import type { VersionNotices } from '../notifications/version-notices';
import { illegal, lockVersion } from '../versions/version-transition';
import { findOpenReview, PHASE_STATUS, REVIEW_STATUS } from './review-rows';

type Outcome = AppVersion | InvalidStateFailure;

interface StageContext {
  readonly version: AppVersion;
  readonly review: Review;
  readonly phase: ReviewPhase;
  /** Audit role: the stage's role, or admin (marked when reviewing one's own submission). */
  readonly role: string;
}

/**
 * The review stages of a submitted version: claim (startReview), then pass or reject. Stages run in
 * the order of the pipeline the version was submitted under; the last pass makes it PASSED, any reject
 * REJECTED. Nobody reviews their own submission except a platform admin (the audit role says so).
 */
export class ReviewService {
  constructor(private readonly notices: VersionNotices) {}

  start(em: EntityManager, actor: Actor, versionId: string, stage: ReviewStage): Promise<Outcome> {
    return this.atStage(em, actor, versionId, stage, 'start_review', async (tx, c) => {
      if (c.phase.status !== PHASE_STATUS.PENDING) return illegal(c.version, 'start_review');
      const by = { userId: actor.userId, role: c.role };
      const moved = await this.notices.apply(tx, c.version, 'start_review', by, [stage]);
      if (moved instanceof InvalidStateFailure) return moved;
      Object.assign(c.phase, {
        status: PHASE_STATUS.IN_REVIEW,
        reviewer: tx.getReference(User, actor.userId),
        startedAt: new Date(),
      });
      await tx.flush();
      return moved;
    });
  }

  pass(
    em: EntityManager,
    actor: Actor,
    versionId: string,
    stage: ReviewStage,
    message?: string | null,
  ): Promise<Outcome> {
    return this.atStage(em, actor, versionId, stage, 'pass', async (tx, c) => {
      const claimed = this.claimed(actor, c, 'pass');
      if (claimed) return claimed;
      const next = c.review.stages[c.review.stages.indexOf(stage) + 1];
      const moved = await this.notices.apply(
        tx,
        c.version,
        next ? 'pass_stage' : 'pass',
        { userId: actor.userId, role: c.role },
        [stage, next],
        message?.trim() || undefined,
      );
      if (moved instanceof InvalidStateFailure) return moved;
      Object.assign(c.phase, {
        status: PHASE_STATUS.PASSED,
        message: message?.trim() || undefined,
        finishedAt: new Date(),
      });
      c.review.currentStage = next;
      if (!next) c.review.status = REVIEW_STATUS.PASSED;
      await tx.flush();
      return moved;
    });
  }

  reject(em: EntityManager, actor: Actor, versionId: string, stage: ReviewStage, message: string): Promise<Outcome> {
    return this.atStage(em, actor, versionId, stage, 'reject', async (tx, c) => {
      const claimed = this.claimed(actor, c, 'reject');
      if (claimed) return claimed;
      const by = { userId: actor.userId, role: c.role };
      const moved = await this.notices.apply(tx, c.version, 'reject', by, [stage], message.trim());
      if (moved instanceof InvalidStateFailure) return moved;
      Object.assign(c.phase, { status: PHASE_STATUS.REJECTED, message: message.trim(), finishedAt: new Date() });
      Object.assign(c.review, { status: REVIEW_STATUS.REJECTED, currentStage: undefined });
      await tx.flush();
      return moved;
    });
  }

  /** A stage must be claimed before pass/reject, by the caller (or an admin acts on anyone's claim). */
  private claimed(actor: Actor, c: StageContext, action: string): InvalidStateFailure | undefined {
    if (c.phase.status !== PHASE_STATUS.IN_REVIEW) return illegal(c.version, action);
    if (c.phase.reviewer?.id !== actor.userId && !actor.can(PERMISSIONS.REVIEW_ADMIN))
      throw forbidden(`Stage ${c.phase.stage} is claimed by another reviewer`);
    return undefined;
  }

  /** Locks the version and finds the open review at `stage` (else InvalidStateError), checking who may act. */
  private atStage(
    em: EntityManager,
    actor: Actor,
    versionId: string,
    stage: ReviewStage,
    action: string,
    apply: (tx: EntityManager, c: StageContext) => Promise<Outcome>,
  ): Promise<Outcome> {
    if (!canReviewStage(actor, stage)) throw forbidden(`Missing permission ${STAGE_PERMISSION[stage]}`);
    return em.transactional(async (tx) => {
      const version = isUuid(versionId) ? await lockVersion(tx, versionId) : undefined;
      if (!version) throw notFound('AppVersion', versionId);
      const review = await findOpenReview(tx, version.id);
      if (!review || review.currentStage !== stage) return illegal(version, action);
      const own = review.submittedBy.id === actor.userId;
      if (own && !actor.isAdmin) throw forbidden('Nobody reviews a version they submitted');
      const phase = await tx.findOneOrFail(ReviewPhase, { review: review.id, stage });
      const role = own
        ? 'admin:self-review'
        : actor.can(STAGE_PERMISSION[stage]) && !actor.isAdmin
          ? STAGE_ROLE[stage]
          : 'admin';
      return apply(tx, { version, review, phase, role });
    });
  }
}

/** reviews(stage, queue): the caller's queues over the stages it may review (or the one asked for). */
export async function listReviewQueue(
  em: EntityManager,
  actor: Actor,
  stage: ReviewStage | null | undefined,
  queue: ReviewQueueName,
  page: PageArgs,
): Promise<Page<Review>> {
  if (stage && !canReviewStage(actor, stage)) throw forbidden(`Missing permission ${STAGE_PERMISSION[stage]}`);
  const stages = stage ? [stage] : Object.values(ReviewStageEnum).filter((s) => canReviewStage(actor, s));
  if (stages.length === 0) throw forbidden('You review no stage');
  const ids = await reviewQueueIds(em, queue, stages, actor.userId);
  return paginateBy(em, ReviewEntity, { id: { $in: ids } }, page, REVIEW_ORDER);
}

const REVIEW_ORDER: readonly SortKey<Review>[] = [
  { field: 'submittedAt', dir: 'desc', kind: 'date' },
  { field: 'id', dir: 'desc', kind: 'string' },
];
