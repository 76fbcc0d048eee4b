/**
 * Instance status and transition lock (PRODUCT.md H5) as a literal table: for every operation the
 * statuses it may start from, the transition status that locks the instance while its job runs,
 * and where the instance lands when that job SUCCEEDS or ends otherwise (FAILED or CANCELLED).
 * Every status change of an instance is looked up here; an operation absent from its status's
 * sources — or any operation while `transitionStatus` is set — is answered with
 * InvalidStateError { from, action } and changes nothing.
 *
 * Failure targets, and why:
 * - Everything that touches the cluster and fails lands in FAILED with `lastError`: after a
 *   failed upgrade, rollback, config update, recover or delete the workloads may be half-changed,
 *   and FAILED is the status from which every repair is allowed (upgrade, rollback, update_config,
 *   stop, start, delete, cease). The stored resources show which objects are unhealthy.
 * - A failed **stop** lands in FAILED, not ACTIVE: some workloads may already be at zero replicas,
 *   so calling the instance ACTIVE would claim it serves when it may not. From FAILED the user
 *   stops again, or starts (replica counts recorded by stop are restored).
 * - A failed **adopt** lands in CEASED: nothing was taken over, and no later operation of the
 *   instance (delete, cease) may ever touch the release helm installed.
 * - A cancelled operation (cancelJob, resetInstanceTransition) settles like a failed one.
 */
import { InstanceStatus, TransitionStatus } from '../../entities/enums';
import { InvalidStateFailure } from '../errors';
import type { InstanceAction } from './instance-operation.types';

export interface InstanceTransitionRule {
  /** Statuses the operation may start from (with no transition set). */
  readonly from: readonly InstanceStatus[];
  /** Set on the instance while the operation's job runs. */
  readonly lock: TransitionStatus;
  /** Status when the job SUCCEEDS. */
  readonly success: InstanceStatus;
  /** Status when the job FAILS or is CANCELLED. */
  readonly failure: InstanceStatus;
}

export const INSTANCE_ACTIONS: readonly InstanceAction[] = [
  'deploy',
  'upgrade',
  'rollback',
  'update_config',
  'stop',
  'start',
  'delete',
  'recover',
  'cease',
  'adopt',
  'scale',
  'resize',
];

export const ALL_INSTANCE_STATUSES: readonly InstanceStatus[] = Object.values(InstanceStatus);

const { PENDING, ACTIVE, STOPPED, FAILED, DELETED, CEASED } = InstanceStatus;
const T = TransitionStatus;

/** The whole lifecycle. CEASED is final. deploy and adopt start from the PENDING row they create. */
export const INSTANCE_TRANSITIONS: Readonly<Record<InstanceAction, InstanceTransitionRule>> = {
  deploy: { from: [PENDING], lock: T.CREATING, success: ACTIVE, failure: FAILED },
  adopt: { from: [PENDING], lock: T.CREATING, success: ACTIVE, failure: CEASED },
  upgrade: { from: [ACTIVE, FAILED], lock: T.UPGRADING, success: ACTIVE, failure: FAILED },
  rollback: { from: [ACTIVE, FAILED], lock: T.ROLLING_BACK, success: ACTIVE, failure: FAILED },
  update_config: { from: [ACTIVE, FAILED], lock: T.UPDATING, success: ACTIVE, failure: FAILED },
  stop: { from: [ACTIVE, FAILED], lock: T.STOPPING, success: STOPPED, failure: FAILED },
  start: { from: [STOPPED, FAILED], lock: T.STARTING, success: ACTIVE, failure: FAILED },
  delete: { from: [ACTIVE, STOPPED, FAILED], lock: T.DELETING, success: DELETED, failure: FAILED },
  recover: { from: [DELETED], lock: T.RECOVERING, success: ACTIVE, failure: FAILED },
  cease: { from: [ACTIVE, STOPPED, FAILED, DELETED], lock: T.CEASING, success: CEASED, failure: FAILED },
  scale: { from: [ACTIVE], lock: T.SCALING, success: ACTIVE, failure: FAILED },
  resize: { from: [ACTIVE], lock: T.RESIZING, success: ACTIVE, failure: FAILED },
};

/** The part of an instance the machine reads. */
export interface InstanceState {
  readonly name: string;
  readonly status: InstanceStatus;
  readonly transitionStatus?: TransitionStatus | null;
}

/**
 * The lock `action` takes on an instance in `state`, or InvalidStateFailure { from, action }
 * (`from` is the transition status while one is set, else the status).
 */
export function lockFor(state: InstanceState, action: InstanceAction): TransitionStatus | InvalidStateFailure {
  if (state.transitionStatus)
    return new InvalidStateFailure(
      `Instance ${state.name} is ${state.transitionStatus}: ${action} must wait until it finishes`,
      state.transitionStatus,
      action,
    );
  const rule = INSTANCE_TRANSITIONS[action];
  if (!rule.from.includes(state.status))
    return new InvalidStateFailure(
      `Instance ${state.name} is ${state.status}: ${action} is not allowed`,
      state.status,
      action,
    );
  return rule.lock;
}

/** How a job ended, as the settlement sees it. */
export type JobEnd = 'succeeded' | 'failed' | 'cancelled';

/** The status an instance settles in when the job of `action` ends. */
export function settledStatus(action: InstanceAction, end: JobEnd): InstanceStatus {
  const rule = INSTANCE_TRANSITIONS[action];
  return end === 'succeeded' ? rule.success : rule.failure;
}

/**
 * The lock a retried job of `action` takes again: only when the instance is unlocked and sits in
 * the action's failure status (the status that job left it in).
 */
export function retryLockFor(state: InstanceState, action: InstanceAction): TransitionStatus | InvalidStateFailure {
  const rule = INSTANCE_TRANSITIONS[action];
  if (!state.transitionStatus && state.status === rule.failure && rule.failure !== CEASED) return rule.lock;
  return new InvalidStateFailure(
    `Instance ${state.name} is ${state.transitionStatus ?? state.status}: its ${action} job cannot be retried`,
    state.transitionStatus ?? state.status,
    'retry',
  );
}

/** Statuses in which `action` may start. */
export function instanceSourcesOf(action: InstanceAction): InstanceStatus[] {
  return [...INSTANCE_TRANSITIONS[action].from];
}

/** Whether `value` names an instance operation. */
export function isInstanceAction(value: unknown): value is InstanceAction {
  return typeof value === 'string' && (INSTANCE_ACTIONS as readonly string[]).includes(value);
}
