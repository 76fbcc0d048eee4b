import { Entity, Enum, Index, ManyToOne, Opt, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { JobStatus } from './enums';
import type { Job } from './job.entity';

/**
 * One node of a job's DAG. `dependsOn` lists task keys of the same job. A task runs when all its
 * dependencies SUCCEEDED (or FAILED with failureAllowed). `lockedBy`/`heartbeatAt` identify the
 * worker running it so the reaper can re-enqueue it when that worker dies.
 */
@Entity({ tableName: 'tasks' })
@Unique({ properties: ['job', 'key'] })
@Index({ properties: ['status', 'heartbeatAt'] })
export class Task extends BaseEntity {
  @ManyToOne('Job', { deleteRule: 'cascade' })
  job!: Job;

  @Property({ type: 'string', length: 64 }) key!: string;
  @Property({ type: 'string', length: 64 }) action!: string;
  @Property({ type: 'string', length: 256, nullable: true }) target?: string;

  @Property({ type: 'text[]', default: '{}' })
  dependsOn: string[] & Opt = [];

  @Enum({ items: () => JobStatus, nativeEnumName: 'job_status', default: JobStatus.PENDING })
  status: JobStatus & Opt = JobStatus.PENDING;

  @Property({ type: 'json', nullable: true }) input?: Record<string, unknown>;
  /** Progress saved by the processor between attempts / re-schedules (observe-then-act state). */
  @Property({ type: 'json', nullable: true }) state?: Record<string, unknown>;
  @Property({ type: 'json', nullable: true }) result?: Record<string, unknown>;

  @Property({ type: 'integer', default: 0 }) attempt: number & Opt = 0;
  @Property({ type: 'integer', default: 3 }) maxAttempts: number & Opt = 3;
  @Property({ type: 'integer', default: 300000 }) timeoutMs: number & Opt = 300000;
  @Property({ type: 'boolean', default: false }) failureAllowed: boolean & Opt = false;
  /** How many times the task re-scheduled itself (waits); bounded by the processor. */
  @Property({ type: 'integer', default: 0 }) reschedules: number & Opt = 0;

  @Property({ type: 'text', nullable: true }) error?: string;
  @Property({ type: 'text[]', default: '{}' }) logs: string[] & Opt = [];

  @Property({ type: 'string', length: 128, nullable: true }) lockedBy?: string | null;
  @Property({ type: 'datetime', nullable: true }) heartbeatAt?: Date | null;
  @Property({ type: 'datetime', nullable: true }) runAfter?: Date | null;
  @Property({ type: 'datetime', nullable: true }) startedAt?: Date;
  @Property({ type: 'datetime', nullable: true }) finishedAt?: Date;
}
