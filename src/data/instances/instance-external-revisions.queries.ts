/**
 * SQL of recording release revisions made outside Marina on an instance: lock the settled
 * instance, find app versions by package version, insert the revision rows (a revision already
 * recorded is left as it is), supersede older deployed rows and move the instance.
 */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { sqlRow, sqlRows } from '../sql';

/** What the sync needs of a settled instance. */
export interface SyncedInstanceRow {
  readonly revision: number;
  readonly versionId: string;
  readonly appId: string;
}

/** Row-locks the instance in `tx`; undefined when it is gone or no longer settled (a job owns it). */
export function lockSyncedInstance(tx: EntityManager, id: string): Promise<SyncedInstanceRow | undefined> {
  return sqlRow<SyncedInstanceRow>(
    tx,
    `select revision, version_id as "versionId", app_id as "appId" from instances
      where id = ? and status in ('ACTIVE', 'STOPPED', 'FAILED') and transition_status is null
      for update`,
    [id],
  );
}

/** Ids of `appId`'s versions by package version, for the given package versions. */
export async function versionIdsByName(tx: EntityManager, appId: string, names: readonly string[]) {
  if (names.length === 0) return new Map<string, string>();
  const rows = await sqlRows<{ id: string; name: string }>(
    tx,
    'select id, name from app_versions where app_id = ? and name in (?) order by created_at',
    [appId, [...names]],
  );
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** One revision row to insert. */
export interface ExternalRevisionRow {
  readonly revision: number;
  readonly versionId: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly status: 'deployed' | 'failed' | 'superseded';
  readonly action: string;
  readonly manifestDigest: string;
}

/**
 * Inserts the rows (existing revisions untouched) and, when one of them is deployed, marks every
 * older deployed row of the instance superseded.
 */
export async function insertExternalRevisions(
  tx: EntityManager,
  instanceId: string,
  rows: readonly ExternalRevisionRow[],
): Promise<void> {
  for (const r of rows)
    await sqlRows(
      tx,
      `insert into instance_revisions (id, instance_id, revision, version_id, config, status, action, manifest_digest)
       values (?, ?, ?, ?, ?::jsonb, ?, ?, ?) on conflict (instance_id, revision) do nothing`,
      [
        randomUUID(),
        instanceId,
        r.revision,
        r.versionId,
        JSON.stringify(r.config),
        r.status,
        r.action,
        r.manifestDigest,
      ],
    );
  const deployed = rows.filter((r) => r.status === 'deployed').at(-1);
  if (deployed)
    await sqlRows(
      tx,
      `update instance_revisions set status = 'superseded', updated_at = now()
        where instance_id = ? and status = 'deployed' and revision < ?`,
      [instanceId, deployed.revision],
    );
}

/** Moves the instance to `revision` with its overrides and version. */
export async function moveInstanceRevision(
  tx: EntityManager,
  id: string,
  to: { revision: number; config: Readonly<Record<string, unknown>>; versionId: string },
): Promise<void> {
  await sqlRows(
    tx,
    'update instances set revision = ?, config = ?::jsonb, version_id = ?, updated_at = now() where id = ?',
    [to.revision, JSON.stringify(to.config), to.versionId, id],
  );
}
