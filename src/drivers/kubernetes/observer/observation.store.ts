/**
 * The observer's storage: one transaction per instance that row-locks it, skips it when a job
 * took it over meanwhile, stores the observation and records a `resource.health` event per
 * health change (published after commit). Two workers observing the same instance at once
 * serialise on the row lock, so a change is recorded once. Revisions helm made are recorded the
 * same way: the instance's revision is re-read under the lock, so each is recorded once.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  lockObservedInstance,
  observableKubeInstances,
  storeObservation,
} from '../../../data/instances/instance-observation.queries';
import type { CommitAnnouncer } from '../../../events/event-hub';
import { recordInstanceEvent } from '../../../events/instance-events';
import {
  insertExternalRevisions,
  lockSyncedInstance,
  moveInstanceRevision,
  versionIdsByName,
} from '../../../data/instances/instance-external-revisions.queries';
import type { InstanceDescription } from '../../runtime-driver.types';
import type { AdoptedRevision } from '../helm/adopt-reader';
import { externalMessage, externalRevisions, externalRevisionStatus } from './external-revisions';
import { healthChanges, healthMessage } from './health-changes';
import type { ObservationStore } from './instance-observer';

export function sqlObservationStore(events: CommitAnnouncer): ObservationStore {
  return {
    observable: (em) => observableKubeInstances(em),
    save: (em: EntityManager, instanceId: string, description: InstanceDescription) =>
      em.transactional(async (tx) => {
        const current = await lockObservedInstance(tx, instanceId);
        if (!current) return null;
        const changes = healthChanges(current.resources, description.resources);
        await storeObservation(tx, instanceId, description);
        for (const r of changes)
          await recordInstanceEvent(tx, events, instanceId, {
            kind: 'resource.health',
            status: r.health,
            message: healthMessage(r),
          });
        return changes.length;
      }),
    recordExternal: (em: EntityManager, instanceId: string, records: readonly AdoptedRevision[]) =>
      em.transactional((tx) => recordExternal(tx, events, instanceId, records)),
  };
}

/** The action of revision rows made outside Marina. */
export const EXTERNAL_ACTION = 'external';

async function recordExternal(
  tx: EntityManager,
  events: CommitAnnouncer,
  instanceId: string,
  records: readonly AdoptedRevision[],
): Promise<number | null> {
  const current = await lockSyncedInstance(tx, instanceId);
  if (!current) return null;
  const missing = externalRevisions(records, current.revision);
  const last = missing.at(-1);
  if (!last) return 0;
  const ids = await versionIdsByName(tx, current.appId, [...new Set(missing.map((r) => r.chartVersion))]);
  const versionOf = (r: AdoptedRevision) => ids.get(r.chartVersion) ?? current.versionId;
  await insertExternalRevisions(
    tx,
    instanceId,
    missing.map((r) => ({
      revision: r.revision,
      versionId: versionOf(r),
      config: r.config,
      status: externalRevisionStatus(r.status),
      action: EXTERNAL_ACTION,
      manifestDigest: r.manifestDigest,
    })),
  );
  await moveInstanceRevision(tx, instanceId, {
    revision: last.revision,
    config: last.config,
    versionId: versionOf(last),
  });
  for (const r of missing)
    await recordInstanceEvent(tx, events, instanceId, {
      kind: 'release.external',
      status: externalRevisionStatus(r.status),
      message: externalMessage(r),
    });
  return missing.length;
}
