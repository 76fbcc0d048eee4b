import type { SandboxCore } from '../core/contracts';
import { ecsError, invalid } from './ecs.errors';
import type { EcsLifecycle } from './ecs.lifecycle';
import type { EcsStore, Tags } from './ecs.state';
import type { RpcParams } from './rpc-params';

/** What an action handler sees: the parsed parameters and the sandbox's state. */
export interface EcsContext {
  readonly params: RpcParams;
  readonly store: EcsStore;
  readonly lifecycle: EcsLifecycle;
  readonly core: SandboxCore;
  /** `host:port` the client called (used for RegionEndpoint). */
  readonly endpointHost: string;
}

/** Returns the response body without RequestId (the server adds it); throws EcsApiError. */
export type EcsAction = (ctx: EcsContext) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** A call's ClientToken: what an earlier call with it created, and how to record this call's result. */
export interface ClientTokenUse {
  /** The ids the first call with this token and these parameters created. */
  readonly replay?: readonly string[];
  /** Records the ids this call created (does nothing without a token). */
  record(ids: readonly string[]): void;
}

/**
 * Looks up `ClientToken` in `scope`: the same parameters replay the first result, other parameters
 * are IdempotentParameterMismatch.
 */
export function clientToken(ctx: EcsContext, scope: string): ClientTokenUse {
  const token = ctx.params.get('ClientToken');
  if (!token) return { record: () => undefined };
  const digest = ctx.params.digestExcept(['ClientToken']);
  const known = ctx.core.tokens.lookup(scope, token, digest);
  if (known === 'mismatch') throw ecsError('IdempotentParameterMismatch');
  return { replay: known?.resultIds, record: (ids) => ctx.core.tokens.record(scope, token, digest, ids) };
}

/** `RegionId` must name the sandbox's region; ECS answers InvalidRegionId.NotFound otherwise. */
export function requireRegion(ctx: EcsContext, required = true): void {
  const region = required ? ctx.params.required('RegionId') : ctx.params.get('RegionId');
  if (region !== undefined && region !== ctx.store.placement.region) throw ecsError('InvalidRegionId.NotFound');
}

export function checkZone(ctx: EcsContext, zone: string | undefined): void {
  if (zone !== undefined && !ctx.store.placement.zones.includes(zone)) throw ecsError('InvalidZoneId.NotFound');
}

export function tagList(tags: Tags): { Tag: { TagKey: string; TagValue: string }[] } {
  return { Tag: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) };
}

/** Tags on a created resource: at most 20, keys not starting with `aliyun`/`acs:`. */
export function newTags(ctx: EcsContext): Tags {
  const tags = ctx.params.tags();
  if (Object.keys(tags).length > 20) throw invalid('Tag', 'has more than 20 tags');
  if (Object.keys(tags).some((k) => k.startsWith('aliyun') || k.startsWith('acs:')))
    throw invalid('Tag.N.Key', 'uses a reserved prefix');
  return tags;
}

/** Every given filter parameter equals the resource's field (absent filters match anything). */
export function matchesFields(ctx: EcsContext, fields: Readonly<Record<string, string | undefined>>): boolean {
  return Object.entries(fields).every(([name, value]) => {
    const wanted = ctx.params.get(name);
    return wanted === undefined || wanted === value;
  });
}

export function matchesTags(tags: Tags, filter: Tags): boolean {
  return Object.entries(filter).every(([k, v]) => k in tags && (v === '' || tags[k] === v));
}

/** PageNumber/PageSize paging (PageSize at most 100); returns the page and the paging fields. */
export function page<T>(
  ctx: EcsContext,
  items: readonly T[],
  defaultSize = 10,
): { items: T[]; fields: Record<string, number> } {
  const pageNumber = ctx.params.int('PageNumber', 1) ?? 1;
  const pageSize = ctx.params.int('PageSize', defaultSize) ?? defaultSize;
  if (pageNumber < 1) throw invalid('PageNumber');
  if (pageSize < 1 || pageSize > 100) throw invalid('PageSize');
  const start = (pageNumber - 1) * pageSize;
  return {
    items: items.slice(start, start + pageSize),
    fields: { PageNumber: pageNumber, PageSize: pageSize, TotalCount: items.length },
  };
}
