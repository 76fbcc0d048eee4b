import type { SandboxCore } from '../core/contracts';
import { qcErrors } from './qingcloud.errors';
import type { QcLifecycle } from './qingcloud.lifecycle';
import type { QcStore, QcTag } from './qingcloud.state';
import type { QcParams } from './qc-params';

/** What an action handler sees. `zones` are the zones the call's `zone` parameter covers. */
export interface QcContext {
  readonly params: QcParams;
  readonly store: QcStore;
  readonly lifecycle: QcLifecycle;
  readonly core: SandboxCore;
  readonly zones: readonly string[];
}

/** Returns the response fields (the server adds `action` and `ret_code: 0`); throws QcApiError. */
export type QcAction = (ctx: QcContext) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * The zones a `zone` parameter names: the region zone (e.g. pek3) covers all of its zones, a zone
 * itself; anything else is ResourceNotFound. Absent, it covers every zone (DescribeZones needs none).
 */
export function zonesOf(store: QcStore, zone: string | undefined): readonly string[] {
  const { region, zones } = store.placement;
  if (zone === undefined || zone === region) return zones;
  if (zones.includes(zone)) return [zone];
  throw qcErrors.zoneNotFound(zone);
}

/** The zone a new resource goes to: the named zone, or the region's first. */
export function targetZone(ctx: QcContext): string {
  ctx.params.required('zone');
  return ctx.zones[0];
}

export function tagsJson(tags: readonly QcTag[]): Record<string, unknown>[] {
  return tags.map((t) => ({ tag_id: t.id, tag_name: t.name, color: t.color }));
}

/** A resource matches a `tags.n` filter when it carries any of the listed tag ids. */
export function matchesTagFilter(ctx: QcContext, resourceId: string): boolean {
  const wanted = ctx.params.list('tags');
  return wanted.length === 0 || ctx.store.tagsOf(resourceId).some((t) => wanted.includes(t.id));
}

/** `status.n` filter (any of). */
export function matchesStatus(ctx: QcContext, status: string): boolean {
  const wanted = ctx.params.list('status');
  return wanted.length === 0 || wanted.includes(status);
}

export function matchesSearch(ctx: QcContext, ...fields: string[]): boolean {
  const word = ctx.params.get('search_word')?.toLowerCase();
  return !word || fields.some((f) => f.toLowerCase().includes(word));
}

/** Each id of a `name.n` list, looked up; an unknown id is ResourceNotFound. */
export function lookupAll<T>(ids: readonly string[], table: Readonly<Record<string, T>>): T[] {
  return ids.map((id) => {
    const found = table[id];
    if (!found) throw qcErrors.notFound(id);
    return found;
  });
}
