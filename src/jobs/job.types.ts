/**
 * Public types of the job engine: what services pass to `createJob`, and what processors
 * receive and return.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { JobStatus } from '../entities/enums';

/** One node of a job's DAG as planned by a service. */
export interface TaskSpec {
  /** Unique within the job; `[A-Za-z0-9_-]{1,64}` (it becomes part of queue ids). */
  readonly key: string;
  /** Which registered processor runs it. */
  readonly action: string;
  /** What it acts on (node id, resource name…), for humans and processors. */
  readonly target?: string;
  /** Keys of tasks that must be SUCCEEDED (or FAILED with failureAllowed) first. */
  readonly dependsOn?: readonly string[];
  readonly input?: Record<string, unknown>;
  /** Executions allowed before the task FAILS (retryable errors, lost workers). Default 3, 1..100. */
  readonly maxAttempts?: number;
  /** Per execution (each re-schedule starts a new one). Default 300000, 1..2147483647. */
  readonly timeoutMs?: number;
  /** When true a failure of this task does not fail the job; dependants run anyway. */
  readonly failureAllowed?: boolean;
}

/** What `createJob` persists. Relations are ids. */
export interface CreateJobInput {
  readonly action: string;
  readonly instanceId?: string;
  readonly subject?: string;
  readonly ownerId?: string;
  readonly workspaceId?: string;
  readonly input?: Record<string, unknown>;
  readonly tasks: readonly TaskSpec[];
  /**
   * At most `limit` tasks of all jobs with the same `key` (e.g. `runtime:<id>`) run at once,
   * across every worker process; `limit` 0 = unlimited. A task over the cap waits (PENDING, put
   * back with a short delay; no attempt or re-schedule is counted). Key 1..128 characters.
   */
  readonly concurrency?: ConcurrencyCap;
}

/** A cap on RUNNING tasks shared by the jobs with the same key. */
export interface ConcurrencyCap {
  readonly key: string;
  /** Integer ≥ 0; 0 = unlimited. */
  readonly limit: number;
}

/** The task as a processor sees it (a snapshot taken when the task was claimed). */
export interface TaskInfo {
  readonly id: string;
  readonly jobId: string;
  readonly key: string;
  readonly action: string;
  readonly target: string | null;
  readonly input: Readonly<Record<string, unknown>> | null;
  /** What the previous execution saved with `reschedule(delay, state)`, null on the first run. */
  readonly state: Readonly<Record<string, unknown>> | null;
  /** Failed executions so far (0 on the first execution). */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly reschedules: number;
  readonly timeoutMs: number;
}

/** The job as a processor sees it. */
export interface JobInfo {
  readonly id: string;
  readonly action: string;
  readonly status: JobStatus;
  readonly instanceId: string | null;
  readonly subject: string | null;
  readonly ownerId: string | null;
  readonly workspaceId: string | null;
  readonly input: Readonly<Record<string, unknown>> | null;
}

/** An event a processor reports about the job's instance (stored in the log, then published). */
export interface ProcessorEvent {
  readonly kind: string;
  readonly status?: string;
  readonly progress?: number;
  readonly message?: string;
}

/**
 * Handed to a processor for one execution of one task. A processor observes the world first,
 * acts only if needed, and returns quickly: long waits are `reschedule`d, not slept.
 */
export interface TaskContext {
  readonly task: TaskInfo;
  readonly job: JobInfo;
  /** A fresh EntityManager fork for this execution (not in a transaction). */
  readonly em: EntityManager;
  /** pino child logger bound to jobId/taskId/instanceId. */
  readonly logger: Logger;
  /** Aborted when the execution times out, the job is cancelled or the task is taken away. */
  readonly signal: AbortSignal;
  /** Appends a line to the task's stored log. */
  log(line: string): Promise<void>;
  /** Proves liveness now (the runtime also does it periodically) and refreshes `isCancelled()`. */
  heartbeat(): Promise<void>;
  /** Last known cancellation state (job cancelled, or the task was taken away from this worker). */
  isCancelled(): boolean;
  /** `heartbeat()`, then throws TaskCancelledError when cancelled. */
  checkpoint(): Promise<void>;
  /** Records an instance event for the job's instance (no-op for jobs without an instance). */
  emit(event: ProcessorEvent): Promise<void>;
  /**
   * The stored result of a task this one depends on, directly or transitively (read once, when
   * the task was claimed): what its processor passed to `done(result)`, or null when it passed
   * nothing or failed (a `failureAllowed` dependency). Throws `DriverError` NOT_UPSTREAM (the
   * task fails without retry: a planning bug) for any other key.
   */
  upstream(key: string): Readonly<Record<string, unknown>> | null;
}

/** Finished: the task becomes SUCCEEDED with `result`. */
export interface DoneOutcome {
  readonly type: 'done';
  readonly result?: Record<string, unknown>;
}

/** Not finished: run again after `delayMs` with `state` handed back in `ctx.task.state`. */
export interface RescheduleOutcome {
  readonly type: 'reschedule';
  readonly delayMs: number;
  readonly state?: Record<string, unknown>;
}

export type TaskOutcome = DoneOutcome | RescheduleOutcome;

export function done(result?: Record<string, unknown>): DoneOutcome {
  return { type: 'done', result };
}

export function reschedule(delayMs: number, state?: Record<string, unknown>): RescheduleOutcome {
  return { type: 'reschedule', delayMs, state };
}

/** Runs one execution of a task. Throw `DriverError` with `retryable: false` to fail without retry. */
export type Processor = (ctx: TaskContext) => Promise<TaskOutcome>;
