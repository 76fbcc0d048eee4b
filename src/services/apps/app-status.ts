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

/** SQL: the priority (1..8) of a version_status expression. */
export const STATUS_PRIORITY_SQL = (expr: string) =>
  `array_position(array[${VERSION_STATUS_PRIORITY.map((s) => `'${s}'`).join(', ')}]::version_status[], ${expr})`;

const DRAFT_LIKE: readonly VersionStatus[] = [VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.IN_REVIEW, VersionStatus.PASSED, VersionStatus.REJECTED];

/**
 * D4 / OpenPitrix `computeAppStatus`: any ACTIVE version → ACTIVE; else any draft-like
 * (draft, submitted, in review, passed, rejected) → DRAFT; else any SUSPENDED → SUSPENDED;
 * else (no live versions) → DELETED.
 */
export function deriveAppStatus(statuses: readonly VersionStatus[]): AppStatus {
  if (statuses.includes(VersionStatus.ACTIVE)) return AppStatus.ACTIVE;
  if (statuses.some((s) => DRAFT_LIKE.includes(s))) return AppStatus.DRAFT;
  if (statuses.includes(VersionStatus.SUSPENDED)) return AppStatus.SUSPENDED;
  return AppStatus.DELETED;
}

/** SQL aggregate with the same rule as deriveAppStatus over a version_status column (use with GROUP BY). */
export const DERIVED_APP_STATUS_SQL = (col: string) => `(case
  when bool_or(${col} = 'ACTIVE') then 'ACTIVE'
  when bool_or(${col} in (${DRAFT_LIKE.map((s) => `'${s}'`).join(', ')})) then 'DRAFT'
  when bool_or(${col} = 'SUSPENDED') then 'SUSPENDED'
  else 'DELETED' end)::app_status`;
