/**
 * The reviewers' read path: which versions (and apps) lie in a reviewer's queues, whatever their
 * workspace. Only versions with an open review at one of the reviewer's stages, or a phase the
 * reviewer handled, qualify — never the workspace's other drafts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReadScope } from '../read-scope';

const QUEUED = `(r.status = 'IN_PROGRESS' and r.stages && ?::review_stage[]) or exists (select 1 from review_phases p where p.review_id = r.id and p.reviewer_id = ?)`;

/** Of `ids`, the versions (kind 'version') or apps (kind 'app') in the scope's review queues. */
export async function reviewableIds(
  em: EntityManager,
  scope: ReadScope,
  kind: 'version' | 'app',
  ids: readonly string[],
): Promise<Set<string>> {
  if (scope.all || !scope.reviewer || ids.length === 0) return new Set();
  const { userId, stages } = scope.reviewer;
  const stageList = `{${stages.join(',')}}`;
  const sql =
    kind === 'version'
      ? `select distinct r.version_id id from reviews r where r.version_id = any(?::uuid[]) and (${QUEUED})`
      : `select distinct v.app_id id from reviews r join app_versions v on v.id = r.version_id where v.app_id = any(?::uuid[]) and (${QUEUED})`;
  const rows: { id: string }[] = await em.getConnection().execute(sql, [`{${ids.join(',')}}`, stageList, userId]);
  return new Set(rows.map((r) => r.id));
}
