import { Entity, Enum, ManyToOne, Unique } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import type { User } from './user.entity';
import type { Workspace } from './workspace.entity';

export enum WorkspaceRole {
  OWNER = 'OWNER',
  ADMIN = 'ADMIN',
  MEMBER = 'MEMBER',
  VIEWER = 'VIEWER',
}

@Entity({ tableName: 'memberships' })
@Unique({ properties: ['user', 'workspace'] })
export class Membership extends BaseEntity {
  @ManyToOne('User', { deleteRule: 'cascade' })
  user!: User;

  @ManyToOne('Workspace', { deleteRule: 'cascade' })
  workspace!: Workspace;

  @Enum({ items: () => WorkspaceRole, nativeEnumName: 'workspace_role' })
  role!: WorkspaceRole;
}
