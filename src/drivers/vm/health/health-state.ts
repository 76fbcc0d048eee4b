/**
 * A node's role health check as a threshold state machine (OpenPitrix `health_check`): the
 * check command runs every `intervalSec`; `healthyThreshold` successes in a row make the node
 * HEALTHY, `unhealthyThreshold` failures in a row make it UNHEALTHY (and its `action_cmd`, when
 * the role has one, is due once per turn to unhealthy). Until a threshold is first reached the
 * node is UNKNOWN. Pure: the observer persists the state and runs the commands.
 */

export type NodeHealth = 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY';

/** A role's health check with OpenPitrix's defaults filled in. */
export interface HealthPolicy {
  readonly checkCmd: string;
  readonly actionCmd: string | null;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly actionTimeoutMs: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

/** What is stored per node between checks. */
export interface HealthState {
  readonly health: NodeHealth;
  /** Successes (positive) or failures (negative) in a row. */
  readonly streak: number;
  /** Epoch ms of the last check, null before the first. */
  readonly checkedAt: number | null;
  /** The last failure's words (exit code, output tail), null after a success. */
  readonly lastFailure: string | null;
}

export const INITIAL_HEALTH: HealthState = { health: 'UNKNOWN', streak: 0, checkedAt: null, lastFailure: null };

/** The raw `health_check` of a role (package keys, camel-cased by the loader). */
export interface RawHealthCheck {
  readonly enable?: boolean;
  readonly checkCmd?: string;
  readonly actionCmd?: string;
  readonly intervalSec?: number;
  readonly timeoutSec?: number;
  readonly actionTimeoutSec?: number;
  readonly healthyThreshold?: number;
  readonly unhealthyThreshold?: number;
}

const DEFAULTS = { intervalSec: 60, timeoutSec: 10, actionTimeoutSec: 60, healthyThreshold: 2, unhealthyThreshold: 2 };

/** The policy of an enabled check with a command, or null (no health checking for the role). */
export function healthPolicy(raw: RawHealthCheck | undefined | null): HealthPolicy | null {
  if (!raw || raw.enable === false || !raw.checkCmd?.trim()) return null;
  const pos = (v: number | undefined, d: number) => (v !== undefined && Number.isFinite(v) && v > 0 ? v : d);
  return {
    checkCmd: raw.checkCmd,
    actionCmd: raw.actionCmd?.trim() ? raw.actionCmd : null,
    intervalMs: pos(raw.intervalSec, DEFAULTS.intervalSec) * 1000,
    timeoutMs: pos(raw.timeoutSec, DEFAULTS.timeoutSec) * 1000,
    actionTimeoutMs: pos(raw.actionTimeoutSec, DEFAULTS.actionTimeoutSec) * 1000,
    healthyThreshold: Math.round(pos(raw.healthyThreshold, DEFAULTS.healthyThreshold)),
    unhealthyThreshold: Math.round(pos(raw.unhealthyThreshold, DEFAULTS.unhealthyThreshold)),
  };
}

/** True when the node's next check is due at `now`. */
export function checkDue(state: HealthState, policy: HealthPolicy, now: number): boolean {
  return state.checkedAt === null || now - state.checkedAt >= policy.intervalMs;
}

export type CheckResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface HealthStep {
  readonly state: HealthState;
  /** The health changed with this check (an event is due). */
  readonly changed: boolean;
  /** The node just turned UNHEALTHY and the role has an action command: run it once. */
  readonly runAction: boolean;
}

/** The state after one check at `now`. */
export function afterCheck(state: HealthState, policy: HealthPolicy, result: CheckResult, now: number): HealthStep {
  const streak = result.ok ? Math.max(state.streak, 0) + 1 : Math.min(state.streak, 0) - 1;
  let health = state.health;
  if (result.ok && streak >= policy.healthyThreshold) health = 'HEALTHY';
  if (!result.ok && -streak >= policy.unhealthyThreshold) health = 'UNHEALTHY';
  const changed = health !== state.health;
  return {
    state: { health, streak, checkedAt: now, lastFailure: result.ok ? null : result.reason },
    changed,
    runAction: changed && health === 'UNHEALTHY' && policy.actionCmd !== null,
  };
}
