import type { FilterQuery } from '@mikro-orm/core';
import { inScope, NO_WORKSPACES, scopeFilter, type ReadScope } from '../data/read-scope';
import type { OwnedEntity } from '../entities/base.entity';
import { ReviewStage, type Visibility } from '../entities/enums';
import { canReviewStage } from './settings/review-pipeline';
import type { Actor } from './auth/actor';
import { forbidden, notFound } from './errors';

/**
 * The one tenancy rule, used by every service for reads and writes of owned rows:
 * - read: rows of a workspace the actor is a member of; plus PUBLIC rows where the entity has a
 *   visibility; admins read everything (the rule itself: data/read-scope, which loaders apply too).
 * - write: rows of a workspace where the actor's membership allows writing; admins write everything.
 * A row the actor may not read is reported as NOT_FOUND (its existence is not revealed).
 */
export const tenancy = {
  /** What the actor may read (no actor: PUBLIC rows only). */
  readScope(actor: Actor | undefined): ReadScope {
    if (!actor) return NO_WORKSPACES;
    if (actor.isAdmin) return { all: true };
    const stages = Object.values(ReviewStage).filter((stage) => canReviewStage(actor, stage));
    return {
      all: false,
      workspaceIds: actor.workspaceIds,
      ...(stages.length ? { reviewer: { userId: actor.userId, stages } } : {}),
    };
  },

  /** Filter for queries of owned rows. `publicVisible`: also match rows with visibility PUBLIC. */
  readFilter<T extends OwnedEntity>(actor: Actor, opts: { publicVisible?: boolean } = {}): FilterQuery<T> {
    return scopeFilter<T>(tenancy.readScope(actor), opts);
  },

  canRead(actor: Actor, row: OwnedEntity & { visibility?: Visibility }): boolean {
    return inScope(tenancy.readScope(actor), row);
  },

  /** Returns the row when readable, else throws NOT_FOUND. */
  assertReadable<T extends OwnedEntity & { visibility?: Visibility }>(
    actor: Actor,
    row: T | null | undefined,
    what: string,
    id: string,
  ): T {
    if (!row || !tenancy.canRead(actor, row)) throw notFound(what, id);
    return row;
  },

  /** Throws NOT_FOUND when the row is not even readable, FORBIDDEN when readable but not writable. */
  assertWritable<T extends OwnedEntity & { visibility?: Visibility }>(
    actor: Actor,
    row: T | null | undefined,
    what: string,
    id: string,
  ): T {
    const readable = tenancy.assertReadable(actor, row, what, id);
    if (!actor.canWriteWorkspace(readable.workspace.id)) throw forbidden(`No write access to ${what} ${id}`);
    return readable;
  },

  /** The workspace new rows of this actor go to (its primary one); throws when it has none it can write. */
  homeWorkspaceId(actor: Actor): string {
    const id = actor.primaryWorkspaceId;
    if (!id || !actor.canWriteWorkspace(id)) throw forbidden('You have no workspace you can create resources in');
    return id;
  },
};
