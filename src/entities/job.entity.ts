import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, Opt, Property } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { JobStatus } from './enums';
import type { Instance } from './instance.entity';
import type { Task } from './task.entity';
import type { User } from './user.entity';
import type { Workspace } from './workspace.entity';

/** An operation (deploy, upgrade, sync…) as a DAG of tasks persisted in PostgreSQL. */
@Entity({ tableName: 'jobs' })
@Index({ properties: ['status'] })
@Index({ properties: ['concurrencyKey'] })
export class Job extends BaseEntity {
  @Property({ type: 'string', length: 64 })
  action!: string;

  @Enum({ items: () => JobStatus, nativeEnumName: 'job_status', default: JobStatus.PENDING })
  status: JobStatus & Opt = JobStatus.PENDING;

  @ManyToOne('Instance', { nullable: true, deleteRule: 'cascade' })
  instance?: Instance;

  /** Generic subject for jobs not about an instance (e.g. a repo sync: "repo:<id>"). */
  @Property({ type: 'string', length: 128, nullable: true })
  subject?: string;

  @ManyToOne('User', { nullable: true, deleteRule: 'set null' })
  owner?: User;

  @ManyToOne('Workspace', { nullable: true, deleteRule: 'set null' })
  workspace?: Workspace;

  @Property({ type: 'json', nullable: true })
  input?: Record<string, unknown>;

  /**
   * Snapshot version: +1 on every change of the job or one of its tasks (the engine's SQL, and
   * MikroORM's optimistic locking for ORM updates). Subscribers keep the highest one.
   */
  @Property({ type: 'integer', version: true, default: 1 })
  version: number & Opt = 1;

  /**
   * Jobs sharing a concurrency key (e.g. `runtime:<id>`) have at most `concurrencyLimit` tasks
   * RUNNING at once across all workers; limit 0 (or no key) = unlimited.
   */
  @Property({ type: 'string', length: 128, nullable: true })
  concurrencyKey?: string;

  @Property({ type: 'integer', default: 0 })
  concurrencyLimit: number & Opt = 0;

  @Property({ type: 'text', nullable: true }) error?: string;
  @Property({ type: 'boolean', default: false }) cancelRequested: boolean & Opt = false;
  @Property({ type: 'datetime', nullable: true }) startedAt?: Date;
  @Property({ type: 'datetime', nullable: true }) finishedAt?: Date;

  @OneToMany('Task', 'job')
  tasks = new Collection<Task>(this);
}
