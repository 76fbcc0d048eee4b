/**
 * The typed topic map shared by the API and the workers. A topic names one stream
 * (`instance.<id>`, `job.<id>`, `user.<id>`); its payload type follows from its prefix.
 * Payloads are JSON: dates travel as ISO strings.
 */
import type { JobStatus, ReviewStage, VersionStatus } from '../entities/enums';

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

/**
 * A review or release transition of a version (submit, cancel, start review, pass, reject,
 * release, suspend, recover), read from its committed audit row. `stages` are the review stages
 * it concerns (the stage acted on and/or the stage now waiting); empty for release/suspend/recover.
 */
export interface VersionNotification {
  /** The audit row's id: unique per transition (subscribers and webhook receivers de-duplicate by it). */
  readonly id: string;
  readonly action: string;
  readonly versionId: string;
  readonly versionName: string;
  readonly appId: string;
  readonly appName: string;
  readonly workspaceId: string;
  readonly from: VersionStatus | null;
  readonly to: VersionStatus;
  readonly stages: readonly ReviewStage[];
  readonly actorId: string;
  readonly actorName: string;
  readonly role: string | null;
  readonly message: string | null;
  /** ISO-8601 time of the transition. */
  readonly at: string;
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
  /** Version transitions of one workspace's apps (their developers). */
  [topic: `apps.${string}`]: VersionNotification;
  /** Version transitions that concern one review stage (its reviewers). */
  [topic: `reviews.${string}`]: VersionNotification;
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
  workspaceApps: (workspaceId: string) => `apps.${workspaceId}` as const,
  reviewStage: (stage: ReviewStage) => `reviews.${stage}` as const,
};
