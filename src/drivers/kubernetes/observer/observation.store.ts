/**
 * The observer's storage: one transaction per instance that row-locks it, skips it when a job
 * took it over meanwhile, stores the observation and records a `resource.health` event per
 * health change (published after commit). Two workers observing the same instance at once
 * serialise on the row lock, so a change is recorded once.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  lockObservedInstance,
  observableKubeInstances,
  storeObservation,
} from '../../../data/instances/instance-observation.queries';
import type { CommitAnnouncer } from '../../../events/event-hub';
import { recordInstanceEvent } from '../../../events/instance-events';
import type { InstanceDescription } from '../../runtime-driver.types';
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
  };
}
