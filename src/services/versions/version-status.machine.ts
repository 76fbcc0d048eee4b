/**
 * Version status transitions (PRODUCT.md D3) as a literal table (`state → action → next`). Every
 * status change of a version is looked up here first; an action absent from its state's row is
 * illegal and answered with InvalidStateError { from, action } without changing anything.
 *
 * Review progress inside IN_REVIEW: `start_review` claims the next stage (SUBMITTED → IN_REVIEW,
 * or IN_REVIEW → IN_REVIEW for later stages), `pass_stage` passes a stage that is not the last,
 * `pass` passes the last one. `auto_pass` is the ISV stage passing by itself at submit time.
 */
import { VersionStatus } from '../../entities/enums';

export type VersionAction =
  | 'submit'
  | 'cancel'
  | 'start_review'
  | 'auto_pass'
  | 'pass_stage'
  | 'pass'
  | 'reject'
  | 'release'
  | 'suspend'
  | 'recover'
  | 'delete'
  | 'edit';

export const VERSION_ACTIONS: readonly VersionAction[] = [
  'submit',
  'cancel',
  'start_review',
  'auto_pass',
  'pass_stage',
  'pass',
  'reject',
  'release',
  'suspend',
  'recover',
  'delete',
  'edit',
];

export const ALL_VERSION_STATUSES: readonly VersionStatus[] = Object.values(VersionStatus);

const { DRAFT, SUBMITTED, IN_REVIEW, PASSED, REJECTED, ACTIVE, SUSPENDED, DELETED } = VersionStatus;

/** The whole lifecycle. ACTIVE versions are immutable (no `edit`); DELETED is final. */
export const VERSION_TRANSITIONS: Readonly<
  Record<VersionStatus, Readonly<Partial<Record<VersionAction, VersionStatus>>>>
> = {
  [DRAFT]: { submit: SUBMITTED, edit: DRAFT, delete: DELETED },
  [SUBMITTED]: { start_review: IN_REVIEW, auto_pass: SUBMITTED, cancel: DRAFT },
  [IN_REVIEW]: { start_review: IN_REVIEW, pass_stage: IN_REVIEW, pass: PASSED, reject: REJECTED, cancel: DRAFT },
  [PASSED]: { release: ACTIVE, cancel: DRAFT, delete: DELETED },
  [REJECTED]: { edit: DRAFT, delete: DELETED },
  [ACTIVE]: { suspend: SUSPENDED },
  [SUSPENDED]: { recover: ACTIVE, delete: DELETED },
  [DELETED]: {},
};

/** The next status, or undefined when `action` is illegal in `from`. */
export function nextVersionStatus(from: VersionStatus, action: VersionAction): VersionStatus | undefined {
  return VERSION_TRANSITIONS[from][action];
}

/** States in which the action is legal. */
export function versionSourcesOf(action: VersionAction): VersionStatus[] {
  return ALL_VERSION_STATUSES.filter((s) => VERSION_TRANSITIONS[s][action] !== undefined);
}
