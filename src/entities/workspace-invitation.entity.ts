import { Entity, Enum, Index, ManyToOne, Opt, Property } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { WorkspaceRole } from './membership.entity';
import type { User } from './user.entity';
import type { Workspace } from './workspace.entity';

export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  REVOKED = 'REVOKED',
}

/**
 * An offer of workspace membership. The invitee becomes a member only by accepting; until then the
 * workspace's content stays hidden from them. OWNER is never offered (ownership is transferred).
 */
@Entity({ tableName: 'workspace_invitations' })
@Index({ properties: ['invitee', 'status'] })
/** At most one pending invitation per workspace and user. */
@Index({
  name: 'workspace_invitations_one_pending',
  expression: `create unique index "workspace_invitations_one_pending" on "workspace_invitations" ("workspace_id", "invitee_id") where "status" = 'PENDING'`,
})
export class WorkspaceInvitation extends BaseEntity {
  @ManyToOne('Workspace', { deleteRule: 'cascade' })
  workspace!: Workspace;

  @ManyToOne('User', { deleteRule: 'cascade' })
  invitee!: User;

  @ManyToOne('User', { deleteRule: 'cascade' })
  invitedBy!: User;

  @Enum({ items: () => WorkspaceRole, nativeEnumName: 'workspace_role' })
  role!: WorkspaceRole;

  @Enum({ items: () => InvitationStatus, nativeEnumName: 'invitation_status', default: InvitationStatus.PENDING })
  status: InvitationStatus & Opt = InvitationStatus.PENDING;

  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date;
}
