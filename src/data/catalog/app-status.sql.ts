/**
 * The app-status rules of services/apps/app-status as SQL expressions, for set-based
 * statements that derive statuses in the database (repo sync).
 */
import { DRAFT_LIKE, VERSION_STATUS_PRIORITY } from '../../services/apps/app-status';

/** SQL: the priority (1..8) of a version_status expression. */
export const STATUS_PRIORITY_SQL = (expr: string) =>
  `array_position(array[${VERSION_STATUS_PRIORITY.map((s) => `'${s}'`).join(', ')}]::version_status[], ${expr})`;

/** SQL aggregate with the same rule as deriveAppStatus over a version_status column (use with GROUP BY). */
export const DERIVED_APP_STATUS_SQL = (col: string) => `(case
  when bool_or(${col} = 'ACTIVE') then 'ACTIVE'
  when bool_or(${col} in (${DRAFT_LIKE.map((s) => `'${s}'`).join(', ')})) then 'DRAFT'
  when bool_or(${col} = 'SUSPENDED') then 'SUSPENDED'
  else 'DELETED' end)::app_status`;
