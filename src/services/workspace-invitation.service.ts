import type { EntityManager } from '@mikro-orm/postgresql';
import { Membership, WorkspaceRole } from '../entities/membership.entity';
import { User } from '../entities/user.entity';
import { InvitationStatus, WorkspaceInvitation } from '../entities/workspace-invitation.entity';
import type { Actor } from './auth/actor';
import { grantPolicy } from './auth/grant-policy';
import { badInput, notFound } from './errors';
import type { WorkspaceService } from './workspace.service';

/**
 * Joining a workspace: owners and admins invite (a role up to their own, never OWNER); the
 * invitee accepts or declines; nothing of the workspace is visible to them before accepting.
 */
export class WorkspaceInvitationService {
  constructor(private readonly workspaces: WorkspaceService) {}

  /** Invites a user who is not yet a member; a pending invitation of the same user is replaced. */
  async invite(
    em: EntityManager,
    actor: Actor,
    workspaceId: string,
    userId: string,
    role: WorkspaceRole,
  ): Promise<WorkspaceInvitation> {
    if (!actor.canReadWorkspace(workspaceId)) throw notFound('Workspace', workspaceId);
    grantPolicy.assertMayGrantWorkspaceRole(actor, await this.workspaces.roleOf(em, actor, workspaceId), role);
    return em.transactional(async (tx) => {
      if (!(await tx.count(User, { id: userId, disabled: false }))) throw notFound('User', userId);
      if (await tx.count(Membership, { workspace: workspaceId, user: userId }))
        throw badInput('The user is already a member; change their role with setWorkspaceMemberRole');
      const pending = await tx.findOne(WorkspaceInvitation, {
        workspace: workspaceId,
        invitee: userId,
        status: InvitationStatus.PENDING,
      });
      const invitation =
        pending ??
        tx.create(WorkspaceInvitation, { workspace: workspaceId, invitee: userId, invitedBy: actor.userId, role });
      invitation.role = role;
      invitation.invitedBy = tx.getReference(User, actor.userId);
      return invitation;
    });
  }

  /** The caller's pending invitations, newest first. */
  mine(em: EntityManager, actor: Actor): Promise<WorkspaceInvitation[]> {
    return em.find(
      WorkspaceInvitation,
      { invitee: actor.userId, status: InvitationStatus.PENDING },
      { orderBy: { createdAt: 'desc' } },
    );
  }

  /** The invitee joins with the offered role. */
  async accept(em: EntityManager, actor: Actor, id: string): Promise<Membership> {
    return em.transactional(async (tx) => {
      const invitation = await this.pendingFor(tx, actor, id);
      this.decide(invitation, InvitationStatus.ACCEPTED);
      const existing = await tx.findOne(Membership, { workspace: invitation.workspace.id, user: actor.userId });
      return (
        existing ??
        tx.create(Membership, { workspace: invitation.workspace, user: actor.userId, role: invitation.role })
      );
    });
  }

  async decline(em: EntityManager, actor: Actor, id: string): Promise<boolean> {
    await em.transactional(async (tx) => this.decide(await this.pendingFor(tx, actor, id), InvitationStatus.DECLINED));
    return true;
  }

  /** Owners and admins of the workspace withdraw a pending invitation. */
  async revoke(em: EntityManager, actor: Actor, id: string): Promise<boolean> {
    const invitation = await em.findOne(WorkspaceInvitation, { id, status: InvitationStatus.PENDING });
    if (!invitation || !actor.canReadWorkspace(invitation.workspace.id)) throw notFound('Invitation', id);
    grantPolicy.assertMayGrantWorkspaceRole(
      actor,
      await this.workspaces.roleOf(em, actor, invitation.workspace.id),
      invitation.role,
    );
    this.decide(invitation, InvitationStatus.REVOKED);
    await em.flush();
    return true;
  }

  private async pendingFor(tx: EntityManager, actor: Actor, id: string): Promise<WorkspaceInvitation> {
    const invitation = await tx.findOne(WorkspaceInvitation, {
      id,
      invitee: actor.userId,
      status: InvitationStatus.PENDING,
    });
    if (!invitation) throw notFound('Invitation', id);
    return invitation;
  }

  private decide(invitation: WorkspaceInvitation, status: InvitationStatus): void {
    invitation.status = status;
    invitation.decidedAt = new Date();
  }
}
