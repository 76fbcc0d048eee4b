import type { FilterQuery } from '@mikro-orm/core';
import type { OwnedEntity } from '../entities/base.entity';
import { Visibility } from '../entities/enums';
import type { Actor } from './auth/actor';
import { forbidden, notFound } from './errors';

/**
 * The one tenancy rule, used by every service for reads and writes of owned rows:
 * - read: rows of a workspace the actor is a member of; plus PUBLIC rows where the entity has a
 *   visibility; admins read everything.
 * - write: rows of a workspace where the actor's membership allows writing; admins write everything.
 * A row the actor may not read is reported as NOT_FOUND (its existence is not revealed).
 */
export const tenancy = {
  /** Filter for queries of owned rows. `publicVisible`: also match rows with visibility PUBLIC. */
  readFilter<T extends OwnedEntity>(actor: Actor, opts: { publicVisible?: boolean } = {}): FilterQuery<T> {
    if (actor.isAdmin) return {} as unknown as FilterQuery<T>;
    const mine = { workspace: { $in: actor.workspaceIds } };
    if (!opts.publicVisible) return mine as unknown as FilterQuery<T>;
    return { $or: [mine, { visibility: Visibility.PUBLIC }] } as unknown as FilterQuery<T>;
  },

  canRead(actor: Actor, row: OwnedEntity & { visibility?: Visibility }): boolean {
    return actor.canReadWorkspace(row.workspace.id) || row.visibility === Visibility.PUBLIC;
  },

  /** Returns the row when readable, else throws NOT_FOUND. */
  assertReadable<T extends OwnedEntity & { visibility?: Visibility }>(actor: Actor, row: T | null | undefined, what: string, id: string): T {
    if (!row || !tenancy.canRead(actor, row)) throw notFound(what, id);
    return row;
  },

  /** Throws NOT_FOUND when the row is not even readable, FORBIDDEN when readable but not writable. */
  assertWritable<T extends OwnedEntity & { visibility?: Visibility }>(actor: Actor, row: T | null | undefined, what: string, id: string): T {
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
