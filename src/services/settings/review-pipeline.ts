import { ReviewStage } from '../../entities/enums';
import type { Actor } from '../auth/actor';
import { PERMISSIONS, type Permission } from '../auth/permissions';

/** The review pipelines an admin may choose: OpenPitrix's three stages (default) or KubeSphere's one. */
export const REVIEW_PIPELINES = {
  OPENPITRIX: [ReviewStage.ISV, ReviewStage.BUSINESS, ReviewStage.TECHNICAL],
  KUBESPHERE: [ReviewStage.APP_REVIEW],
} as const satisfies Record<string, readonly ReviewStage[]>;

export type ReviewPipelineName = keyof typeof REVIEW_PIPELINES;
export const DEFAULT_REVIEW_PIPELINE: ReviewPipelineName = 'OPENPITRIX';

/** The permission that lets a user review a stage (admins additionally hold review:admin for every stage). */
export const STAGE_PERMISSION: Readonly<Record<ReviewStage, Permission>> = {
  [ReviewStage.ISV]: PERMISSIONS.REVIEW_ISV,
  [ReviewStage.BUSINESS]: PERMISSIONS.REVIEW_BUSINESS,
  [ReviewStage.TECHNICAL]: PERMISSIONS.REVIEW_TECHNICAL,
  [ReviewStage.APP_REVIEW]: PERMISSIONS.REVIEW_APP,
};

/** The audit role of a reviewer acting at a stage. */
export const STAGE_ROLE: Readonly<Record<ReviewStage, string>> = {
  [ReviewStage.ISV]: 'isv',
  [ReviewStage.BUSINESS]: 'business',
  [ReviewStage.TECHNICAL]: 'technical',
  [ReviewStage.APP_REVIEW]: 'app_review',
};

export function isReviewPipelineName(value: string): value is ReviewPipelineName {
  return Object.prototype.hasOwnProperty.call(REVIEW_PIPELINES, value);
}

/** Whether the actor may act at `stage` (its stage permission, or review:admin for every stage). */
export function canReviewStage(actor: Actor, stage: ReviewStage): boolean {
  return actor.can(STAGE_PERMISSION[stage]) || actor.can(PERMISSIONS.REVIEW_ADMIN);
}
