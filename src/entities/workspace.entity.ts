import { Entity, ManyToOne, Property, Unique } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import type { User } from './user.entity';

/** A tenant: KubeSphere's workspace / OpenPitrix's owner path. */
@Entity({ tableName: 'workspaces' })
export class Workspace extends BaseEntity {
  @Property({ type: 'string', length: 128 })
  @Unique()
  name!: string;

  @ManyToOne('User', { nullable: true, deleteRule: 'set null' })
  createdBy?: User;
}
