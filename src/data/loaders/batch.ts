/** Shapes a DataLoader batch answer: one result per requested key, in key order. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRows } from '../sql';

/** The row of each id (undefined when missing). */
export function byId<T extends { id: string }>(rows: readonly T[], ids: readonly string[]): (T | undefined)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id));
}

/** The rows of each key (empty when none), keeping the rows' order. */
export function groupBy<T>(rows: readonly T[], keys: readonly string[], key: (row: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    map.set(k, [...(map.get(k) ?? []), r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/** The keys of a batch as one SQL parameter: `… in (${IDS})` with `JSON.stringify(keys)`. */
export const IDS = 'select jsonb_array_elements_text(?::jsonb)::uuid';

/**
 * The newest row per key: `pickSql` (DISTINCT ON over the keys in `IDS`) picks one id per key in
 * one statement; `load` then loads those ids as entities (and may drop some, e.g. outside the
 * caller's scope); `keyOf` maps a loaded row back to its key.
 */
export async function newestPer<T extends { id: string }>(
  em: EntityManager,
  pickSql: string,
  keys: readonly string[],
  load: (ids: string[]) => Promise<T[]>,
  keyOf: (row: T) => string,
): Promise<(T | undefined)[]> {
  const picked = await sqlRows<{ id: string }>(em, pickSql, [JSON.stringify(keys)]);
  const rows = picked.length ? await load(picked.map((p) => p.id)) : [];
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k));
}
