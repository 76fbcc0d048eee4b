/** The job engine's public surface (see README in job.engine.ts / job.service.ts doc comments). */
export { createJob, cancelJob, retryJob, type CancelJobResult, type RetryJobResult } from './job.service';
export { JobEngine, type JobEngineOptions, type ShutdownReport } from './job.engine';
export {
  done,
  reschedule,
  type CreateJobInput,
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
  TaskCancelledError,
  isJobEngineError,
  type JobEngineErrorCode,
} from './errors';
export { createRedisTaskQueue, type RedisTaskQueueOptions } from './queue/redis-task.queue';
export { createPostgresTaskQueue, type PostgresTaskQueueOptions } from './queue/postgres-task.queue';
export type { TaskQueue, TaskMessage, TaskMessageData, QueueConsumer } from './queue/task-queue';
export { createJobMetrics, type JobMetrics } from './job.metrics';
export { JOB_TRANSITIONS, TASK_TRANSITIONS, nextJobStatus, nextTaskStatus, isTerminal } from './job-status.machine';
