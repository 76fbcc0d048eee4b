import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppVersion } from '../../entities/app-version.entity';
import { ReviewStage } from '../../entities/enums';
import { Review } from '../../entities/review.entity';
import { ReviewPhase } from '../../entities/review-phase.entity';
import { User } from '../../entities/user.entity';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { transition } from '../versions/version-transition';

/** Review.status values. */
export const REVIEW_STATUS = {
  IN_PROGRESS: 'IN_PROGRESS',
  PASSED: 'PASSED',
  REJECTED: 'REJECTED',
  CANCELLED: 'CANCELLED',
} as const;
/** ReviewPhase.status values. */
export const PHASE_STATUS = {
  PENDING: 'PENDING',
  IN_REVIEW: 'IN_REVIEW',
  PASSED: 'PASSED',
  REJECTED: 'REJECTED',
  CANCELLED: 'CANCELLED',
} as const;

export const AUTO_PASS_MESSAGE = 'Passed automatically: the submitter holds the ISV review permission';

/**
 * Opens the review of a just-submitted version under `stages` (the pipeline at submit time, kept by
 * the review). When the first stage is ISV and the submitter holds its permission, that stage passes
 * at once with the submitter as actor (OpenPitrix behaviour). Flushes.
 */
export async function openReview(
  tx: EntityManager,
  actor: Actor,
  version: AppVersion,
  stages: readonly ReviewStage[],
): Promise<Review> {
  const now = new Date();
  const submitter = tx.getReference(User, actor.userId);
  const review = tx.create(Review, {
    version,
    status: REVIEW_STATUS.IN_PROGRESS,
    stages: [...stages],
    currentStage: stages[0],
    submittedBy: submitter,
    submittedAt: now,
  });
  const phases = stages.map((stage) => tx.create(ReviewPhase, { review, stage, status: PHASE_STATUS.PENDING }));
  await tx.flush();
  if (stages[0] === ReviewStage.ISV && actor.can(PERMISSIONS.REVIEW_ISV) && stages.length > 1) {
    Object.assign(phases[0], {
      status: PHASE_STATUS.PASSED,
      reviewer: submitter,
      message: AUTO_PASS_MESSAGE,
      startedAt: now,
      finishedAt: now,
    });
    review.currentStage = stages[1];
    await transition(tx, version, 'auto_pass', { userId: actor.userId, role: 'isv' }, AUTO_PASS_MESSAGE);
  }
  return review;
}

/** The version's review still in progress, if any. */
export async function findOpenReview(tx: EntityManager, versionId: string): Promise<Review | undefined> {
  return (
    (await tx.findOne(
      Review,
      { version: versionId, status: REVIEW_STATUS.IN_PROGRESS },
      { orderBy: { submittedAt: 'desc' } },
    )) ?? undefined
  );
}

/** Cancels the open review (cancelled submission) and its unfinished phases. Flushes. */
export async function closeOpenReview(tx: EntityManager, versionId: string): Promise<void> {
  const review = await findOpenReview(tx, versionId);
  if (!review) return;
  review.status = REVIEW_STATUS.CANCELLED;
  review.currentStage = undefined;
  const now = new Date();
  for (const phase of await tx.find(ReviewPhase, { review: review.id })) {
    if (phase.status === PHASE_STATUS.PENDING || phase.status === PHASE_STATUS.IN_REVIEW)
      Object.assign(phase, { status: PHASE_STATUS.CANCELLED, finishedAt: now });
  }
  await tx.flush();
}
