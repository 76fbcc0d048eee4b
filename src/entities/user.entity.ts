import { Collection, Entity, Index, ManyToMany, ManyToOne, Opt, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { RoleDefinition } from './role-definition.entity';
import type { Workspace } from './workspace.entity';

@Entity({ tableName: 'users' })
export class User extends BaseEntity {
  @Property({ type: 'string', length: 64 })
  @Unique()
  username!: string;

  @Property({ type: 'string', length: 254 })
  @Index()
  email!: string;

  /** argon2id PHC string; never exposed. */
  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash!: string;

  /** The user's primary workspace (personal, or the ISV's workspace for developers it created). */
  @ManyToOne('Workspace', { nullable: true, deleteRule: 'set null' })
  workspace?: Workspace;

  @ManyToMany(() => RoleDefinition, undefined, { owner: true, pivotTable: 'user_roles' })
  roles = new Collection<RoleDefinition>(this);

  /** Bumped on logout-everywhere / password change: refresh tokens carrying an older value are refused. */
  @Property({ type: 'integer', default: 0 })
  tokenVersion: number & Opt = 0;

  @Property({ type: 'boolean', default: false })
  disabled: boolean & Opt = false;

  /** Set by an admin's password reset: until the user changes it, only me, changePassword and logout answer. */
  @Property({ type: 'boolean', default: false })
  mustChangePassword: boolean & Opt = false;
}
