import { AppStatus, VersionStatus } from '../../entities/enums';

/**
 * OpenPitrix's version status priority (`versionStatusPriority`): re-indexing never lowers a
 * version below its current rank. IN_REVIEW, which OpenPitrix did not rank, sits between
 * SUBMITTED and PASSED.
 */
export const VERSION_STATUS_PRIORITY: readonly VersionStatus[] = [
  VersionStatus.DELETED,
  VersionStatus.DRAFT,
  VersionStatus.SUSPENDED,
  VersionStatus.SUBMITTED,
  VersionStatus.IN_REVIEW,
  VersionStatus.PASSED,
  VersionStatus.REJECTED,
  VersionStatus.ACTIVE,
];

/** Statuses of versions still being worked on or reviewed. */
export const DRAFT_LIKE: readonly VersionStatus[] = [
  VersionStatus.DRAFT,
  VersionStatus.SUBMITTED,
  VersionStatus.IN_REVIEW,
  VersionStatus.PASSED,
  VersionStatus.REJECTED,
];

/**
 * OpenPitrix's `computeAppStatus`: any ACTIVE version → ACTIVE; else any draft-like
 * (draft, submitted, in review, passed, rejected) → DRAFT; else any SUSPENDED → SUSPENDED;
 * else (no live versions) → DELETED.
 */
export function deriveAppStatus(statuses: readonly VersionStatus[]): AppStatus {
  if (statuses.includes(VersionStatus.ACTIVE)) return AppStatus.ACTIVE;
  if (statuses.some((s) => DRAFT_LIKE.includes(s))) return AppStatus.DRAFT;
  if (statuses.includes(VersionStatus.SUSPENDED)) return AppStatus.SUSPENDED;
  return AppStatus.DELETED;
}
