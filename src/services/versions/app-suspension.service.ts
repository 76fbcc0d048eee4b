import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { App } from '../../entities/app.entity';
import { AppVersion } from '../../entities/app-version.entity';
import { VersionStatus } from '../../entities/enums';
import type { Actor } from '../auth/actor';
import { PERMISSIONS } from '../auth/permissions';
import { InvalidStateFailure, notFound } from '../errors';
import { isUuid } from '../ids';
import type { VersionNotices } from '../notifications/version-notices';

export type AppOutcome = App | InvalidStateFailure;

/** Which versions an app-wide action moves, and the version action it applies to each. */
const CASCADE = {
  suspend: { from: VersionStatus.ACTIVE, action: 'suspend' },
  recover: { from: VersionStatus.SUSPENDED, action: 'recover' },
} as const;

/**
 * suspendApp / recoverApp (store managers): the action cascades to every ACTIVE (suspend) or
 * SUSPENDED (recover) version through the version state table, each with its audit row, in one
 * transaction; the app status is re-derived. Instances are never touched. An app with no such
 * version answers InvalidStateFailure and nothing changes.
 */
export class AppSuspensionService {
  constructor(private readonly notices: VersionNotices) {}

  suspend(em: EntityManager, actor: Actor, id: string): Promise<AppOutcome> {
    return this.cascade(em, actor, id, 'suspend');
  }

  recover(em: EntityManager, actor: Actor, id: string): Promise<AppOutcome> {
    return this.cascade(em, actor, id, 'recover');
  }

  private cascade(em: EntityManager, actor: Actor, id: string, kind: keyof typeof CASCADE): Promise<AppOutcome> {
    actor.require(PERMISSIONS.APP_MANAGE);
    const { from, action } = CASCADE[kind];
    return em.transactional(async (tx) => {
      const app = isUuid(id) ? await tx.findOne(App, id, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
      if (!app) throw notFound('App', id);
      const versions = await tx.find(
        AppVersion,
        { app: app.id, status: from },
        { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { sequence: 'asc' } },
      );
      if (versions.length === 0)
        return new InvalidStateFailure(`App ${app.name} is ${app.status}: ${kind} is not allowed`, app.status, kind);
      const by = { userId: actor.userId, role: actor.isAdmin ? 'admin' : 'app_manager' };
      for (const version of versions) {
        const moved = await this.notices.apply(tx, version, action, by, [], `app ${kind}`);
        if (moved instanceof InvalidStateFailure) throw new Error(`cascade ${kind}: ${moved.message}`);
      }
      return app;
    });
  }
}
