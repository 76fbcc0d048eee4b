/** Ids of the reviews in a reviewer's queue at some stages (newest submission first). */
import type { EntityManager } from '@mikro-orm/postgresql';

export type ReviewQueueName = 'UNPROCESSED' | 'IN_PROGRESS' | 'PROCESSED';

const QUEUE_SQL: Record<ReviewQueueName, string> = {
  // Open reviews whose current stage is one of mine and not yet claimed.
  UNPROCESSED: `select r.id from reviews r join review_phases p on p.review_id = r.id and p.stage = r.current_stage
    where r.status = 'IN_PROGRESS' and p.status = 'PENDING' and r.current_stage = any(?::review_stage[]) and ? is not null`,
  // Stages I claimed and have not finished.
  IN_PROGRESS: `select r.id from reviews r join review_phases p on p.review_id = r.id
    where p.status = 'IN_REVIEW' and p.stage = any(?::review_stage[]) and p.reviewer_id = ?`,
  // Stages I passed or rejected.
  PROCESSED: `select distinct r.id from reviews r join review_phases p on p.review_id = r.id
    where p.status in ('PASSED', 'REJECTED') and p.stage = any(?::review_stage[]) and p.reviewer_id = ?`,
};

export async function reviewQueueIds(
  em: EntityManager,
  queue: ReviewQueueName,
  stages: readonly string[],
  userId: string,
): Promise<string[]> {
  const rows: { id: string }[] = await em.getConnection().execute(QUEUE_SQL[queue], [`{${stages.join(',')}}`, userId]);
  return rows.map((r) => r.id);
}
