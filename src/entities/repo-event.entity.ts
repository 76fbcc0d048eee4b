import { Entity, Enum, Index, ManyToOne, Opt, Property } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { SyncStatus } from './enums';
import type { Repo } from './repo.entity';

/** One sync (index) run of a repo, with counts and error text. */
@Entity({ tableName: 'repo_events' })
@Index({ properties: ['repo', 'createdAt'] })
/** At most one PENDING or SYNCING event per repo: the database enforces one sync per repo at a time. */
@Index({
  name: 'repo_events_one_active_per_repo',
  expression: `create unique index "repo_events_one_active_per_repo" on "repo_events" ("repo_id") where "status" in ('PENDING', 'SYNCING')`,
})
export class RepoEvent extends BaseEntity {
  @ManyToOne('Repo', { deleteRule: 'cascade' })
  repo!: Repo;

  @Enum({ items: () => SyncStatus, nativeEnumName: 'sync_status', default: SyncStatus.PENDING })
  status: SyncStatus & Opt = SyncStatus.PENDING;

  @Property({ type: 'text', nullable: true })
  message?: string;

  @Property({ type: 'integer', default: 0 }) appsAdded: number & Opt = 0;
  @Property({ type: 'integer', default: 0 }) versionsAdded: number & Opt = 0;
  @Property({ type: 'integer', default: 0 }) versionsUpdated: number & Opt = 0;
  @Property({ type: 'integer', default: 0 }) versionsRemoved: number & Opt = 0;
  @Property({ type: 'boolean', default: false }) skipped: boolean & Opt = false;

  /** The job running this sync (jobs.id); null only for events written before jobs existed. */
  @Property({ type: 'uuid', nullable: true }) jobId?: string;

  @Property({ type: 'datetime', nullable: true }) startedAt?: Date;
  @Property({ type: 'datetime', nullable: true }) finishedAt?: Date;
}
