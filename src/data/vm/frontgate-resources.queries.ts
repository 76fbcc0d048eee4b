/** Which cloud ids belong to a frontgate record (table vm_frontgates), for the orphan scan. */
import type { EntityManager } from '@mikro-orm/core';
import { isUuid } from '../../services/ids';
import { sqlRows } from '../sql';

/**
 * Of `candidates` (cloud id → the `marina:frontgate` tag it carries, if any), the ids a frontgate
 * record knows: its recorded node, or a node tagged for a record that still exists (being made).
 */
export async function frontgateResourceIds(
  em: EntityManager,
  candidates: ReadonlyMap<string, string | undefined>,
): Promise<Set<string>> {
  const ids = [...candidates.keys()];
  const recordIds = [...new Set([...candidates.values()].filter((v): v is string => !!v && isUuid(v)))];
  if (ids.length === 0) return new Set();
  const rows = await sqlRows<{ id: string; instance_id: string | null }>(
    em,
    `select id::text, instance_id from vm_frontgates where instance_id in (?)${recordIds.length ? ' or id in (?)' : ''}`,
    recordIds.length ? [ids, recordIds] : [ids],
  );
  const known = new Set<string>();
  const records = new Set(rows.map((r) => r.id));
  for (const r of rows) if (r.instance_id) known.add(r.instance_id);
  for (const [id, record] of candidates) if (record && records.has(record)) known.add(id);
  return known;
}
