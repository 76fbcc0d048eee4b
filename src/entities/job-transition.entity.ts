import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { JobStatus } from './enums';

/**
 * Append-only audit of every applied job and task status transition, written in the same
 * transaction as the transition (ARCHITECTURE: state machines are data).
 */
@Entity({ tableName: 'job_transitions' })
@Index({ properties: ['jobId', 'id'] })
export class JobTransition {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'uuid' }) jobId!: string;
  /** Null for transitions of the job itself. */
  @Property({ type: 'uuid', nullable: true }) taskId?: string | null;
  @Property({ type: 'string', length: 64, nullable: true }) taskKey?: string | null;
  @Enum({ items: () => JobStatus, nativeEnumName: 'job_status' }) fromStatus!: JobStatus;
  @Property({ type: 'string', length: 32 }) action!: string;
  @Enum({ items: () => JobStatus, nativeEnumName: 'job_status' }) toStatus!: JobStatus;
  /** Worker id, or the user id for cancel/retry requests. */
  @Property({ type: 'string', length: 128, nullable: true }) actor?: string | null;
  @Property({ type: 'text', nullable: true }) detail?: string | null;
  @Property({ type: 'datetime', defaultRaw: 'clock_timestamp()' }) at: Date = new Date();
}
