import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RoleDefinition } from '../entities/role-definition.entity';
import { User } from '../entities/user.entity';
import { Workspace } from '../entities/workspace.entity';
import { type CatalogLoaders, createCatalogLoaders } from './catalog-loaders';

/** Per-request batch loaders: a list of N rows resolves its relations in one query each, not N. */
export interface Loaders {
  user: DataLoader<string, User | undefined>;
  workspace: DataLoader<string, Workspace | undefined>;
  rolesOfUser: DataLoader<string, RoleDefinition[]>;
  /** Repos, apps, versions, categories, reviews (server/catalog-loaders). */
  catalog: CatalogLoaders;
}

function byId<T extends { id: string }>(rows: T[], ids: readonly string[]): (T | undefined)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id));
}

export function createLoaders(em: EntityManager): Loaders {
  return {
    user: new DataLoader(async (ids) => byId(await em.find(User, { id: { $in: [...ids] } }), ids)),
    workspace: new DataLoader(async (ids) => byId(await em.find(Workspace, { id: { $in: [...ids] } }), ids)),
    rolesOfUser: new DataLoader(async (userIds) => {
      const users = await em.find(User, { id: { $in: [...userIds] } }, { populate: ['roles'] });
      const map = new Map(users.map((u) => [u.id, u.roles.getItems()]));
      return userIds.map((id) => map.get(id) ?? []);
    }),
    catalog: createCatalogLoaders(em),
  };
}
