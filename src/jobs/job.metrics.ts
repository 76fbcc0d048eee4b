/** prom-client instruments of the job engine, registered on a registry the caller owns. */
import { Counter, Histogram, type Registry } from 'prom-client';

export interface JobMetrics {
  readonly tasksStarted: Counter<'action'>;
  readonly tasksSucceeded: Counter<'action'>;
  readonly tasksFailed: Counter<'action'>;
  /** Executions that ended in a retry, re-schedule, cancel, lost lock or reap. */
  readonly tasksRequeued: Counter<'action' | 'reason'>;
  readonly taskDuration: Histogram<'action' | 'outcome'>;
  /** Seconds between an outbox row's creation and its dispatch to the queue. */
  readonly outboxLag: Histogram<string>;
}

/** Creates the instruments on `registry` (names prefixed `marina_`). Call once per registry. */
export function createJobMetrics(registry: Registry): JobMetrics {
  const registers = [registry];
  return {
    tasksStarted: new Counter({
      name: 'marina_tasks_started_total',
      help: 'Task executions started',
      labelNames: ['action'],
      registers,
    }),
    tasksSucceeded: new Counter({
      name: 'marina_tasks_succeeded_total',
      help: 'Tasks that succeeded',
      labelNames: ['action'],
      registers,
    }),
    tasksFailed: new Counter({
      name: 'marina_tasks_failed_total',
      help: 'Tasks that failed for good',
      labelNames: ['action'],
      registers,
    }),
    tasksRequeued: new Counter({
      name: 'marina_tasks_requeued_total',
      help: 'Task executions that ended without a final result',
      labelNames: ['action', 'reason'],
      registers,
    }),
    taskDuration: new Histogram({
      name: 'marina_task_duration_seconds',
      help: 'Duration of one task execution',
      labelNames: ['action', 'outcome'],
      registers,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    }),
    outboxLag: new Histogram({
      name: 'marina_outbox_dispatch_lag_seconds',
      help: 'Outbox row age when dispatched',
      registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    }),
  };
}
