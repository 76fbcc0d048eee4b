import { randomUUID } from 'node:crypto';
import { ManyToOne, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { User } from './user.entity';
import type { Workspace } from './workspace.entity';

/** Every row has an opaque UUID id and creation/update timestamps. */
export abstract class BaseEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}

/**
 * A row owned by a user inside a workspace. Tenancy (services/tenancy) reads and writes these
 * only through the workspace scope of the acting user.
 */
export abstract class OwnedEntity extends BaseEntity {
  @ManyToOne('User', { deleteRule: 'restrict' })
  owner!: User;

  @ManyToOne('Workspace', { deleteRule: 'restrict' })
  workspace!: Workspace;
}
