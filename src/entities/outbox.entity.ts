import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Transactional outbox: rows are written in the same transaction as the change they announce;
 * the dispatcher moves them to the queue (deterministic job ids make re-delivery harmless) and
 * stamps `dispatchedAt`.
 */
@Entity({ tableName: 'outbox' })
@Index({ properties: ['dispatchedAt', 'id'] })
@Index({
  name: 'outbox_pending_idx',
  expression: 'create index "outbox_pending_idx" on "outbox" ("id") where "dispatched_at" is null',
})
export class OutboxMessage {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /** What to do: `task.enqueue` (payload { jobId, taskKey, delayMs? }) or `job.changed`. */
  @Property({ type: 'string', length: 64 }) kind!: string;
  @Property({ type: 'json' }) payload!: Record<string, unknown>;
  @Property({ type: 'datetime', defaultRaw: 'now()' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', nullable: true }) dispatchedAt?: Date | null;
}
