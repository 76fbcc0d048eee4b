/**
 * The typed topic map shared by the API and the workers. A topic names one stream
 * (`instance.<id>`, `job.<id>`, `user.<id>`); its payload type follows from its prefix.
 * Payloads are JSON: dates travel as ISO strings.
 */
import type { JobStatus } from '../entities/enums';

/** One entry of an instance's event log; `seq` is 1, 2, 3 … per instance with no gaps. */
export interface InstanceEvent {
  readonly instanceId: string;
  readonly seq: number;
  readonly jobId: string | null;
  readonly taskId: string | null;
  readonly kind: string;
  readonly status: string | null;
  readonly progress: number | null;
  readonly message: string | null;
  /** ISO-8601 time the event was written. */
  readonly createdAt: string;
}

/** A task line of a job snapshot. */
export interface JobTaskSummary {
  readonly id: string;
  readonly key: string;
  readonly action: string;
  readonly status: JobStatus;
  readonly attempt: number;
  readonly error: string | null;
}

/**
 * A full snapshot of a job, read from the database after the change committed. `version`
 * grows with every change of the job or one of its tasks (`jobs.version`),
 * so a consumer keeps the snapshot with the highest version.
 */
export interface JobUpdate {
  readonly jobId: string;
  readonly version: number;
  readonly action: string;
  readonly status: JobStatus;
  readonly instanceId: string | null;
  readonly subject: string | null;
  /** Fraction of tasks that are terminal, 0..1. */
  readonly progress: number;
  readonly error: string | null;
  readonly cancelRequested: boolean;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly tasks: readonly JobTaskSummary[];
}

/** A message for one user (e.g. "your deploy finished"). */
export interface UserNotification {
  readonly userId: string;
  readonly kind: string;
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Topic → payload. Extend here (and only here) to add a stream. */
export interface TopicMap {
  [topic: `instance.${string}`]: InstanceEvent;
  /** Every instance event of one workspace (dashboards: `myInstanceEvents`). */
  [topic: `workspace.${string}`]: InstanceEvent;
  /** Every instance event of the platform (administrators). */
  'instances.all': InstanceEvent;
  [topic: `job.${string}`]: JobUpdate;
  [topic: `user.${string}`]: UserNotification;
}

export type Topic = keyof TopicMap & string;
export type PayloadOf<T extends Topic> = TopicMap[T];

/** Topic constructors: the only way code should spell a topic. */
export const topics = {
  instance: (instanceId: string) => `instance.${instanceId}` as const,
  job: (jobId: string) => `job.${jobId}` as const,
  user: (userId: string) => `user.${userId}` as const,
  workspace: (workspaceId: string) => `workspace.${workspaceId}` as const,
  allInstances: () => 'instances.all' as const,
};
