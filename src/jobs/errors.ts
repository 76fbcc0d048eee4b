/**
 * Typed errors of the job engine. Expected outcomes (bad DAG, illegal state) are returned as
 * `JobEngineError` values by the planning API; `DriverError` is what processors throw to say
 * whether a failure is worth retrying.
 */
import type { JobStatus } from '../entities/enums';
import { safeErrorMessage } from '../observability/log-safety';

/** Codes of expected job-engine outcomes returned as values. */
export type JobEngineErrorCode =
  | 'EMPTY_DAG'
  | 'INVALID_TASK_KEY'
  | 'DUPLICATE_TASK_KEY'
  | 'UNKNOWN_DEPENDENCY'
  | 'SELF_DEPENDENCY'
  | 'DEPENDENCY_CYCLE'
  | 'INVALID_TASK_OPTION'
  | 'JOB_NOT_FOUND'
  | 'ILLEGAL_JOB_TRANSITION';

/** An expected failure of a job-engine call; nothing was changed when one is returned. */
export class JobEngineError extends Error {
  override readonly name = 'JobEngineError';
  constructor(
    readonly code: JobEngineErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/**
 * `cancelJob`/`retryJob` on a job whose status does not allow it (maps to the services'
 * InvalidStateFailure: `from` is the job's status, `action` what was asked).
 */
export class JobStateError extends JobEngineError {
  constructor(
    readonly jobId: string,
    readonly from: JobStatus,
    readonly action: 'cancel' | 'retry',
  ) {
    super('ILLEGAL_JOB_TRANSITION', `A ${from} job cannot be ${action === 'cancel' ? 'cancelled' : 'retried'}`, {
      jobId,
      status: from,
      action,
    });
  }
}

/** True when `value` is a JobEngineError (use on the `T | JobEngineError` results). */
export function isJobEngineError(value: unknown): value is JobEngineError {
  return value instanceof JobEngineError;
}

/**
 * A provider/driver failure. `retryable: true` → the task is retried with exponential backoff
 * until `maxAttempts`; `retryable: false` → the task fails at once with `message`.
 */
export class DriverError extends Error {
  override readonly name = 'DriverError';
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Thrown by `ctx.checkpoint()` when the job was cancelled; the task ends CANCELLED. */
export class TaskCancelledError extends Error {
  override readonly name = 'TaskCancelledError';
  readonly code = 'TASK_CANCELLED';
  constructor(readonly taskId: string) {
    super(`Task ${taskId} was cancelled`);
  }
}

/** Thrown when the engine is misconfigured (missing processor, pub/sub not attached…). */
export class JobEngineConfigError extends Error {
  override readonly name = 'JobEngineConfigError';
  constructor(
    readonly code: 'PROCESSOR_NOT_FOUND' | 'PROCESSOR_ALREADY_REGISTERED' | 'EVENTS_NOT_ATTACHED' | 'INVALID_OPTION',
    message: string,
  ) {
    super(message);
  }
}

/** Whether a processor failure should be retried: only a DriverError can say "no". */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof DriverError) || error.retryable;
}

/** A readable one-line message for any thrown value (stored on the task; database errors without their SQL values). */
export function errorMessage(error: unknown): string {
  if (error instanceof DriverError) return `${error.code}: ${error.message}`;
  return safeErrorMessage(error);
}
