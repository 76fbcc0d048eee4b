import type { EntityManager } from '@mikro-orm/postgresql';
import { Membership, WorkspaceRole } from '../entities/membership.entity';
import { User } from '../entities/user.entity';
import { Workspace } from '../entities/workspace.entity';
import type { Actor } from './auth/actor';
import { forbidden, NameTakenFailure, nameTakenOnConflict, notFound, ValidationFailure } from './errors';
import { paginate, type Page, type PageArgs } from './pagination';

/** Workspaces and their members. Members see the workspace; OWNER/ADMIN manage membership. */
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

  async create(em: EntityManager, actor: Actor, name: string): Promise<Workspace | ValidationFailure | NameTakenFailure> {
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(name)) return new ValidationFailure('Invalid workspace name', [{ path: 'name', message: 'lower-case letters, digits and "-", 2–63 characters' }]);
    const taken = () => new NameTakenFailure(`Workspace "${name}" exists`);
    if (await em.count(Workspace, { name })) return taken();
    return nameTakenOnConflict(() => em.transactional(async (tx) => {
      const ws = tx.create(Workspace, { name, createdBy: actor.userId });
      tx.create(Membership, { user: actor.userId, workspace: ws, role: WorkspaceRole.OWNER });
      return ws;
    }), taken);
  }

  /** Members of a workspace the actor belongs to (users ordered newest first). */
  async members(em: EntityManager, actor: Actor, workspaceId: string, page: PageArgs): Promise<Page<User>> {
    if (!actor.canReadWorkspace(workspaceId)) throw notFound('Workspace', workspaceId);
    return paginate(em, User, { id: { $in: em.createQueryBuilder(Membership, 'm').select('m.user_id').where({ workspace: workspaceId }).getKnexQuery() } } as never, page);
  }

  async addMember(em: EntityManager, actor: Actor, workspaceId: string, userId: string, role: WorkspaceRole): Promise<Membership> {
    await this.requireManager(em, actor, workspaceId);
    if (role === WorkspaceRole.OWNER) throw forbidden('Ownership cannot be granted');
    const user = await em.findOne(User, userId);
    if (!user) throw notFound('User', userId);
    const existing = await em.findOne(Membership, { user: userId, workspace: workspaceId });
    const membership = existing ?? em.create(Membership, { user, workspace: workspaceId, role });
    membership.role = role;
    await em.flush();
    return membership;
  }

  async removeMember(em: EntityManager, actor: Actor, workspaceId: string, userId: string): Promise<boolean> {
    await this.requireManager(em, actor, workspaceId);
    const m = await em.findOne(Membership, { user: userId, workspace: workspaceId });
    if (!m) throw notFound('Membership', `${workspaceId}/${userId}`);
    if (m.role === WorkspaceRole.OWNER) throw forbidden('The owner cannot be removed');
    await em.nativeDelete(Membership, { id: m.id });
    return true;
  }

  private async requireManager(em: EntityManager, actor: Actor, workspaceId: string): Promise<void> {
    if (!actor.canReadWorkspace(workspaceId)) throw notFound('Workspace', workspaceId);
    if (actor.isAdmin) return;
    const mine = await em.findOne(Membership, { user: actor.userId, workspace: workspaceId });
    if (!mine || (mine.role !== WorkspaceRole.OWNER && mine.role !== WorkspaceRole.ADMIN)) throw forbidden('Only workspace owners and admins manage members');
  }
}
