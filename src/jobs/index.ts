/** The job engine's public surface (see README in job.engine.ts / job.service.ts doc comments). */
export { createJob, cancelJob, retryJob, type CancelJobResult, type RetryJobResult } from './job.service';
export {
  JobHooks,
  type FinishedJob,
  type FinishedStatus,
  type FinishedTask,
  type JobFinishedHook,
  type JobHookMatch,
} from './job-hooks';
export type { JobDeps } from './job-transaction';
export { JobEngine, type JobEngineOptions, type ShutdownReport } from './job.engine';
export {
  done,
  reschedule,
  type CreateJobInput,
  type ConcurrencyCap,
  type TaskSpec,
  type Processor,
  type TaskContext,
  type TaskOutcome,
  type TaskInfo,
  type JobInfo,
  type ProcessorEvent,
} from './job.types';
export {
  DriverError,
  JobEngineError,
  JobEngineConfigError,
  JobStateError,
  TaskCancelledError,
  isJobEngineError,
  type JobEngineErrorCode,
} from './errors';
export { createRedisTaskQueue, type RedisTaskQueueOptions } from './queue/redis-task.queue';
export { createPostgresTaskQueue, type PostgresTaskQueueOptions } from './queue/postgres-task.queue';
export type { TaskQueue, TaskMessage, TaskMessageData, QueueConsumer } from './queue/task-queue';
export { createJobMetrics, type JobMetrics } from './job.metrics';
export { JOB_TRANSITIONS, TASK_TRANSITIONS, nextJobStatus, nextTaskStatus, isTerminal } from './job-status.machine';
