/** Recording instance events from services and processors. */
import type { EntityManager } from '@mikro-orm/core';
import type { InstanceEvent } from './event-topics';
import { EventHub } from './event-hub';
import { appendInstanceEvent, InstanceEventError, type InstanceEventInput } from './instance-event.log';

export { InstanceEventError, type InstanceEventInput } from './instance-event.log';

/**
 * Appends an event to the instance's log with the next `seq`, in `em`'s transaction (or a new
 * one when `em` is not in a transaction). It is published on `instance.<id>` after that
 * transaction commits, when an EventHub is attached to the ORM; without one it is only stored
 * (subscribers replay it from the log). Returns the stored event or a typed error (nothing written).
 */
export async function recordInstanceEvent(
  em: EntityManager,
  instanceId: string,
  input: InstanceEventInput,
): Promise<InstanceEvent | InstanceEventError> {
  if (!em.isInTransaction()) return em.transactional((tx) => recordInstanceEvent(tx, instanceId, input));
  const written = await appendInstanceEvent(em, instanceId, input);
  if (written instanceof InstanceEventError) return written;
  await EventHub.of(em)?.announce(em, { instanceEventIds: [written.id] });
  return written.event;
}
