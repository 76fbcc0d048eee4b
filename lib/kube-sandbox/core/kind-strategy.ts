import type { StatusCause } from '../api/api-errors';
import type { KubeObject } from '../api/kube-object.types';
import type { ResourceRegistry } from '../api/resource.registry';
import type { ResourceType } from '../api/resource-type';
import type { ObjectStore } from '../store/store.types';

/** What kind strategies may consult while preparing a write. They never write to the store. */
export interface StrategyContext {
  readonly store: ObjectStore;
  readonly registry: ResourceRegistry;
  readonly type: ResourceType;
  now(): string;
}

/**
 * Per-kind behaviour of the generic write path (the apiserver's RESTCreateStrategy /
 * RESTUpdateStrategy). All hooks are synchronous and mutate the object in place.
 */
export interface KindStrategy {
  /** Maintains `metadata.generation` (1 on create, +1 when anything but metadata/status changes). */
  readonly generation: boolean;
  /** Object names must be DNS-1123 labels rather than subdomains. */
  readonly nameIsLabel?: boolean;
  /** Defaults and status initialisation on create (after uid/name are set). */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): void;
  /** Defaults and carried-over fields on update (old is the stored object). */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  /** Semantic validation; causes become a 422 Invalid. */
  validate?(obj: KubeObject, old: KubeObject | undefined, ctx: StrategyContext): StatusCause[];
}

/** Strategy of kinds without special rules (ConfigMap-like when `generation` is false). */
export const plainStrategy = (generation: boolean): KindStrategy => ({ generation });
