/**
 * Readiness as a user means it. Decisions (see also ./object-health.ts):
 * - A failure is terminal (the wait fails instead of running into its timeout) when it cannot
 *   heal by itself: an image pull back-off that persists `imagePullFailAfterMs` after the wait
 *   began (InvalidImageName / ErrImageNeverPull at once), a container in CrashLoopBackOff that
 *   restarted `crashLoopRestarts` times, a failed Job or Pod, a Deployment past its progress
 *   deadline, a custom resource reporting Failed or Stalled.
 * - Everything else that is not ready is progressing, with the most telling reason as message.
 */
import type { ResourceHealth } from '../../runtime-driver.types';
import type { KubeObject, ObjectRef } from '../kube-object.types';

export interface ReadinessThresholds {
  /** An image pull back-off seen this long after the wait began is a failure (default 10 s). */
  readonly imagePullFailAfterMs: number;
  /** A crash-looping container with at least this many restarts is a failure (default 3). */
  readonly crashLoopRestarts: number;
}

export const DEFAULT_THRESHOLDS: ReadinessThresholds = { imagePullFailAfterMs: 10_000, crashLoopRestarts: 3 };

/** When the check runs (ms since epoch), when the wait began, and the custom resources' grace. */
export interface HealthContext {
  readonly now: number;
  readonly since: number;
  /** A custom resource whose status is still empty is not ready until this long after `since`. */
  readonly crGraceMs: number;
}

/** The health of one object, with whether its failure is terminal. */
export interface Verdict {
  readonly health: ResourceHealth;
  readonly ready: number | null;
  readonly desired: number | null;
  readonly message: string | null;
  readonly terminal: boolean;
}

/** What one readiness check or describe reads from the cluster. */
export interface LiveState {
  readonly objects: readonly { readonly ref: ObjectRef; readonly object: KubeObject | null }[];
  /** Pods of the namespaces the objects live in. */
  readonly pods: readonly KubeObject[];
  /** Warning events of those namespaces. */
  readonly warnings: readonly KubeObject[];
  /** Nodes (for NodePort endpoints); empty when not needed or not readable. */
  readonly nodes: readonly KubeObject[];
}

export const healthy = (ready: number | null = null, desired: number | null = null, message: string | null = null) =>
  ({ health: 'HEALTHY', ready, desired, message, terminal: false }) as const satisfies Verdict;
export const progressing = (message: string, ready: number | null = null, desired: number | null = null) =>
  ({ health: 'PROGRESSING', ready, desired, message, terminal: false }) as const satisfies Verdict;
export const degraded = (
  message: string,
  terminal: boolean,
  ready: number | null = null,
  desired: number | null = null,
) => ({ health: 'DEGRADED', ready, desired, message, terminal }) as const satisfies Verdict;
export const missing: Verdict = {
  health: 'MISSING',
  ready: null,
  desired: null,
  message: 'not found',
  terminal: false,
};
