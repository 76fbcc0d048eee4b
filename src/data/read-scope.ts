/**
 * The tenancy read rule in one place, in both forms the application needs: a query filter and
 * a check of a loaded row. Services derive a caller's scope from its actor (services/tenancy);
 * the data layer's loaders and queries apply it.
 */
import type { FilterQuery } from '@mikro-orm/core';
import type { OwnedEntity } from '../entities/base.entity';
import { Visibility } from '../entities/enums';

/**
 * The owned rows one caller may read: every row (platform administrators), or the rows of its
 * workspaces — plus, for entities with a visibility, PUBLIC rows.
 */
export type ReadScope =
  | { readonly all: true }
  | {
      readonly all: false;
      readonly workspaceIds: readonly string[];
      /**
       * A reviewer: also the versions (and their apps) in its review queues — open reviews at stages
       * it may review, or phases it reviewed — and nothing else of those workspaces.
       */
      readonly reviewer?: { readonly userId: string; readonly stages: readonly string[] };
    };

/** A caller with no workspace (e.g. not signed in): PUBLIC rows only. */
export const NO_WORKSPACES: ReadScope = { all: false, workspaceIds: [] };

/** Filter for queries of owned rows within `scope`. `publicVisible`: also match rows with visibility PUBLIC. */
export function scopeFilter<T extends OwnedEntity>(
  scope: ReadScope,
  opts: { publicVisible?: boolean } = {},
): FilterQuery<T> {
  if (scope.all) return {} as unknown as FilterQuery<T>;
  const mine = { workspace: { $in: [...scope.workspaceIds] } };
  if (!opts.publicVisible) return mine as unknown as FilterQuery<T>;
  return { $or: [mine, { visibility: Visibility.PUBLIC }] } as unknown as FilterQuery<T>;
}

/** Whether `row` lies within `scope` (the same rule as scopeFilter with publicVisible). */
export function inScope(scope: ReadScope, row: OwnedEntity & { visibility?: Visibility }): boolean {
  return scope.all || scope.workspaceIds.includes(row.workspace.id) || row.visibility === Visibility.PUBLIC;
}
