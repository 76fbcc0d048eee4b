import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { EntityName } from '@mikro-orm/core';
import type { BaseEntity } from '../entities/base.entity';
import { badInput } from './errors';
import { isUuid } from './ids';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  endCursor: string | null;
  /** Counted lazily: only when the client selects totalCount. */
  totalCount: () => Promise<number>;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

type Key = { t: string; id: string };

function encodeCursor(row: BaseEntity): string {
  return Buffer.from(JSON.stringify({ t: row.createdAt.toISOString(), id: row.id })).toString('base64url');
}

function decodeCursor(cursor: string): Key {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Key;
    if (typeof key.t !== 'string' || typeof key.id !== 'string' || !isUuid(key.id) || Number.isNaN(Date.parse(key.t)))
      throw new Error('shape');
    return key;
  } catch {
    throw badInput(`Invalid cursor "${cursor}"`);
  }
}

/**
 * Keyset pagination, newest first (createdAt desc, id desc): stable under inserts, one query per
 * page (plus one COUNT only if totalCount is requested). Cursors are opaque.
 */
export async function paginate<T extends BaseEntity>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  populate: string[] = [],
): Promise<Page<T>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE)
    throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}`);
  let filter = where;
  if (args.after) {
    const key = decodeCursor(args.after);
    const at = new Date(key.t);
    filter = {
      $and: [where, { $or: [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: key.id } }] }],
    } as FilterQuery<T>;
  }
  const rows = await em.find(entity, filter, {
    orderBy: { createdAt: 'desc', id: 'desc' } as never,
    limit: first + 1,
    populate: populate as never,
  });
  const nodes = rows.slice(0, first);
  const cursors = nodes.map(encodeCursor);
  return {
    nodes,
    cursors,
    hasNextPage: rows.length > first,
    endCursor: cursors.at(-1) ?? null,
    totalCount: () => em.count(entity, where),
  };
}
