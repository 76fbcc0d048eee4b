/**
 * Who may see and change an instance: the members of its workspace (writes need write access),
 * and instance administrators (PERMISSIONS.INSTANCE_ADMIN) for reads. Anyone else is told the
 * instance does not exist (NOT_FOUND), for reads and mutations alike.
 */
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Instance } from '../../entities/instance.entity';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { notFound } from '../errors';
import { isUuid } from '../ids';
import { tenancy } from '../tenancy';

export function canReadInstance(actor: Actor, instance: Instance): boolean {
  return actor.can(PERMISSIONS.INSTANCE_ADMIN) || tenancy.canRead(actor, instance);
}

/** Filter of the instances `actor` may read. */
export function instanceReadFilter(actor: Actor): FilterQuery<Instance> {
  return actor.can(PERMISSIONS.INSTANCE_ADMIN) ? {} : tenancy.readFilter<Instance>(actor);
}

/** The instance when `actor` may read it; NOT_FOUND otherwise. */
export async function readableInstance(em: EntityManager, actor: Actor, id: string): Promise<Instance> {
  const instance = isUuid(id) ? await em.findOne(Instance, id) : null;
  if (!instance || !canReadInstance(actor, instance)) throw notFound('Instance', id);
  return instance;
}

/**
 * The instance row-locked (`for update`, until `tx` ends) when `actor` may change it: NOT_FOUND
 * when it may not even read it, FORBIDDEN when it only reads its workspace.
 */
export async function lockWritableInstance(tx: EntityManager, actor: Actor, id: string): Promise<Instance> {
  const instance = isUuid(id)
    ? await tx.findOne(Instance, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true })
    : null;
  return tenancy.assertWritable(actor, instance, 'Instance', id);
}

/** The instance row-locked for an instance administrator (resetInstanceTransition). */
export async function lockInstanceAsAdmin(tx: EntityManager, actor: Actor, id: string): Promise<Instance> {
  actor.require(PERMISSIONS.INSTANCE_ADMIN);
  const instance = isUuid(id)
    ? await tx.findOne(Instance, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true })
    : null;
  if (!instance) throw notFound('Instance', id);
  return instance;
}
