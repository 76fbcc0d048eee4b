import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Membership, WorkspaceRole } from '../entities/membership.entity';
import { User } from '../entities/user.entity';
import { Workspace } from '../entities/workspace.entity';
import type { Actor } from './auth/actor';
import { grantPolicy } from './auth/grant-policy';
import { badInput, forbidden, NameTakenFailure, nameTakenOnConflict, notFound, ValidationFailure } from './errors';
import { paginate, type Page, type PageArgs } from './pagination';

/**
 * Workspaces and their members. Members see the workspace; OWNER/ADMIN manage membership as the
 * grant policy allows; members join by accepting an invitation (workspace-invitation.service.ts);
 * ownership changes only by the owner's transfer.
 */
export class WorkspaceService {
  async get(em: EntityManager, actor: Actor, id: string): Promise<Workspace> {
    if (!actor.canReadWorkspace(id)) throw notFound('Workspace', id);
    const ws = await em.findOne(Workspace, id);
    if (!ws) throw notFound('Workspace', id);
    return ws;
  }

  mine(em: EntityManager, actor: Actor): Promise<Workspace[]> {
    return em.find(Workspace, { id: { $in: actor.workspaceIds } }, { orderBy: { name: 'asc' } });
  }

  async create(
    em: EntityManager,
    actor: Actor,
    name: string,
  ): Promise<Workspace | ValidationFailure | NameTakenFailure> {
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(name))
      return new ValidationFailure('Invalid workspace name', [
        { path: 'name', message: 'lower-case letters, digits and "-", 2–63 characters' },
      ]);
    const taken = () => new NameTakenFailure(`Workspace "${name}" exists`);
    if (await em.count(Workspace, { name })) return taken();
    return nameTakenOnConflict(
      () =>
        em.transactional(async (tx) => {
          const ws = tx.create(Workspace, { name, createdBy: actor.userId });
          tx.create(Membership, { user: actor.userId, workspace: ws, role: WorkspaceRole.OWNER });
          return ws;
        }),
      taken,
    );
  }

  /** Members of a workspace the actor belongs to (users ordered newest first). */
  async members(em: EntityManager, actor: Actor, workspaceId: string, page: PageArgs): Promise<Page<User>> {
    if (!actor.canReadWorkspace(workspaceId)) throw notFound('Workspace', workspaceId);
    return paginate(
      em,
      User,
      {
        id: {
          $in: em
            .createQueryBuilder(Membership, 'm')
            .select('m.user_id')
            .where({ workspace: workspaceId })
            .getKnexQuery(),
        },
      } as never,
      page,
    );
  }

  /** Removes a member: a member may leave (not the owner); owners and admins remove members ranked up to their own role. */
  async removeMember(em: EntityManager, actor: Actor, workspaceId: string, userId: string): Promise<boolean> {
    if (!actor.canReadWorkspace(workspaceId)) throw notFound('Workspace', workspaceId);
    const m = await em.findOne(Membership, { user: userId, workspace: workspaceId });
    if (!m) throw notFound('Membership', userId);
    if (userId === actor.userId && m.role !== WorkspaceRole.OWNER) {
      await em.nativeDelete(Membership, { id: m.id });
      return true;
    }
    grantPolicy.assertMayChangeMember(actor, await this.roleOf(em, actor, workspaceId), m.role);
    await em.nativeDelete(Membership, { id: m.id });
    return true;
  }

  /** Changes a member's role, as the grant policy allows (never to or from OWNER). */
  async setMemberRole(
    em: EntityManager,
    actor: Actor,
    workspaceId: string,
    userId: string,
    role: WorkspaceRole,
  ): Promise<Membership> {
    if (!actor.canReadWorkspace(workspaceId)) throw notFound('Workspace', workspaceId);
    const m = await em.findOne(Membership, { user: userId, workspace: workspaceId });
    if (!m) throw notFound('Membership', userId);
    const mine = await this.roleOf(em, actor, workspaceId);
    grantPolicy.assertMayChangeMember(actor, mine, m.role);
    grantPolicy.assertMayGrantWorkspaceRole(actor, mine, role);
    m.role = role;
    await em.flush();
    return m;
  }

  /** The owner hands ownership to another member, and becomes an ADMIN of the workspace. */
  async transferOwnership(em: EntityManager, actor: Actor, workspaceId: string, userId: string): Promise<Workspace> {
    if (!actor.canReadWorkspace(workspaceId)) throw notFound('Workspace', workspaceId);
    return em.transactional(async (tx) => {
      const rows = await tx.find(
        Membership,
        { workspace: workspaceId, user: { $in: [actor.userId, userId] } },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const mine = rows.find((r) => r.user.id === actor.userId);
      const theirs = rows.find((r) => r.user.id === userId);
      if (mine?.role !== WorkspaceRole.OWNER) throw forbidden('Only the owner transfers ownership');
      if (!theirs || userId === actor.userId)
        throw badInput('Ownership goes to another member of the workspace; invite them first');
      theirs.role = WorkspaceRole.OWNER;
      mine.role = WorkspaceRole.ADMIN;
      return tx.findOneOrFail(Workspace, workspaceId);
    });
  }

  /** The actor's role in the workspace (undefined when not a member). */
  async roleOf(em: EntityManager, actor: Actor, workspaceId: string): Promise<WorkspaceRole | undefined> {
    return (await em.findOne(Membership, { user: actor.userId, workspace: workspaceId }))?.role;
  }
}
