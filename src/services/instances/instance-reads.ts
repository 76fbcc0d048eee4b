/** Reading instances: one, a page of them, their revisions and their jobs (tenancy: see instance-access). */
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { InstanceStatus } from '../../entities/enums';
import { Instance } from '../../entities/instance.entity';
import { InstanceRevision } from '../../entities/instance-revision.entity';
import { Job } from '../../entities/job.entity';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { badInput } from '../errors';
import { isUuid } from '../ids';
import { paginate, type Page, type PageArgs } from '../pagination';
import { instanceReadFilter, readableInstance } from './instance-access';

export interface InstanceFilter {
  readonly appId?: string | null;
  readonly runtimeId?: string | null;
  readonly status?: readonly InstanceStatus[] | null;
}

function idFilter(name: 'app' | 'runtime', id: string | null | undefined): Record<string, string> {
  if (id === null || id === undefined) return {};
  if (!isUuid(id)) throw badInput(`${name}Id must be an id`);
  return { [name]: id };
}

/** Instances the actor may read, newest first. */
export function listInstances(
  em: EntityManager,
  actor: Actor,
  filter: InstanceFilter,
  page: PageArgs,
): Promise<Page<Instance>> {
  actor.require(PERMISSIONS.RUNTIME_USE);
  const where = {
    $and: [
      instanceReadFilter(actor),
      idFilter('app', filter.appId),
      idFilter('runtime', filter.runtimeId),
      filter.status?.length ? { status: { $in: [...filter.status] } } : {},
    ],
  } as FilterQuery<Instance>;
  return paginate(em, Instance, where, page);
}

/** One instance; NOT_FOUND when missing or not readable. */
export function getInstance(em: EntityManager, actor: Actor, id: string): Promise<Instance> {
  return readableInstance(em, actor, id);
}

/** Revisions of an already authorised instance, oldest first. */
export function revisionsOf(em: EntityManager, instanceId: string): Promise<InstanceRevision[]> {
  return em.find(InstanceRevision, { instance: instanceId }, { orderBy: { revision: 'asc' } });
}

/** Jobs of an already authorised instance, newest first. */
export function jobsOf(em: EntityManager, instanceId: string, page: PageArgs): Promise<Page<Job>> {
  return paginate(em, Job, { instance: instanceId }, page);
}
