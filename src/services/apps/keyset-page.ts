import type { EntityName, FilterQuery, FindOptions } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../errors';
import { isUuid } from '../ids';
import { isStorableText } from '../text';
import { MAX_PAGE_SIZE, type Page, type PageArgs } from '../pagination';

/** One sort key; the last key must be unique (e.g. id) so the order is total. */
export interface SortKey<T> {
  readonly field: keyof T & string;
  readonly dir: 'asc' | 'desc';
  /** How the key travels in cursors: dates as ISO text. */
  readonly kind: 'string' | 'number' | 'date';
}

const DEFAULT_PAGE_SIZE = 20;

type CursorValue = string | number;

function encode(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The sort key values a cursor carries, checked against `keys`; BAD_USER_INPUT when it is not one of ours. */
export function decodeCursor<T>(cursor: string, keys: readonly SortKey<T>[]): unknown[] {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const ok = Array.isArray(raw) && raw.length === keys.length && keys.every((k, i) => validKey(k, raw[i]));
  if (!ok) throw badInput(`Invalid cursor "${cursor}"`);
  return keys.map((k, i) => (k.kind === 'date' ? new Date((raw as string[])[i]) : (raw as CursorValue[])[i]));
}

/** A cursor value of the key's kind that can reach the database (ids are UUIDs, text is storable, dates parse). */
function validKey<T>(key: SortKey<T>, value: unknown): boolean {
  if (key.kind === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (typeof value !== 'string' || !isStorableText(value)) return false;
  if (key.kind === 'date') return !Number.isNaN(Date.parse(value));
  return key.field !== 'id' || isUuid(value);
}

/** Rows strictly after `values` in the order of `keys` (a lexicographic tuple comparison). */
function after<T>(keys: readonly SortKey<T>[], values: unknown[]): FilterQuery<T> {
  const alternatives = keys.map((key, i) => {
    const equal = Object.fromEntries(keys.slice(0, i).map((k, j) => [k.field, values[j]]));
    return { ...equal, [key.field]: { [key.dir === 'asc' ? '$gt' : '$lt']: values[i] } };
  });
  return { $or: alternatives } as FilterQuery<T>;
}

/**
 * Keyset pagination in any total order (e.g. name asc, id asc): one query per page (plus a
 * COUNT only when totalCount is selected). Cursors are opaque and carry the sort key values.
 */
export async function paginateBy<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  keys: readonly SortKey<T>[],
  options: Pick<FindOptions<T>, 'populate' | 'strategy'> = {},
): Promise<Page<T>> {
  const first = pageSize(args);
  const filter = args.after
    ? ({ $and: [where, after(keys, decodeCursor(args.after, keys))] } as FilterQuery<T>)
    : where;
  const rows = await em.find(entity, filter, {
    orderBy: Object.fromEntries(keys.map((k) => [k.field, k.dir])) as never,
    limit: first + 1,
    ...options,
  } as FindOptions<T>);
  return pageOf(rows, first, keys, () => em.count(entity, where));
}

/** The page size asked for (default 20), checked against MAX_PAGE_SIZE. */
export function pageSize(args: PageArgs): number {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE)
    throw badInput(`first must be between 0 and ${MAX_PAGE_SIZE}`);
  return first;
}

/** A page from up to `first + 1` rows already in the order of `keys` (cursors compatible with paginateBy). */
export function pageOf<T extends object>(
  rows: readonly T[],
  first: number,
  keys: readonly SortKey<T>[],
  totalCount: () => Promise<number>,
): Page<T> {
  const nodes = rows.slice(0, first);
  const cursors = nodes.map((row) =>
    encode(
      keys.map((k) => {
        const v = (row as Record<string, unknown>)[k.field];
        return k.kind === 'date' ? (v as Date).toISOString() : (v as CursorValue);
      }),
    ),
  );
  return { nodes, cursors, hasNextPage: rows.length > first, endCursor: cursors.at(-1) ?? null, totalCount };
}
