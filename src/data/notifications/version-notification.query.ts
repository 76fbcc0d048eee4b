/**
 * Reads version transitions as notifications from their committed audit rows (one statement for
 * any number of rows), so nothing a rolled-back transaction wrote is ever announced.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { ReviewStage, VersionStatus } from '../../entities/enums';
import type { VersionNotification } from '../../events/event-topics';
import { sqlRows } from '../sql';

interface NotificationRow {
  id: string;
  action: string;
  from_status: VersionStatus | null;
  to_status: VersionStatus;
  role: string | null;
  message: string | null;
  created_at: Date | string;
  actor_id: string;
  actor_name: string;
  version_id: string;
  version_name: string;
  workspace_id: string;
  app_id: string;
  app_name: string;
}

/** The notifications of the given audit rows (absent ids are skipped), each with its `stages`. */
export async function readVersionNotifications(
  em: EntityManager,
  notices: ReadonlyMap<string, readonly ReviewStage[]>,
): Promise<VersionNotification[]> {
  if (notices.size === 0) return [];
  const rows = await sqlRows<NotificationRow>(
    em,
    `select a.id, a.action, a.from_status, a.to_status, a.role, a.message, a.created_at, a.actor_id,
            u.username as actor_name, v.id as version_id, v.name as version_name, v.workspace_id,
            p.id as app_id, p.name as app_name
     from version_audits a join users u on u.id = a.actor_id
     join app_versions v on v.id = a.version_id join apps p on p.id = v.app_id
     where a.id in (select jsonb_array_elements_text(?::jsonb)::uuid) order by a.created_at, a.id`,
    [JSON.stringify([...notices.keys()])],
  );
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    versionId: r.version_id,
    versionName: r.version_name,
    appId: r.app_id,
    appName: r.app_name,
    workspaceId: r.workspace_id,
    from: r.from_status,
    to: r.to_status,
    stages: [...(notices.get(r.id) ?? [])],
    actorId: r.actor_id,
    actorName: r.actor_name,
    role: r.role,
    message: r.message,
    at: new Date(r.created_at).toISOString(),
  }));
}
