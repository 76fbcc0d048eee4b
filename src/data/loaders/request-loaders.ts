/**
 * The batch loaders of one GraphQL request (or subscription operation), created with the
 * request's EntityManager and the caller's ReadScope: a list of N rows resolves each relation in
 * one query, not N, and owned rows outside the scope are never loaded.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { wrap, type FilterQuery } from '@mikro-orm/core';
import type { RoleDefinition } from '../../entities/role-definition.entity';
import { RuntimeCredential } from '../../entities/runtime-credential.entity';
import { User } from '../../entities/user.entity';
import { Workspace } from '../../entities/workspace.entity';
import { scopeFilter, type ReadScope } from '../read-scope';
import { byId } from './batch';
import { createCatalogLoaders, type CatalogLoaders } from './catalog.loaders';
import { createInstanceLoaders, type InstanceLoaders } from './instance.loaders';

export interface RequestLoaders {
  readonly user: DataLoader<string, User | undefined>;
  /** Workspaces by id; whether a caller may see a user's workspace is decided by the services (user-view). */
  readonly workspace: DataLoader<string, Workspace | undefined>;
  readonly rolesOfUser: DataLoader<string, RoleDefinition[]>;
  /** Runtime credentials within the scope, by id (the secret column is never loaded). */
  readonly runtimeCredential: DataLoader<string, RuntimeCredential | undefined>;
  /** Repos, apps, versions, categories, reviews. */
  readonly catalog: CatalogLoaders;
  /** What instances are made of (apps, versions, runtimes, revisions, nodes) for already authorised instances. */
  readonly instances: InstanceLoaders;
}

export function createRequestLoaders(em: EntityManager, scope: ReadScope): RequestLoaders {
  return {
    user: new DataLoader(async (ids) => byId(await em.find(User, { id: { $in: [...ids] } }), ids)),
    workspace: new DataLoader(async (ids) => byId(await em.find(Workspace, { id: { $in: [...ids] } }), ids)),
    rolesOfUser: new DataLoader(async (userIds) => {
      const users = await em.find(User, { id: { $in: [...userIds] } }, { populate: ['roles'] });
      const map = new Map(users.map((u) => [u.id, u.roles.getItems()]));
      return userIds.map((id) => map.get(id) ?? []);
    }),
    runtimeCredential: new DataLoader(async (ids) =>
      byId(
        await em.find(RuntimeCredential, {
          $and: [{ id: { $in: [...ids] } }, scopeFilter<RuntimeCredential>(scope)],
        } as FilterQuery<RuntimeCredential>),
        ids,
      ),
    ),
    catalog: createCatalogLoaders(em, scope),
    instances: createInstanceLoaders(em),
  };
}
