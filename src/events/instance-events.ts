/** Recording instance events from services and processors. */
import type { EntityManager } from '@mikro-orm/core';
import type { InstanceEvent } from './event-topics';
import type { CommitAnnouncer } from './event-hub';
import { appendInstanceEvent, InstanceEventError, type InstanceEventInput } from '../data/events/instance-event.log';

export { InstanceEventError, type InstanceEventInput } from '../data/events/instance-event.log';

/**
 * Appends an event to the instance's log with the next `seq`, in `em`'s transaction (or a new
 * one when `em` is not in a transaction); `events` publishes it on `instance.<id>` after that
 * transaction commits. Returns the stored event or a typed error (nothing written).
 */
export async function recordInstanceEvent(
  em: EntityManager,
  events: CommitAnnouncer,
  instanceId: string,
  input: InstanceEventInput,
): Promise<InstanceEvent | InstanceEventError> {
  if (!em.isInTransaction()) return em.transactional((tx) => recordInstanceEvent(tx, events, instanceId, input));
  const written = await appendInstanceEvent(em, instanceId, input);
  if (written instanceof InstanceEventError) return written;
  await events.announce(em, { instanceEventIds: [written.id] });
  return written.event;
}
