import type { EntityManager } from '@mikro-orm/postgresql';
import type { RepoSyncState } from '../../repos/sync/index-diff';

/**
 * What the database holds for a repo as far as the diff needs it: live (not DELETED) versions
 * of its apps with their digests. One query; deleted versions are absent, so a version that
 * reappears in the index is planned as a creation and revived by the upsert.
 */
export async function loadSyncState(
  em: EntityManager,
  repoId: string,
  checksum: string | null,
  etag: string | null,
): Promise<RepoSyncState> {
  const rows = await em.execute<{ app: string; version: string; digest: string }[]>(
    `select a.name as app, v.name as version, v.digest from apps a join app_versions v on v.app_id = a.id
     where a.repo_id = ? and v.status <> 'DELETED'`,
    [repoId],
  );
  const apps = new Map<string, Map<string, string>>();
  for (const r of rows) {
    let versions = apps.get(r.app);
    if (!versions) apps.set(r.app, (versions = new Map()));
    versions.set(r.version, r.digest);
  }
  return { checksum, etag, apps };
}
